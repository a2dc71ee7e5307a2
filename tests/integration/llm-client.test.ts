// The real Kimi client (openai SDK) against the fake Kimi server over loopback: shapes, usage, reasoning, errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createKimiClient } from '../../src/main/llm/client';
import { LlmError } from '../../src/main/llm/errors';
import type { ChatRequest, KimiClient, StreamEvent } from '../../src/main/llm/types';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';

const TIMEOUTS = { connectMs: 2_000, firstTokenMs: 3_000, idleMs: 3_000 };
const KEY = 'sk-test-0123456789abcdef';

let kimi: FakeKimi;
let client: KimiClient;

beforeAll(async () => {
  kimi = await startFakeKimi({ apiKey: KEY });
  client = createKimiClient({ baseUrl: kimi.url, apiKey: KEY });
});
afterAll(async () => kimi.close());
beforeEach(() => {
  kimi.clearFaults();
  kimi.setScript({ answer: 'Returns are accepted within 30 days [Doc-1].', reasoning: '', usageShape: 'choice', cachedTokens: 0, ttftMs: 0, interChunkMs: 0, emptyChoicesChunk: false });
});

const req = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  model: 'kimi-k2.6',
  messages: [
    { role: 'system', content: 'You answer from the documents.' },
    { role: 'user', content: 'Can I return the X200?' },
  ],
  maxTokens: 512,
  ...over,
});

async function collect(r: ChatRequest = req()): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const ev of client.streamChat(r, { timeouts: TIMEOUTS })) out.push(ev);
  return out;
}

async function failure(r: ChatRequest = req()): Promise<LlmError> {
  try {
    await collect(r);
  } catch (e) {
    expect(e).toBeInstanceOf(LlmError);
    return e as LlmError;
  }
  throw new Error('expected the stream to fail');
}

const text = (evs: StreamEvent[]): string => evs.map((e) => (e.type === 'delta' ? e.text : '')).join('');
const lastBody = (): Record<string, unknown> => kimi.requests[kimi.requests.length - 1].body as Record<string, unknown>;

