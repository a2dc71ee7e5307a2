// The attempt loop against a scripted client (no network): rules that don't need the wire.
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, backoffDelay, sleep } from '../../src/main/llm/backoff';
import { LlmError } from '../../src/main/llm/errors';
import { continueRequest, estimateUsage, runCompletion, type AttemptRecord } from '../../src/main/llm/run';
import type { ChatRequest, KimiClient, StreamEvent } from '../../src/main/llm/types';

type Step = StreamEvent | LlmError;

/** Each call of streamChat plays the next script. */
function scripted(scripts: Step[][]): KimiClient & { calls: ChatRequest[] } {
  const calls: ChatRequest[] = [];
  return {
    baseUrl: 'scripted',
    calls,
    async *streamChat(req) {
      calls.push(req);
      const steps = scripts[calls.length - 1] ?? [];
      for (const s of steps) {
        if (s instanceof LlmError) throw s;
        yield s;
      }
    },
    listModels: async () => [],
    ping: async () => ({ ok: true, latencyMs: 0, models: [] }),
  };
}

const REQ: ChatRequest = { model: 'kimi-k2.6', messages: [{ role: 'user', content: 'abcdefgh' }], maxTokens: 100 };
const T = { connectMs: 1, firstTokenMs: 60_000, idleMs: 1 }; // the scripted client ignores them; the first-token budget (from the question) allows retries
const done: Step[] = [{ type: 'finish', reason: 'stop' }];
const fail = (kind: LlmError['kind'], extra: Partial<ConstructorParameters<typeof LlmError>[0]> = {}) => new LlmError({ kind, message: kind, ...extra });

async function go(client: KimiClient, extra: Partial<Parameters<typeof runCompletion>[0]> = {}) {
  const records: AttemptRecord[] = [];
  const sleeps: number[] = [];
  let t = 1_000;
  const r = await runCompletion({
    client,
    request: REQ,
    timeouts: T,
    policy: { random: () => 0.5, sleep: async (ms) => void sleeps.push(ms) },
    onDelta: () => undefined,
    onAttempt: (a) => records.push(a),
    clock: { now: () => (t += 10) },
    ...extra,
  });
  return { r, records, sleeps };
}

describe('runCompletion rules', () => {
  it('reasoning counts as streamed: a failure after it is interrupted, not retried', async () => {
    const c = scripted([[{ type: 'reasoning', text: 'hmm' }, fail('network')], [{ type: 'delta', text: 'x' }, ...done]]);
    const { r } = await go(c);
    expect(r.status).toBe('interrupted');
    expect(r.reasoning).toBe('hmm');
    expect(c.calls).toHaveLength(1);
  });

  it('shrink returning null ends with the overflow error', async () => {
    const c = scripted([[fail('context_overflow', { status: 400 })]]);
    const { r, records } = await go(c, { shrink: () => null });
    expect(r.status).toBe('error');
    expect(r.error?.kind).toBe('context_overflow');
    expect(records.map((a) => a.outcome)).toEqual(['error']);
  });

  it('overflow without shrink is not retried', async () => {
    const c = scripted([[fail('context_overflow')], done]);
    expect((await go(c)).r.status).toBe('error');
    expect(c.calls).toHaveLength(1);
  });

  it('the shrink retry does not wait and still allows transient retries', async () => {
    const small = { ...REQ, maxTokens: 10 };
    const c = scripted([[fail('context_overflow')], [fail('server')], [{ type: 'delta', text: 'ok' }, ...done]]);
    const { r, sleeps } = await go(c, { shrink: () => small });
    expect(r.status).toBe('complete');
    expect(c.calls[1]).toBe(small);
    expect(c.calls[2]).toBe(small);
    expect(sleeps).toHaveLength(1);
  });

  it('times: ttft and latency from the injected clock; tokens/s from usage', async () => {
    const usage = { promptTokens: 5, completionTokens: 40, cachedTokens: 0, totalTokens: 45 };
    const c = scripted([[{ type: 'delta', text: 'a' }, { type: 'delta', text: 'b' }, { type: 'usage', usage }, ...done]]);
    const { r } = await go(c);
    const a = r.attempts[0];
    expect(a.ttftMs).toBe(10);
    expect(a.latencyMs).toBe(30);
    expect(a.tokensPerSecond).toBe(2_000);
    expect(r.usage).toEqual(usage);
    expect(r.estimated).toBe(false);
  });

  it('an empty answer with finish is complete; a stream with nothing at all is a retryable stream error', async () => {
    const c = scripted([[], done]);
    const { r } = await go(c);
    expect(r.attempts.map((a) => [a.outcome, a.errorType])).toEqual([['retried', 'ended_early'], ['ok', undefined]]);
    expect(r.text).toBe('');
  });

  it('estimates with the counter function', () => {
    expect(estimateUsage(REQ, 'xyz', (t) => t.length)).toEqual({ promptTokens: 12, completionTokens: 3, cachedTokens: 0, totalTokens: 15 });
  });
});

