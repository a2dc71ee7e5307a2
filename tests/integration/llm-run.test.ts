// runCompletion over the real client and the fake Kimi server: retries, overflow, rate limits, broken streams,
// aborts and Moonshot partial-mode continuation. Backoff sleeps are injected (captured) except where noted.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKimiClient } from '../../src/main/llm/client';
import { continueRequest, runCompletion, type AttemptRecord, type RunCompletionOptions } from '../../src/main/llm/run';
import type { ChatRequest, KimiClient } from '../../src/main/llm/types';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';

const ANSWER = 'The X200 can be returned within 30 days of delivery if unopened [Doc-1]. Opened items get store credit [Doc-2].';
const TIMEOUTS = { connectMs: 2_000, firstTokenMs: 3_000, idleMs: 3_000 };

let kimi: FakeKimi;
let client: KimiClient;

beforeAll(async () => {
  kimi = await startFakeKimi({ script: { answer: ANSWER } });
  client = createKimiClient({ baseUrl: kimi.url, apiKey: 'sk-run-test-abcdef' });
});
afterAll(async () => kimi.close());
beforeEach(() => {
  kimi.clearFaults();
  kimi.setScript({ answer: ANSWER, ttftMs: 0, interChunkMs: 0, usageShape: 'choice', reasoning: '' });
});

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'kimi-k2.6',
  messages: [
    { role: 'system', content: 'Answer from the documents; cite [Doc-N].' },
    { role: 'user', content: 'Can I return the X200 laptop?' },
  ],
  maxTokens: 400,
  ...over,
});

interface Run {
  deltas: string[];
  records: AttemptRecord[];
  sleeps: number[];
  notices: string[];
}

function harness(over: Partial<RunCompletionOptions> = {}) {
  const run: Run = { deltas: [], records: [], sleeps: [], notices: [] };
  const opts: RunCompletionOptions = {
    client,
    request: request(),
    timeouts: TIMEOUTS,
    policy: { random: () => 0, sleep: async (ms) => void run.sleeps.push(ms) },
    onDelta: (t) => run.deltas.push(t),
    onAttempt: (r) => run.records.push(r),
    onRetry: (n) => run.notices.push(n.agentMessage),
    ...over,
  };
  return { run, go: () => runCompletion(opts) };
}

