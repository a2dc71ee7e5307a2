// The fake Kimi server itself: the shapes other helpers' tests and the bench rely on.
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKimiClient } from '../../src/main/llm/client';
import { runCompletion } from '../../src/main/llm/run';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { Ticker } from '../support/fake-kimi-stream';

let kimi: FakeKimi;
beforeAll(async () => {
  kimi = await startFakeKimi();
});
afterAll(async () => kimi.close());
beforeEach(() => {
  kimi.clearFaults();
  kimi.setScript({ answer: 'Hi there.', reasoning: '', usageShape: 'choice', cachedTokens: 0, ttftMs: 0, interChunkMs: 0 });
});

const post = (path: string, body: unknown) =>
  fetch(`${kimi.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

async function sse(body: Record<string, unknown>): Promise<unknown[]> {
  const res = await post('/chat/completions', { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'hello' }], stream: true, ...body });
  expect(res.headers.get('content-type')).toBe('text/event-stream');
  const text = await res.text();
  expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  return text.split('\n\n').filter((l) => l.startsWith('data: {')).map((l) => JSON.parse(l.slice(6)) as unknown);
}

describe('fake Kimi server', () => {
  it('streams Moonshot chunks: role chunk first, usage in the last chunk choices[0]', async () => {
    kimi.setScript({ cachedTokens: 2 });
    const chunks = (await sse({})) as Array<{ object: string; choices: Array<Record<string, unknown>> }>;
    expect(chunks[0].object).toBe('chat.completion.chunk');
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    const last = chunks[chunks.length - 1].choices[0];
    expect(last.finish_reason).toBe('stop');
    expect(last.usage).toMatchObject({ completion_tokens: 3, cached_tokens: 2 });
  });

  it('auto usage shape: top-level usage with empty choices only when include_usage is asked', async () => {
    kimi.setScript({ usageShape: 'auto' });
    const withUsage = (await sse({ stream_options: { include_usage: true } })) as Array<Record<string, unknown>>;
    expect(withUsage[withUsage.length - 1]).toMatchObject({ choices: [], usage: { total_tokens: expect.any(Number) } });
    const without = (await sse({})) as Array<{ choices: Array<Record<string, unknown>> }>;
    expect(without[without.length - 1].choices[0].usage).toBeDefined();
  });

  it('answers non-streaming requests in the chat.completion shape (direct SDK call)', async () => {
    kimi.setScript({ reasoning: 'thinking' });
    const sdk = new OpenAI({ baseURL: kimi.url, apiKey: 'sk-x', maxRetries: 0 });
    const c = await sdk.chat.completions.create({ model: 'kimi-k3', messages: [{ role: 'user', content: 'hello' }] });
    expect(c.object).toBe('chat.completion');
    expect(c.choices[0].message.content).toBe('Hi there.');
    expect((c.choices[0].message as unknown as { reasoning_content: string }).reasoning_content).toBe('thinking');
    expect(c.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('wrong path → the non-OpenAI url.not_found body; the client calls it a wrong base URL', async () => {
    const res = await fetch(`${kimi.url.replace('/v1', '')}/v2/models`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 5, error: 'url.not_found', status: false });
    const wrong = createKimiClient({ baseUrl: kimi.url.replace('/v1', '/api'), apiKey: 'sk-x' });
    const p = await wrong.ping();
    expect(p.error).toMatchObject({ kind: 'not_found', upstreamType: 'url.not_found' });
    expect(p.error?.agentMessage).toMatch(/base URL/);
  });

  it('estimate-token-count and models list shapes', async () => {
    const est = await post('/tokenizers/estimate-token-count', { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x'.repeat(40) }] });
    expect(await est.json()).toMatchObject({ data: { total_tokens: 14 } });
    const models = (await (await fetch(`${kimi.url}/models`)).json()) as { object: string; data: Array<{ id: string; object: string }> };
    expect(models.object).toBe('list');
    expect(models.data.map((m) => m.id)).toContain('kimi-k2.6');
  });

  it('validates like Moonshot: unknown model 404, empty assistant content 400', async () => {
    const a = await post('/chat/completions', { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(a.status).toBe(404);
    const b = await post('/chat/completions', { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: '' }] });
    expect(await b.json()).toEqual({ error: { type: 'invalid_request_error', message: "Invalid request: the message at position 1 with role 'assistant' must not be empty" } });
  });

  it('faults are consumed one per chat request, in order; the answer can depend on the request', async () => {
    kimi.enqueue(faults.server(503), faults.auth());
    kimi.setScript({ answer: (r) => `saw ${JSON.stringify(r.body).match(/\[Doc-\d+\]/g)?.join(',') ?? 'none'}` });
    const client = createKimiClient({ baseUrl: kimi.url, apiKey: 'sk-x' });
    const r1 = await runCompletion({
      client,
      request: { model: 'kimi-k2.6', messages: [{ role: 'system', content: '[Doc-1] a\n[Doc-3] b' }, { role: 'user', content: 'q' }], maxTokens: 50 },
      timeouts: { connectMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000 },
      policy: { sleep: async () => undefined },
      onDelta: () => undefined,
      onAttempt: () => undefined,
    });
    expect(r1.attempts.map((a) => a.errorKind ?? 'ok')).toEqual(['server', 'auth']);
    const r2 = await runCompletion({
      client,
      request: { model: 'kimi-k2.6', messages: [{ role: 'system', content: '[Doc-1] a\n[Doc-3] b' }, { role: 'user', content: 'q' }], maxTokens: 50 },
      timeouts: { connectMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000 },
      onDelta: () => undefined,
      onAttempt: () => undefined,
    });
    expect(r2.text).toBe('saw [Doc-1],[Doc-3]');
  });

  it('a malformed chunk after tokens → interrupted with the partial', async () => {
    kimi.enqueue(faults.malformed(2));
    kimi.setScript({ answer: 'abcdefghijklmnop' });
    const client = createKimiClient({ baseUrl: kimi.url, apiKey: 'sk-x' });
    const r = await runCompletion({
      client,
      request: { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'q' }], maxTokens: 50 },
      timeouts: { connectMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000 },
      onDelta: () => undefined,
      onAttempt: () => undefined,
    });
    expect(r.status).toBe('interrupted');
    expect(r.text).toBe('abcdefgh');
    expect(r.error).toMatchObject({ kind: 'stream_error', upstreamType: 'malformed_chunk' });
  });

  it('content chunks are exactly JSON.stringify of the chunk object (serialised from a per-answer prefix)', async () => {
    kimi.setScript({ answer: 'Ünï "quoted" \\ line\nnext ✓', chunkChars: 5, reasoning: 'why' });
    const res = await post('/chat/completions', { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'hello' }], stream: true });
    const events = (await res.text()).split('\n\n').filter((e) => e.startsWith('data: {'));
    const parsed = events.map((e) => JSON.parse(e.slice(6)) as { choices: Array<{ delta?: Record<string, string> }> });
    for (let i = 0; i < events.length; i++) expect(events[i]).toBe(`data: ${JSON.stringify(parsed[i])}`);
    const text = (key: string): string => parsed.map((c) => c.choices[0]?.delta?.[key] ?? '').join('');
    expect(text('content')).toBe('Ünï "quoted" \\ line\nnext ✓');
    expect(text('reasoning_content')).toBe('why');
  });

  it('a paced answer arrives chunk by chunk over time (one shared ticker for concurrent streams)', async () => {
    kimi.setScript({ answer: 'abcdefghijklmnop', chunkChars: 4, interChunkMs: 40, ttftMs: 30 });
    const one = async (): Promise<number[]> => {
      const t0 = performance.now();
      const res = await post('/chat/completions', { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'hello' }], stream: true });
      const at: number[] = [];
      const reader = res.body!.getReader();
      const dec = new TextDecoder();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (dec.decode(value).includes('"content":"')) at.push(performance.now() - t0);
      }
      return at;
    };
    const [a, b] = await Promise.all([one(), one()]);
    for (const at of [a, b]) {
      // 4 content pieces (the role chunk carries an empty content), each in its own read, ~40 ms apart.
      expect(at.length).toBeGreaterThanOrEqual(4);
      expect(at[at.length - 1]! - at[at.length - 4]!).toBeGreaterThanOrEqual(100);
    }
  });
});

describe('Ticker', () => {
  it('runs steps by due time, same-time steps in the order added; close drops the rest', async () => {
    const t = new Ticker();
    const seen: string[] = [];
    t.after(30, () => seen.push('c'));
    t.after(5, () => seen.push('a'));
    t.after(5, () => {
      seen.push('b');
      t.after(10, () => seen.push('b2'));
    });
    t.after(200, () => seen.push('late'));
    await new Promise((r) => setTimeout(r, 80));
    t.close();
    await new Promise((r) => setTimeout(r, 160));
    expect(seen).toEqual(['a', 'b', 'b2', 'c']);
  });
});
