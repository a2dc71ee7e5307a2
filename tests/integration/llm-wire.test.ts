// The lean streaming transport (node:http + a small SSE parser) against the openai SDK's stream, over the same fake
// Kimi: for every success shape and every fault, both must yield the same events and the same error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChatBody, createKimiClient } from '../../src/main/llm/client';
import { resolveModel } from '../../src/main/llm/models';
import { LlmError } from '../../src/main/llm/errors';
import { sseData } from '../../src/main/llm/wire';
import type { ChatRequest, KimiClient, StreamEvent } from '../../src/main/llm/types';
import { faults, startFakeKimi, type FakeFault, type FakeKimi } from '../support/fake-kimi';

const TIMEOUTS = { connectMs: 400, firstTokenMs: 600, idleMs: 300 };
const KEY = 'sk-test-wire-0123456789';

let kimi: FakeKimi;
let wire: KimiClient;
let sdk: KimiClient;

beforeAll(async () => {
  kimi = await startFakeKimi({ apiKey: KEY });
  wire = createKimiClient({ baseUrl: kimi.url, apiKey: KEY, transport: 'wire' });
  sdk = createKimiClient({ baseUrl: kimi.url, apiKey: KEY, transport: 'sdk' });
});
afterAll(async () => kimi.close());
beforeEach(() => {
  kimi.clearFaults();
  kimi.setScript({ answer: 'Returns are accepted within 30 days [Doc-1].', reasoning: 'Thinking first.', usageShape: 'both', cachedTokens: 5, ttftMs: 0, interChunkMs: 1, chunkChars: 5, emptyChoicesChunk: true });
});

const req: ChatRequest = {
  model: 'kimi-k2.6',
  messages: [
    { role: 'system', content: 'You answer from the documents.' },
    { role: 'user', content: 'Can I return the X200? ünïcödé ✓ 日本語' },
  ],
  maxTokens: 256,
};

interface Outcome {
  events: StreamEvent[];
  error: { kind: string; upstreamType?: string; status?: number; retryable: boolean; agentMessage: string; phase?: string } | null;
}

/** What a failed stream raised, in the fields both transports must agree on. */
function errorOf(e: unknown): Outcome['error'] {
  expect(e).toBeInstanceOf(LlmError);
  const err = e as LlmError;
  return { kind: err.kind, upstreamType: err.upstreamType, status: err.status, retryable: err.retryable, agentMessage: err.agentMessage, ...(err.phase ? { phase: err.phase } : {}) };
}

async function run(client: KimiClient, fault?: FakeFault): Promise<Outcome> {
  if (fault) kimi.enqueue(fault);
  const events: StreamEvent[] = [];
  try {
    for await (const ev of client.streamChat(req, { timeouts: TIMEOUTS })) events.push(ev);
    return { events, error: null };
  } catch (e) {
    return { events, error: errorOf(e) };
  }
}

/** The same through the pushed path runCompletion uses (streamChatTo: events from the socket's callbacks). */
async function pushed(client: KimiClient, fault?: FakeFault): Promise<Outcome> {
  if (fault) kimi.enqueue(fault);
  const events: StreamEvent[] = [];
  try {
    await client.streamChatTo!(req, { timeouts: TIMEOUTS }, (ev) => void events.push(ev));
    return { events, error: null };
  } catch (e) {
    return { events, error: errorOf(e) };
  }
}