describe('continueRequest', () => {
  it('appends a partial assistant message, replacing an earlier one', () => {
    const once = continueRequest(REQ, 'The X200');
    expect(once.messages.at(-1)).toEqual({ role: 'assistant', content: 'The X200', partial: true });
    const twice = continueRequest(once, 'The X200 can be');
    expect(twice.messages).toHaveLength(2);
    expect(twice.messages.at(-1)?.content).toBe('The X200 can be');
    expect(REQ.messages).toHaveLength(1);
  });

  it('an empty prefix re-asks plainly (Moonshot rejects empty assistant content)', () => {
    expect(continueRequest(REQ, '  ').messages).toEqual(REQ.messages);
  });
});

describe('backoff', () => {
  const p = { ...DEFAULT_RETRY_POLICY, random: () => 0 };
  it('exponential with equal jitter, capped', () => {
    const e = fail('server');
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, e, p))).toEqual([250, 500, 1_000, 2_000, 4_000, 4_000]);
    expect(backoffDelay(1, e, { ...p, random: () => 0.999 })).toBe(500);
  });
  it('hints win, with ≤10 % jitter; too long → null', () => {
    expect(backoffDelay(1, fail('rate_limit', { retryAfterMs: 3_000 }), p)).toBe(3_000);
    expect(backoffDelay(1, fail('rate_limit', { retryAfterMs: 3_000 }), { ...p, random: () => 1 })).toBe(3_300);
    expect(backoffDelay(1, fail('rate_limit', { retryAfterMs: 60_000 }), p)).toBeNull();
    expect(backoffDelay(1, fail('rate_limit'), p)).toBe(1_000);
  });
  it('sleep resolves early on abort', async () => {
    const c = new AbortController();
    const s = sleep(60_000, c.signal);
    c.abort();
    await s;
    expect(c.signal.aborted).toBe(true);
  });
});

describe('latency tracker → auto timeouts', () => {
  it('feeds recent ttft and gaps into timeoutsFor("auto")', async () => {
    const { createLatencyTracker } = await import('../../src/main/llm/latency');
    const { timeoutsFor } = await import('../../src/main/llm/config');
    const t = createLatencyTracker(5);
    for (let i = 0; i < 8; i++) t.add({ ttftMs: 5_000, maxGapMs: i < 3 ? 90_000 : 3_000 });
    t.add({ ttftMs: null, maxGapMs: null });
    expect(t.observed().ttftMs).toHaveLength(5);
    expect(timeoutsFor('auto', t.observed())).toMatchObject({ firstTokenMs: 15_000, idleMs: 9_000 });
  });

  it('records the longest gap between tokens', async () => {
    const c = scripted([[{ type: 'delta', text: 'a' }, { type: 'delta', text: 'b' }, { type: 'delta', text: 'c' }, ...done]]);
    const { r } = await go(c);
    expect(r.attempts[0].maxGapMs).toBe(10);
  });
});
