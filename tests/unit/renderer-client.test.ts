import { describe, expect, it } from 'vitest';
import type { DeskApi } from '../../src/shared/contract';
import { createHttpClient, type EventSourceLike, type FetchLike } from '../../src/renderer/src/api/http-client';
import { createIpcClient } from '../../src/renderer/src/api/ipc-client';
import { pickClient } from '../../src/renderer/src/api/pick';

const connectivity = { state: 'offline' as const, reason: 'No API key', checkedAt: null };

class FakeSource implements EventSourceLike {
  readyState = 0;
  onopen: ((ev: never) => void) | null = null;
  onerror: ((ev: never) => void) | null = null;
  closed = false;
  readonly handlers = new Map<string, ((ev: { data: string }) => void)[]>();
  constructor(readonly url: string) {}
  addEventListener(type: string, l: (ev: { data: string }) => void) {
    this.handlers.set(type, [...(this.handlers.get(type) ?? []), l]);
  }
  removeEventListener() {}
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data: string) {
    for (const h of this.handlers.get(type) ?? []) h({ data });
  }
  open() {
    this.readyState = 1;
    this.onopen?.(undefined as never);
  }
  fail(closed: boolean) {
    this.readyState = closed ? 2 : 0;
    this.onerror?.(undefined as never);
  }
}

function http(fetchImpl: FetchLike) {
  const sources: FakeSource[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const invalid: string[] = [];
  const status: string[] = [];
  const client = createHttpClient({
    baseUrl: 'http://127.0.0.1:8787/',
    fetch: fetchImpl,
    openEventSource: (url) => {
      const s = new FakeSource(url);
      sources.push(s);
      return s;
    },
    timers: { setTimeout: (fn, ms) => timers.push({ fn, ms }), clearTimeout: () => undefined },
    onInvalidEvent: (e) => invalid.push(e),
    onStreamStatus: (s) => status.push(s),
    backoffMs: 100,
    maxBackoffMs: 250,
  });
  return { client, sources, timers, invalid, status };
}

const json = (status: number, body: unknown) => async () => ({ status, json: async () => body });

describe('HTTP client', () => {
  it('posts the input to /api/invoke/:route (no cookies) and returns the contract result', async () => {
    const seen: unknown[] = [];
    const { client } = http(async (url, init) => {
      seen.push({ url, ...init });
      return { status: 200, json: async () => ({ ok: true, data: connectivity }) };
    });
    expect(await client.invoke('connectivity.get', {})).toEqual({ ok: true, data: connectivity });
    expect(seen).toEqual([
      {
        url: 'http://127.0.0.1:8787/api/invoke/connectivity.get',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
        credentials: 'omit',
      },
    ]);
  });

  it('passes contract errors through and words transport failures', async () => {
    const err = { ok: false, error: { code: 'invalid_input', message: 'text: the question is empty', field: 'text' } };
    expect(await http(json(400, err)).client.invoke('chat.ask', { text: '' })).toEqual(err);
    expect(await http(json(401, 'nope')).client.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await http(json(502, null)).client.invoke('app.info', {})).toMatchObject({ ok: false, error: { code: 'transport', message: expect.stringContaining('502') } });
    const down = http(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await down.client.invoke('app.info', {})).toEqual({ ok: false, error: { code: 'transport', message: 'Failed to fetch' } });
  });

  it('opens one event stream for all listeners and delivers only valid payloads', () => {
    const { client, sources, invalid } = http(json(200, null));
    const got: unknown[] = [];
    const off = client.on('connectivity', (c) => got.push(c));
    client.on('chat.notice', (n) => got.push(n));
    expect(sources).toHaveLength(1);
    expect(sources[0]!.url).toBe('http://127.0.0.1:8787/api/events');
    sources[0]!.fire('connectivity', JSON.stringify(connectivity));
    sources[0]!.fire('connectivity', JSON.stringify({ state: 'sideways' }));
    sources[0]!.fire('connectivity', 'not json');
    sources[0]!.fire('chat.notice', JSON.stringify({ requestId: 'r', sessionId: 's', message: 'Rate limited: retrying in 5 s' }));
    off();
    sources[0]!.fire('connectivity', JSON.stringify(connectivity));
    expect(got).toEqual([connectivity, { requestId: 'r', sessionId: 's', message: 'Rate limited: retrying in 5 s' }]);
    expect(invalid).toEqual(['connectivity', 'connectivity']);
  });

  it('reconnects a closed stream with growing backoff and keeps the listeners', () => {
    const { client, sources, timers, status } = http(json(200, null));
    const got: unknown[] = [];
    client.on('connectivity', (c) => got.push(c));
    sources[0]!.fail(false); // the browser retries by itself
    expect(timers).toHaveLength(0);
    sources[0]!.fail(true);
    expect(sources[0]!.closed).toBe(true);
    expect(timers.map((t) => t.ms)).toEqual([100]);
    timers[0]!.fn();
    expect(sources).toHaveLength(2);
    sources[1]!.fail(true);
    timers[1]!.fn();
    sources[2]!.fail(true);
    expect(timers.map((t) => t.ms)).toEqual([100, 200, 250]);
    timers[2]!.fn();
    sources[3]!.open();
    sources[3]!.fire('connectivity', JSON.stringify(connectivity));
    expect(got).toEqual([connectivity]);
    expect(status.at(-1)).toBe('open');
    expect(status).toContain('reconnecting');
    client.close();
    expect(sources[3]!.closed).toBe(true);
  });
});

describe('IPC client and transport choice', () => {
  function bridge() {
    const listeners: ((p: unknown) => void)[] = [];
    const b: DeskApi = {
      invoke: async () => {
        throw new Error('ipc gone');
      },
      on: (_e, l) => {
        listeners.push(l as (p: unknown) => void);
        return () => undefined;
      },
    };
    return { b, fire: (p: unknown) => listeners.forEach((l) => l(p)) };
  }

  it('validates event payloads and never throws from invoke', async () => {
    const { b, fire } = bridge();
    const bad: string[] = [];
    const api = createIpcClient(b, (e) => bad.push(e));
    const got: unknown[] = [];
    api.on('connectivity', (c) => got.push(c));
    fire(connectivity);
    fire({ state: 'online' });
    expect(got).toEqual([connectivity]);
    expect(bad).toEqual(['connectivity']);
    expect(await api.invoke('app.info', {})).toEqual({ ok: false, error: { code: 'transport', message: 'ipc gone' } });
  });

  it('uses the bridge when the preload exposed one, HTTP otherwise', () => {
    const common = {
      fetch: json(200, null),
      openEventSource: (u: string) => new FakeSource(u),
      timers: { setTimeout: () => 0, clearTimeout: () => undefined },
    };
    expect(pickClient({ ...common, bridge: bridge().b }).transport).toBe('ipc');
    expect(pickClient({ ...common, bridge: undefined }).transport).toBe('http');
  });
});