describe('wire transport = SDK transport', () => {
  const cases: Array<[string, (() => FakeFault) | null]> = [
    ['a whole answer with reasoning and both usage shapes', null],
    ['no usage', () => faults.noUsage()],
    ['429 overloaded with Retry-After', () => faults.overloaded('4')],
    ['429 rate limit', () => faults.rateLimit(3)],
    ['401 auth', () => faults.auth()],
    ['403 quota', () => faults.quota403()],
    ['400 overflow', () => faults.overflow()],
    ['400 content filter', () => faults.contentFilter()],
    ['404 url.not_found (non-OpenAI body)', () => faults.urlNotFound()],
    ['503', () => faults.server(503)],
    ['error object after 3 chunks', () => faults.streamError(3)],
    ['malformed chunk', () => faults.malformed(2)],
    ['dropped connection after 4 chunks', () => faults.drop(4)],
    ['ended early without finish', () => faults.endEarly(3)],
    ['stall after 2 chunks (idle deadline)', () => faults.stall(2)],
    ['no headers (connect deadline)', () => faults.stallHeaders()],
  ];
  for (const [name, fault] of cases) {
    it(name, async () => {
      const a = await run(wire, fault?.());
      const b = await run(sdk, fault?.());
      const c = await pushed(wire, fault?.());
      expect(a).toEqual(b);
      expect(c).toEqual(b);
      if (!fault) expect(a.events.map((e) => (e.type === 'delta' ? e.text : '')).join('')).toBe('Returns are accepted within 30 days [Doc-1].');
    });
  }

  it('an answer mixing plain chunks with escaped ones (quotes, backslash, newline, tab) and non-ASCII', async () => {
    const answer = 'Plain start, then "quoted" and back\\slash,\nnew line\ttab; 日本語 ✓ 😀 end [Doc-1].';
    kimi.setScript({ answer, reasoning: '', chunkChars: 3 });
    const a = await run(wire);
    const b = await run(sdk);
    const c = await pushed(wire);
    expect(a).toEqual(b);
    expect(c).toEqual(b);
    expect(c.events.map((e) => (e.type === 'delta' ? e.text : '')).join('')).toBe(answer);
  });

  it('a request with a knowledge block in parts arrives as the one-string body (both transports, same answer)', async () => {
    const docs = [1, 2, 3].map((i) => `Product P-${i} — "Thing" ${i}\n${'Spec: 10 “in” ✓ 日本語 \\ tab\t\n'.repeat(80)}`);
    const parts = ['Knowledge base:\n\n', '[Doc-1]\n', docs[0]!, '\n\n', '[Doc-2]\n', docs[1]!, '\n\n', '[Doc-3]\n', docs[2]!];
    const withParts: ChatRequest = {
      model: 'kimi-k2.6',
      messages: [{ role: 'system', content: 'You answer from the documents.' }, { role: 'system', content: parts.join(''), parts }, { role: 'user', content: 'Which "one"? ✓' }],
      maxTokens: 300,
    };
    const bodies: unknown[] = [];
    for (const client of [wire, wire, sdk]) {
      const events: StreamEvent[] = [];
      for await (const ev of client.streamChat(withParts, { timeouts: TIMEOUTS })) events.push(ev);
      expect(events.map((e) => (e.type === 'delta' ? e.text : '')).join('')).toBe('Returns are accepted within 30 days [Doc-1].');
      bodies.push(kimi.requests.at(-1)!.body);
    }
    expect(bodies[0]).toEqual(JSON.parse(JSON.stringify(buildChatBody(withParts, resolveModel('kimi-k2.6')))));
    expect((bodies[0] as { messages: { content: string }[] }).messages[1]!.content).toBe(parts.join(''));
    expect(bodies[1]).toEqual(bodies[0]);
    expect(bodies[2]).toEqual(bodies[0]);
  });

  it('stops the upstream request when the caller aborts mid-stream', async () => {
    kimi.setScript({ interChunkMs: 30 });
    const ctrl = new AbortController();
    const seen: StreamEvent[] = [];
    const before = kimi.aborted;
    await expect(
      (async () => {
        for await (const ev of wire.streamChat(req, { timeouts: TIMEOUTS, signal: ctrl.signal })) {
          seen.push(ev);
          if (seen.length === 2) ctrl.abort();
        }
      })(),
    ).rejects.toMatchObject({ kind: 'aborted' });
    await expect.poll(() => kimi.aborted).toBeGreaterThan(before);
  });
});