describe('runCompletion', () => {
  it('complete answer: one ok attempt with reported usage', async () => {
    const { run, go } = harness();
    const r = await go();
    expect(r.status).toBe('complete');
    expect(r.text).toBe(ANSWER);
    expect(run.deltas.join('')).toBe(ANSWER);
    expect(r.estimated).toBe(false);
    expect(r.usage.completionTokens).toBe(Math.ceil(ANSWER.length / 4));
    expect(r.attempts.map((a) => a.outcome)).toEqual(['ok']);
    expect(run.records).toEqual(r.attempts);
    expect(r.ttftMs).not.toBeNull();
    expect(r.finishReason).toBe('stop');
  });

  it('transient twice then ok → 3 attempts: retried, retried, ok', async () => {
    kimi.enqueue(faults.server(503), faults.overloaded());
    const before = kimi.chatCount;
    const { run, go } = harness();
    const r = await go();
    expect(r.status).toBe('complete');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['retried', 'retried', 'ok']);
    expect(r.attempts.map((a) => a.errorType)).toEqual(['server_error', 'engine_overloaded_error', undefined]);
    expect(r.attempts[0].usage.totalTokens).toBe(0);
    expect(kimi.chatCount - before).toBe(3);
    expect(run.sleeps).toEqual([250, 500]); // equal jitter with random()=0: base·2^(n−1)/2
    expect(run.notices[1]).toMatch(/busy/);
  });

  it('an error object or malformed chunk before any token is retried', async () => {
    kimi.enqueue(faults.streamError(0), faults.malformed(0));
    const r = await harness().go();
    expect(r.attempts.map((a) => a.outcome)).toEqual(['retried', 'retried', 'ok']);
    expect(r.text).toBe(ANSWER);
  });

  it('gives up after maxAttempts with the last error', async () => {
    kimi.enqueue(faults.server(500), faults.server(500), faults.server(502));
    const { go } = harness({ policy: { maxAttempts: 3, random: () => 0, sleep: async () => undefined } });
    const r = await go();
    expect(r.status).toBe('error');
    expect(r.error?.kind).toBe('server');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['retried', 'retried', 'error']);
  });

  for (const [name, f, kind] of [
    ['401', faults.auth(), 'auth'],
    ['403 quota', faults.quota403(), 'quota'],
    ['429 quota', faults.quota429(), 'quota'],
    ['content_filter', faults.contentFilter(), 'content_filter'],
    ['invalid request', faults.emptyAssistant(), 'invalid_request'],
    ['model not found', faults.modelNotFound(), 'not_found'],
  ] as const) {
    it(`never retries ${name}`, async () => {
      kimi.enqueue(f);
      const before = kimi.chatCount;
      const { run, go } = harness();
      const r = await go();
      expect(r.status).toBe('error');
      expect(r.error?.kind).toBe(kind);
      expect(r.attempts).toHaveLength(1);
      expect(r.attempts[0]).toMatchObject({ outcome: 'error', errorKind: kind });
      expect(kimi.chatCount - before).toBe(1);
      expect(run.sleeps).toEqual([]);
    });
  }

  it('context overflow → shrink once → ok', async () => {
    kimi.enqueue(faults.overflow());
    let shrinks = 0;
    const small = request({ messages: [{ role: 'user', content: 'Can I return it?' }] });
    const { go } = harness({ shrink: () => (shrinks++, small) });
    const r = await go();
    expect(shrinks).toBe(1);
    expect(r.status).toBe('complete');
    expect(r.attempts.map((a) => [a.outcome, a.shrunk ?? false])).toEqual([['retried', true], ['ok', false]]);
    expect((kimi.requests[kimi.requests.length - 1].body as { messages: unknown[] }).messages).toHaveLength(1);
    expect(r.request).toBe(small);
  });

  it('context overflow twice → error after one shrink (real window check)', async () => {
    const huge = 'x'.repeat(40_000); // ≈10k tokens > moonshot-v1-8k
    let shrinks = 0;
    const { go } = harness({
      request: request({ model: 'moonshot-v1-8k', messages: [{ role: 'user', content: huge }] }),
      shrink: () => (shrinks++, request({ model: 'moonshot-v1-8k', messages: [{ role: 'user', content: huge.slice(0, 36_000) }] })),
    });
    const r = await go();
    expect(shrinks).toBe(1);
    expect(r.status).toBe('error');
    expect(r.error?.kind).toBe('context_overflow');
    expect(r.attempts.map((a) => a.outcome)).toEqual(['retried', 'error']);
  });

  it('rate limit honours "try again after N seconds" and tells the agent', async () => {
    kimi.enqueue(faults.rateLimit(1));
    const { run, go } = harness();
    const r = await go();
    expect(r.status).toBe('complete');
    expect(run.sleeps).toEqual([1_000]);
    expect(r.attempts[0]).toMatchObject({ outcome: 'retried', errorKind: 'rate_limit', errorType: 'rate_limit_reached_error', retryDelayMs: 1_000, status: 429 });
    expect(run.notices[0]).toMatch(/wait 1 seconds/);
  });

  it('rate limit asking for longer than the cap → no retry, agent told how long', async () => {
    kimi.enqueue(faults.rateLimitRpm()); // "try again after 20 seconds"
    const { run, go } = harness({ policy: { maxHintDelayMs: 10_000, sleep: async (ms) => void run.sleeps.push(ms) } });
    const r = await go();
    expect(r.status).toBe('error');
    expect(run.sleeps).toEqual([]);
    expect(r.error?.agentMessage).toMatch(/wait 20 seconds/);
  });

  it('Retry-After on a 503 is honoured', async () => {
    kimi.enqueue({ ...faults.server(503), retryAfter: '2' });
    const { run, go } = harness();
    await go();
    expect(run.sleeps).toEqual([2_000]);
  });

  it('mid-stream drop → interrupted, partial kept, no second request', async () => {
    kimi.enqueue(faults.drop(5));
    const before = kimi.chatCount;
    const { run, go } = harness();
    const r = await go();
    expect(r.status).toBe('interrupted');
    expect(r.text).toBe(ANSWER.slice(0, 20));
    expect(run.deltas.join('')).toBe(r.text);
    expect(r.error?.kind).toBe('network');
    expect(r.estimated).toBe(true);
    expect(r.usage.completionTokens).toBe(5);
    expect(r.attempts.map((a) => a.outcome)).toEqual(['interrupted']);
    expect(kimi.chatCount - before).toBe(1);
  });

  it('error object after the first token → interrupted, not re-sent', async () => {
    kimi.enqueue(faults.streamError(3));
    const before = kimi.chatCount;
    const r = await harness().go();
    expect(r.status).toBe('interrupted');
    expect(r.text).toBe(ANSWER.slice(0, 12));
    expect(r.error?.kind).toBe('stream_error');
    expect(kimi.chatCount - before).toBe(1);
  });

  it('stream ending without finish or usage → interrupted with the partial', async () => {
    kimi.enqueue(faults.endEarly(4));
    const r = await harness().go();
    expect(r.status).toBe('interrupted');
    expect(r.text).toBe(ANSWER.slice(0, 16));
  });

  it('no usage in the stream → complete with estimated usage', async () => {
    kimi.enqueue(faults.noUsage());
    const r = await harness({ countTokens: (t) => t.length }).go();
    expect(r.status).toBe('complete');
    expect(r.estimated).toBe(true);
    expect(r.usage.completionTokens).toBe(ANSWER.length);
    expect(r.attempts[0].estimated).toBe(true);
  });

  it('stall mid-stream → idle timeout (real timers) → interrupted, upstream sees the close', async () => {
    kimi.enqueue(faults.stall(3));
    const index = kimi.requests.length;
    const before = kimi.chatCount;
    const { go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 2_000, idleMs: 300 } });
    const r = await go();
    expect(r.status).toBe('interrupted');
    expect(r.error).toMatchObject({ kind: 'timeout', phase: 'idle' });
    expect(r.text).toBe(ANSWER.slice(0, 12));
    expect(kimi.chatCount - before).toBe(1);
    await kimi.waitFor(() => kimi.requests[index].aborted);
  });

  it('a fast failure is retried with a real short backoff inside the first-token deadline, then ok', async () => {
    kimi.enqueue(faults.server(503));
    const { run, go } = harness({
      timeouts: { connectMs: 1_000, firstTokenMs: 2_000, idleMs: 1_000 },
      policy: { baseDelayMs: 20, maxDelayMs: 40 }, // real sleep
    });
    const r = await go();
    expect(r.status).toBe('complete');
    expect(r.attempts[0]).toMatchObject({ outcome: 'retried' });
    expect(r.attempts[0].retryDelayMs).toBeGreaterThanOrEqual(10);
    expect(run.sleeps).toEqual([]);
  });

  it('no first token in time → one timeout: the deadline counts from the question, so it is not spent again on a retry', async () => {
    kimi.enqueue(faults.script({ ttftMs: 2_000 }), faults.script({ ttftMs: 2_000 }));
    const index = kimi.requests.length;
    const { go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 400, idleMs: 1_000 }, policy: { baseDelayMs: 20, maxDelayMs: 40 } });
    const t0 = Date.now();
    const r = await go();
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ kind: 'timeout', phase: 'first_token' });
    expect(r.attempts).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(1_500);
    await kimi.waitFor(() => kimi.requests[index]?.aborted === true, 2_000); // the socket was closed
    kimi.clearFaults();
  });

  it('one token every 300 ms (never idle long enough for the idle timeout) ends at the answer deadline, text kept, socket closed', async () => {
    kimi.enqueue(faults.script({ interChunkMs: 300, chunkChars: 4, answer: 'slow '.repeat(200) }));
    const index = kimi.requests.length;
    const { go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000, answerMs: 1_200 } });
    const t0 = Date.now();
    const r = await go();
    expect(Date.now() - t0).toBeLessThan(2_500);
    expect(r.status).toBe('interrupted');
    expect(r.error).toMatchObject({ kind: 'timeout', retryable: false });
    expect(r.error?.agentMessage).toMatch(/answer deadline/);
    expect(r.text.length).toBeGreaterThan(0);
    await kimi.waitFor(() => kimi.requests[index]?.aborted === true, 2_000);
  });

  it('the answer deadline during a retry wait ends the wait (real sleep): no further request', async () => {
    kimi.enqueue({ ...faults.server(503), retryAfter: '3' });
    const before = kimi.chatCount;
    const { run, go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 10_000, idleMs: 1_000, answerMs: 400 }, policy: { random: () => 0 } });
    const t0 = Date.now();
    const r = await go();
    expect(Date.now() - t0).toBeLessThan(2_000);
    expect(r.status).toBe('error');
    expect(r.error?.agentMessage).toMatch(/answer deadline/);
    expect(run.notices).toHaveLength(1);
    expect(kimi.chatCount - before).toBe(1);
  });

  it('after a retry wait the next attempt still ends at the answer deadline, text kept, socket closed', async () => {
    kimi.enqueue(faults.server(500), faults.script({ interChunkMs: 300, chunkChars: 4, answer: 'slow '.repeat(200) }));
    const index = kimi.requests.length;
    const { run, go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 1_000, idleMs: 1_000, answerMs: 1_200 } });
    const r = await go();
    expect(run.sleeps).toHaveLength(1);
    expect(r.status).toBe('interrupted');
    expect(r.error?.agentMessage).toMatch(/answer deadline/);
    expect(r.attempts.map((a) => a.outcome)).toEqual(['retried', 'interrupted']);
    expect(r.text.length).toBeGreaterThan(0);
    await kimi.waitFor(() => kimi.requests[index + 1]?.aborted === true, 2_000);
  });

  it('headers then nothing: one first-token timeout, socket closed', async () => {
    kimi.enqueue(faults.stall(0), faults.stall(0), faults.stall(0));
    const index = kimi.requests.length;
    const { go } = harness({ timeouts: { connectMs: 1_000, firstTokenMs: 500, idleMs: 1_000 } });
    const t0 = Date.now();
    const r = await go();
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ kind: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(1_500);
    await kimi.waitFor(() => kimi.requests.slice(index).every((q) => q.aborted), 2_000);
    kimi.clearFaults();
  });

  it('headers never come → connect timeout', async () => {
    kimi.enqueue(faults.stallHeaders());
    const { go } = harness({ timeouts: { connectMs: 100, firstTokenMs: 5_000, idleMs: 1_000 }, policy: { maxAttempts: 1 } });
    const r = await go();
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ kind: 'timeout', phase: 'connect' });
  });

  it('abort mid-stream → aborted with the partial; the fake server sees the socket close', async () => {
    kimi.setScript({ interChunkMs: 20 });
    const ctrl = new AbortController();
    const index = kimi.requests.length;
    const { go } = harness({ signal: ctrl.signal, onDelta: (t) => void (t && ctrl.abort()) });
    const r = await go();
    expect(r.status).toBe('aborted');
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.text.length).toBeLessThan(ANSWER.length);
    expect(r.attempts.map((a) => a.outcome)).toEqual(['aborted']);
    expect(kimi.requests).toHaveLength(index + 1);
    await kimi.waitFor(() => kimi.requests[index].aborted);
    expect(kimi.requests[index].completed).toBe(false);
  });

  it('abort while waiting to retry → aborted, no further request', async () => {
    kimi.enqueue(faults.server(500));
    const ctrl = new AbortController();
    const before = kimi.chatCount;
    const { go } = harness({ signal: ctrl.signal, policy: { sleep: async () => void ctrl.abort() } });
    const r = await go();
    expect(r.status).toBe('aborted');
    expect(kimi.chatCount - before).toBe(1);
  });

  it('partial-mode continuation after a drop: nothing lost, nothing repeated', async () => {
    kimi.enqueue(faults.drop(7));
    const first = await harness().go();
    expect(first.status).toBe('interrupted');
    const next = continueRequest(first.request, first.text);
    const last = next.messages[next.messages.length - 1];
    expect(last).toEqual({ role: 'assistant', content: first.text, partial: true });
    const second = await harness({ request: next }).go();
    expect(second.status).toBe('complete');
    const sent = kimi.requests[kimi.requests.length - 1].body as { messages: Array<Record<string, unknown>> };
    expect(sent.messages[sent.messages.length - 1]).toEqual({ role: 'assistant', content: first.text, partial: true });
    expect(first.text + second.text).toBe(ANSWER);
  });
});
