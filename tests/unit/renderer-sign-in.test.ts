import { describe, expect, it } from 'vitest';
import { fetchEventSource, type StreamFetch } from '../../src/renderer/src/api/fetch-events';
import { checkSignInToken, forgetSignInToken, storeSignInToken, takeSignInToken, tokenFromInput, type SignInWindow } from '../../src/renderer/src/api/sign-in';

function fakeWindow(hash: string, stored: Record<string, string> = {}) {
  const replaced: string[] = [];
  const w: SignInWindow = {
    location: { hash, pathname: '/chat', search: '?x=1' },
    history: { replaceState: (_d, _u, url) => replaced.push(String(url)) },
    sessionStorage: { getItem: (k) => stored[k] ?? null, setItem: (k, v) => void (stored[k] = v) },
  };
  return { w, replaced, stored };
}

describe('sign-in token', () => {
  it('takes #token= into sessionStorage and wipes it from the address bar', () => {
    const { w, replaced, stored } = fakeWindow('#token=abc%2Fdef');
    expect(takeSignInToken(w)).toBe('abc/def');
    expect(stored['deskmate.token']).toBe('abc/def');
    expect(replaced).toEqual(['/chat?x=1']);
  });
  it('uses the stored token after a reload, and null when there is none', () => {
    expect(takeSignInToken(fakeWindow('', { 'deskmate.token': 't1' }).w)).toBe('t1');
    expect(takeSignInToken(fakeWindow('#other').w)).toBeNull();
  });
});

function streamOf(chunks: string[]): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream({
    start(c) {
      for (const x of chunks) c.enqueue(enc.encode(x));
      c.close();
    },
  });
}

describe('event stream over fetch', () => {
  it('sends the Bearer header without cookies, parses events split across chunks, and reports the end as an error', async () => {
    const calls: Parameters<StreamFetch>[] = [];
    const f: StreamFetch = async (url, init) => {
      calls.push([url, init]);
      return { status: 200, body: streamOf([': hi\n\nevent: conn', 'ectivity\ndata: {"a":', '1}\r\n\r\nevent: x\ndata: 2\n\n']) };
    };
    const es = fetchEventSource('/api/events', { fetch: f, token: 'tok' });
    const got: string[] = [];
    es.addEventListener('connectivity', (e) => got.push(e.data));
    let opened = false;
    const errored = new Promise<void>((r) => (es.onerror = () => r()));
    es.onopen = () => (opened = true);
    await errored;
    expect(opened).toBe(true);
    expect(got).toEqual(['{"a":1}']);
    expect(es.readyState).toBe(2);
    expect(calls[0]![1]).toMatchObject({ headers: { authorization: 'Bearer tok' }, credentials: 'omit' });
  });

  it('a refused stream (401) closes with an error; close() by the client reports nothing', async () => {
    const es = fetchEventSource('/api/events', { fetch: async () => ({ status: 401, body: null }), token: null });
    await new Promise<void>((r) => (es.onerror = () => r()));
    expect(es.readyState).toBe(2);
    let errors = 0;
    const never = fetchEventSource('/api/events', {
      fetch: (_u, init) => new Promise((_r, reject) => init.signal.addEventListener('abort', () => reject(new Error('aborted')))),
      token: 't',
    });
    never.onerror = () => errors++;
    never.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(errors).toBe(0);
  });
});

describe('the sign-in screen’s helpers', () => {
  it('finds the token in the pasted link, the old ?token= form, a bare #token= or the token itself', () => {
    expect(tokenFromInput('  http://127.0.0.1:8787/#token=abc%2Bdef  ')).toBe('abc+def');
    expect(tokenFromInput('http://127.0.0.1:8787/?token=xyz')).toBe('xyz');
    expect(tokenFromInput('#token=t1&x=2')).toBe('t1');
    expect(tokenFromInput('bare-token-0123')).toBe('bare-token-0123');
    expect(tokenFromInput('   ')).toBeNull();
    expect(tokenFromInput('two words')).toBeNull();
  });

  it('keeps the token in sessionStorage only and forgets it; asks the desk with a Bearer header and no cookie', async () => {
    const { w, stored } = fakeWindow('');
    w.sessionStorage.removeItem = (k) => void delete stored[k];
    storeSignInToken(w, 'tok');
    expect(stored['deskmate.token']).toBe('tok');
    forgetSignInToken(w);
    expect(stored['deskmate.token']).toBeUndefined();
    const seen: { url: string; init: { headers: Record<string, string>; credentials: string } }[] = [];
    const answer = (status: number) => async (url: string, init: { method: string; headers: Record<string, string>; body: string; credentials: 'omit' }) => {
      seen.push({ url, init });
      return { status };
    };
    expect(await checkSignInToken('tok', answer(200))).toBe('ok');
    expect(await checkSignInToken('tok', answer(401))).toBe('refused');
    expect(await checkSignInToken('tok', answer(503))).toBe('unreachable');
    expect(await checkSignInToken('tok', async () => Promise.reject(new Error('ECONNREFUSED')))).toBe('unreachable');
    expect(seen[0]).toMatchObject({ url: '/api/invoke/app.info', init: { headers: { authorization: 'Bearer tok' }, credentials: 'omit' } });
  });
});