describe('the pushed stream (streamChatTo)', () => {
  it('is offered by the wire transport only', () => {
    expect(typeof wire.streamChatTo).toBe('function');
    expect(sdk.streamChatTo).toBeUndefined();
  });

  it('stops the upstream request when the caller aborts from inside emit', async () => {
    kimi.setScript({ interChunkMs: 30 });
    const ctrl = new AbortController();
    const seen: StreamEvent[] = [];
    const before = kimi.aborted;
    await expect(
      wire.streamChatTo!(req, { timeouts: TIMEOUTS, signal: ctrl.signal }, (ev) => {
        seen.push(ev);
        if (seen.length === 2) ctrl.abort();
      }),
    ).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen).toHaveLength(2);
    await expect.poll(() => kimi.aborted).toBeGreaterThan(before);
  });

  it('a throwing emit fails the stream with that error (classified) and closes the upstream request', async () => {
    kimi.setScript({ interChunkMs: 30 });
    const before = kimi.aborted;
    let calls = 0;
    await expect(
      wire.streamChatTo!(req, { timeouts: TIMEOUTS }, () => {
        calls += 1;
        if (calls === 3) throw new Error('consumer broke');
      }),
    ).rejects.toMatchObject({ kind: 'stream_error', message: expect.stringContaining('consumer broke') });
    expect(calls).toBe(3);
    await expect.poll(() => kimi.aborted).toBeGreaterThan(before);
  });

  it('tokens slower than the idle deadline but each within it never time out (one timer, re-armed lazily)', async () => {
    // 12 chunks 150 ms apart against a 300-ms idle deadline: the stream lasts ~6 idle periods.
    kimi.setScript({ answer: 'abcdefghijklmnopqrstuvwx', reasoning: '', chunkChars: 2, interChunkMs: 150 });
    const events: StreamEvent[] = [];
    await wire.streamChatTo!(req, { timeouts: TIMEOUTS }, (ev) => void events.push(ev));
    expect(events.filter((e) => e.type === 'delta').map((e) => (e.type === 'delta' ? e.text : '')).join('')).toBe('abcdefghijklmnopqrstuvwx');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  const deltaText = (evs: StreamEvent[]): string => evs.map((e) => (e.type === 'delta' ? e.text : '')).join('');
  const deltaCount = (evs: StreamEvent[]): number => evs.filter((e) => e.type === 'delta').length;

  it('paced reads (readPaceMs): the same answer, usage and finish in fewer deltas', async () => {
    kimi.setScript({ reasoning: '', interChunkMs: 4, chunkChars: 2 });
    const plain = await pushed(wire);
    const events: StreamEvent[] = [];
    await wire.streamChatTo!(req, { timeouts: { ...TIMEOUTS, idleMs: 2_000 }, readPaceMs: () => 60 }, (ev) => void events.push(ev));
    expect(deltaText(events)).toBe(deltaText(plain.events));
    expect(deltaText(events)).toBe('Returns are accepted within 30 days [Doc-1].');
    expect(events.filter((e) => e.type !== 'delta')).toEqual(plain.events.filter((e) => e.type !== 'delta'));
    expect(deltaCount(events)).toBeLessThan(deltaCount(plain.events) / 2);
  });

  it('a pace longer than a quarter of the idle deadline is cut to it (a held socket never looks idle)', async () => {
    kimi.setScript({ reasoning: '', interChunkMs: 20, chunkChars: 4 });
    const events: StreamEvent[] = [];
    await wire.streamChatTo!(req, { timeouts: TIMEOUTS, readPaceMs: () => 10_000 }, (ev) => void events.push(ev));
    expect(deltaText(events)).toBe('Returns are accepted within 30 days [Doc-1].');
    expect(events.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('an aborted signal fails before anything is sent', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const before = kimi.chatCount;
    await expect(wire.streamChatTo!(req, { timeouts: TIMEOUTS, signal: ctrl.signal }, () => {})).rejects.toMatchObject({ kind: 'aborted', message: 'aborted before sending' });
    expect(kimi.chatCount).toBe(before);
  });
});

describe('sseData', () => {
  it('reads one data line, several joined, comments and CRLF', () => {
    expect(sseData('data: {"a":1}')).toEqual({ data: '{"a":1}', event: null });
    expect(sseData('event: x\r\ndata: a\r\ndata:b')).toEqual({ data: 'a\nb', event: 'x' });
    expect(sseData(': keep-alive')).toEqual({ data: null, event: null });
  });
});