describe('streamChat success paths', () => {
  it('streams the answer and reads usage from choices[0].usage (Moonshot shape)', async () => {
    const evs = await collect();
    expect(text(evs)).toBe('Returns are accepted within 30 days [Doc-1].');
    const usage = evs.find((e) => e.type === 'usage');
    expect(usage).toMatchObject({ type: 'usage', usage: { completionTokens: 11, cachedTokens: 0 } });
    expect(evs[evs.length - 1]).toEqual({ type: 'finish', reason: 'stop' });
    const body = lastBody();
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
    expect(body.max_tokens).toBe(512);
    expect(kimi.requests[kimi.requests.length - 1].headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('reads top-level usage with cached_tokens after an empty-choices chunk', async () => {
    kimi.setScript({ usageShape: 'top-level', cachedTokens: 7, emptyChoicesChunk: true });
    const evs = await collect();
    const u = evs.find((e) => e.type === 'usage');
    expect(u?.type === 'usage' && u.usage.cachedTokens).toBe(7);
    expect(u?.type === 'usage' && u.usage.totalTokens).toBeGreaterThan(7);
    expect(text(evs)).toBe('Returns are accepted within 30 days [Doc-1].');
  });

  it('reports one usage when both shapes arrive', async () => {
    kimi.setScript({ usageShape: 'both', cachedTokens: 3 });
    const evs = await collect();
    expect(evs.filter((e) => e.type === 'usage')).toHaveLength(1);
  });

  it('keeps reasoning_content apart from the answer', async () => {
    kimi.setScript({ reasoning: 'The customer asks about returns; Doc-1 covers it.' });
    const evs = await collect(req({ model: 'kimi-k3' }));
    const reasoning = evs.map((e) => (e.type === 'reasoning' ? e.text : '')).join('');
    expect(reasoning).toBe('The customer asks about returns; Doc-1 covers it.');
    expect(text(evs)).toBe('Returns are accepted within 30 days [Doc-1].');
    expect(evs.findIndex((e) => e.type === 'reasoning')).toBeLessThan(evs.findIndex((e) => e.type === 'delta'));
  });

  it('emits no usage event when the stream carries none', async () => {
    kimi.enqueue(faults.noUsage());
    const evs = await collect();
    expect(evs.some((e) => e.type === 'usage')).toBe(false);
    expect(evs[evs.length - 1]).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('sends no temperature to fixed-sampling models, and a clamped one to moonshot-v1', async () => {
    await collect(req({ model: 'kimi-k2.6', temperature: 0.3 }));
    expect(lastBody()).not.toHaveProperty('temperature');
    expect(lastBody()).not.toHaveProperty('top_p');
    await collect(req({ model: 'moonshot-v1-8k', temperature: 1.7 }));
    expect(lastBody().temperature).toBe(1);
  });

  it('drops empty system/assistant messages instead of earning a 400', async () => {
    const evs = await collect(req({ messages: [{ role: 'system', content: '' }, { role: 'assistant', content: ' ' }, { role: 'user', content: 'hi' }] }));
    expect(text(evs).length).toBeGreaterThan(0);
    expect((lastBody().messages as unknown[]).length).toBe(1);
  });

  it('lists models from /v1/models and pings', async () => {
    expect(await client.listModels()).toContain('kimi-k2.6');
    const p = await client.ping();
    expect(p.ok).toBe(true);
    expect(p.models).toContain('kimi-k3');
  });
});

describe('streamChat error classes', () => {
  const cases: Array<[string, () => void, string, boolean, RegExp]> = [
    ['429 engine_overloaded_error', () => kimi.enqueue(faults.overloaded()), 'overloaded', true, /busy/],
    ['429 rate_limit_reached_error', () => kimi.enqueue(faults.rateLimit(3)), 'rate_limit', true, /wait 3 seconds/],
    ['429 exceeded_current_quota_error', () => kimi.enqueue(faults.quota429()), 'quota', false, /out of credit/],
    ['429 suspended (insufficient balance)', () => kimi.enqueue(faults.suspended429()), 'quota', false, /top up/],
    ['401 invalid_authentication_error', () => kimi.enqueue(faults.auth()), 'auth', false, /key was rejected/],
    ['403 exceeded_current_quota_error', () => kimi.enqueue(faults.quota403()), 'quota', false, /out of credit/],
    ['403 permission_denied_error', () => kimi.enqueue(faults.permission()), 'auth', false, /isn't allowed/],
    ['400 exceeded model token limit', () => kimi.enqueue(faults.overflow()), 'context_overflow', false, /too long/],
    ['400 Input token length too long', () => kimi.enqueue(faults.inputTooLong()), 'context_overflow', false, /too long/],
    ['400 content_filter', () => kimi.enqueue(faults.contentFilter()), 'content_filter', false, /high-risk/],
    ['400 empty assistant', () => kimi.enqueue(faults.emptyAssistant()), 'invalid_request', false, /tell your admin/],
    ['404 model not found', () => kimi.enqueue(faults.modelNotFound()), 'not_found', false, /model/],
    ['404 url.not_found body', () => kimi.enqueue(faults.urlNotFound()), 'not_found', false, /base URL/],
    ['500', () => kimi.enqueue(faults.server(500)), 'server', true, /service had an error/],
    ['503', () => kimi.enqueue(faults.server(503)), 'server', true, /service had an error/],
    ['error object before any token', () => kimi.enqueue(faults.streamError(0)), 'stream_error', true, /broke off/],
    ['malformed chunk', () => kimi.enqueue(faults.malformed(0)), 'stream_error', true, /broke off/],
  ];
  for (const [name, arrange, kind, retryable, said] of cases) {
    it(`${name} → ${kind}`, async () => {
      arrange();
      const e = await failure();
      expect(e.kind).toBe(kind);
      expect(e.retryable).toBe(retryable);
      expect(e.agentMessage).toMatch(said);
      expect(e.agentMessage + e.message).not.toContain(KEY);
    });
  }

  it('honours "try again after N seconds" and Retry-After', async () => {
    kimi.enqueue(faults.rateLimit(2));
    expect((await failure()).retryAfterMs).toBe(2_000);
    kimi.enqueue(faults.overloaded('4'));
    expect((await failure()).retryAfterMs).toBe(4_000);
  });

  it('real validation: temperature on a fixed model is a 400 invalid_request (when sent raw)', async () => {
    const res = await fetch(`${kimi.url}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'kimi-k2.6', temperature: 0.3, messages: [{ role: 'user', content: 'hi' }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { type: 'invalid_request_error', message: 'invalid temperature: only 1 is allowed for this model' } });
  });

  it('a wrong key → auth, never echoing the key', async () => {
    const bad = createKimiClient({ baseUrl: kimi.url, apiKey: 'sk-wrong-key-123456' });
    try {
      for await (const _ of bad.streamChat(req(), { timeouts: TIMEOUTS })) void _;
      throw new Error('expected failure');
    } catch (e) {
      expect((e as LlmError).kind).toBe('auth');
      expect(JSON.stringify(e) + String(e)).not.toContain('sk-wrong-key-123456');
    }
    const p = await bad.ping();
    expect(p.ok).toBe(false);
    expect(p.error?.kind).toBe('auth');
  });

  it('an unreachable server → network, retryable', async () => {
    const down = createKimiClient({ baseUrl: 'http://127.0.0.1:1/v1', apiKey: KEY });
    try {
      for await (const _ of down.streamChat(req(), { timeouts: TIMEOUTS })) void _;
      throw new Error('expected failure');
    } catch (e) {
      expect((e as LlmError).kind).toBe('network');
      expect((e as LlmError).retryable).toBe(true);
    }
  });
});
