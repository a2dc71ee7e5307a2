import { describe, expect, it } from 'vitest';
import { LlmError } from '../../src/main/llm/errors';
import { ChunkNormaliser, normaliseStream, parseUsage } from '../../src/main/llm/stream';
import type { StreamEvent } from '../../src/main/llm/types';

async function* from(items: unknown[]): AsyncGenerator<unknown> {
  for (const i of items) yield i;
}

async function run(items: unknown[]): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const ev of normaliseStream(from(items))) out.push(ev);
  return out;
}

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'kimi-k2.6', choices: [{ index: 0, delta, finish_reason: null, ...extra }],
});

describe('normaliseStream', () => {
  it('Moonshot shape: role chunk, deltas, usage inside choices[0] of the last chunk', async () => {
    const evs = await run([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Hel' }),
      chunk({ content: 'lo' }),
      chunk({}, { finish_reason: 'stop', usage: { prompt_tokens: 19, completion_tokens: 13, total_tokens: 32 } }),
    ]);
    expect(evs).toEqual([
      { type: 'delta', text: 'Hel' },
      { type: 'delta', text: 'lo' },
      { type: 'usage', usage: { promptTokens: 19, completionTokens: 13, cachedTokens: 0, totalTokens: 32 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('include_usage shape: empty choices + top-level usage with cached_tokens', async () => {
    const evs = await run([
      { choices: [] },
      chunk({ content: 'A' }),
      chunk({}, { finish_reason: 'length' }),
      { id: 'c1', choices: [], usage: { prompt_tokens: 100, completion_tokens: 1, total_tokens: 101, cached_tokens: 64 } },
    ]);
    expect(evs.slice(1)).toEqual([
      { type: 'usage', usage: { promptTokens: 100, completionTokens: 1, cachedTokens: 64, totalTokens: 101 } },
      { type: 'finish', reason: 'length' },
    ]);
  });

  it('reasoning_content is not answer text', async () => {
    const evs = await run([chunk({ reasoning_content: 'think' }), chunk({ content: 'answer' }), chunk({}, { finish_reason: 'stop' })]);
    expect(evs.slice(0, 2)).toEqual([{ type: 'reasoning', text: 'think' }, { type: 'delta', text: 'answer' }]);
  });

  it('no usage → no usage event; no finish → no finish event', async () => {
    expect(await run([chunk({ content: 'x' })])).toEqual([{ type: 'delta', text: 'x' }]);
  });

  it('accepts raw JSON strings', async () => {
    expect(await run([JSON.stringify(chunk({ content: 'ok' }))])).toEqual([{ type: 'delta', text: 'ok' }]);
  });

  for (const [name, bad] of [
    ['an in-stream error object', { error: { type: 'server_error', message: 'boom' } }],
    ['non-JSON text', '{"choices":[{'],
    ['choices not a list', { choices: 'nope' }],
    ['content not a string', chunk({ content: 42 })],
    ['a non-object chunk', 7],
  ] as const) {
    it(`throws stream_error on ${name}, after yielding what came before`, async () => {
      const seen: StreamEvent[] = [];
      let caught: unknown;
      try {
        for await (const ev of normaliseStream(from([chunk({ content: 'before' }), bad, chunk({}, { finish_reason: 'stop', usage: { prompt_tokens: 1, completion_tokens: 1 } })]))) seen.push(ev);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LlmError);
      expect((caught as LlmError).kind).toBe('stream_error');
      expect(seen).toEqual([{ type: 'delta', text: 'before' }]);
    });
  }

  it('parseUsage: OpenAI-style cached details, missing totals, cached capped at prompt', () => {
    expect(parseUsage({ prompt_tokens: 10, completion_tokens: 2, prompt_tokens_details: { cached_tokens: 4 } })).toEqual({
      promptTokens: 10, completionTokens: 2, cachedTokens: 4, totalTokens: 12,
    });
    expect(parseUsage({ prompt_tokens: 3, cached_tokens: 9 })?.cachedTokens).toBe(3);
    expect(parseUsage({})).toBeUndefined();
    expect(parseUsage(null)).toBeUndefined();
  });

  it('a chunk whose reasoning is fine but content is not: the reasoning goes out, then the error', async () => {
    const seen: StreamEvent[] = [];
    await expect(
      (async () => {
        for await (const ev of normaliseStream(from([chunk({ reasoning_content: 'think', content: 42 })]))) seen.push(ev);
      })(),
    ).rejects.toMatchObject({ kind: 'stream_error', upstreamType: 'malformed_chunk' });
    expect(seen).toEqual([{ type: 'reasoning', text: 'think' }]);
  });
});

describe('ChunkNormaliser (the pushed form)', () => {
  it('emits deltas as chunks are pushed and usage + finish only at end', () => {
    const n = new ChunkNormaliser();
    const seen: StreamEvent[] = [];
    const emit = (ev: StreamEvent): void => void seen.push(ev);
    n.push(chunk({ role: 'assistant', content: '' }), emit);
    n.push(chunk({ content: 'Hi' }), emit);
    expect(seen).toEqual([{ type: 'delta', text: 'Hi' }]);
    n.push(chunk({}, { finish_reason: 'stop', usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6 } }), emit);
    n.push({ choices: [], usage: { prompt_tokens: 5, completion_tokens: 1, total_tokens: 6, cached_tokens: 2 } }, emit);
    expect(seen).toHaveLength(1);
    n.end(emit);
    expect(seen.slice(1)).toEqual([
      { type: 'usage', usage: { promptTokens: 5, completionTokens: 1, cachedTokens: 2, totalTokens: 6 } },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('throws stream_error on an in-stream error object', () => {
    expect(() => new ChunkNormaliser().push({ error: { type: 'server_error', message: 'boom' } }, () => {})).toThrow(LlmError);
  });
});
