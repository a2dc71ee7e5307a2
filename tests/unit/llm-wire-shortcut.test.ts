// wire.ts ContentShortcut: a content chunk's text taken without JSON.parse must be exactly what parsing it and
// normalising it would give, for every chunk it accepts; anything else must be left to the parser.
import { describe, expect, it } from 'vitest';
import { ContentShortcut } from '../../src/main/llm/wire';
import { ChunkNormaliser } from '../../src/main/llm/stream';
import type { StreamEvent } from '../../src/main/llm/types';

const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1700000000, model: 'kimi-k2.6' };
const plain = (content: string, head: Record<string, unknown> = base): string =>
  JSON.stringify({ ...head, choices: [{ index: 0, delta: { content }, finish_reason: null }] });

/** What the parser path makes of one chunk: its events, the closing ones included. */
function parsed(data: string): StreamEvent[] {
  const n = new ChunkNormaliser();
  const out: StreamEvent[] = [];
  n.push(JSON.parse(data) as unknown, (e) => void out.push(e));
  n.end((e) => void out.push(e));
  return out;
}

function learnt(first = plain('Hello')): ContentShortcut {
  const s = new ContentShortcut();
  s.learn(first, JSON.parse(first) as unknown);
  return s;
}

describe('ContentShortcut', () => {
  it('after one plain chunk, same-layout chunks give their text', () => {
    const s = learnt();
    expect(s.text(plain(' world'))).toBe(' world');
    expect(s.text(plain('日本語 ✓'))).toBe('日本語 ✓');
    expect(s.text(plain(''))).toBe('');
  });

  it('knows nothing before it has seen a parsed plain chunk', () => {
    expect(new ContentShortcut().text(plain('x'))).toBeNull();
  });

  it('leaves escapes, other layouts, other streams, usage, finish and errors to the parser', () => {
    const s = learnt();
    for (const data of [
      plain('a "quote"'),
      plain('back\\slash'),
      plain('new\nline'),
      plain('tab\t'),
      plain('x', { ...base, id: 'chatcmpl-2' }),
      JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: 'stop' }] }),
      JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'x' }, logprobs: null, finish_reason: null }] }),
      JSON.stringify({ ...base, choices: [{ index: 0, delta: { reasoning_content: 'x' }, finish_reason: null }] }),
      JSON.stringify({ ...base, choices: [{ index: 1, delta: { content: 'x' }, finish_reason: null }] }),
      JSON.stringify({ ...base, choices: [], usage: { prompt_tokens: 1 } }),
      JSON.stringify({ error: { type: 'server_error', message: 'boom' } }),
    ]) {
      expect(s.text(data)).toBeNull();
    }
  });

  it('does not learn a layout from a chunk that carries anything else', () => {
    for (const first of [
      JSON.stringify({ ...base, usage: { prompt_tokens: 1 }, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] }),
      JSON.stringify({ ...base, error: null, choices: [{ index: 0, delta: { content: 'x' }, finish_reason: null }] }),
      JSON.stringify({ ...base, choices: [{ index: 0, delta: { content: 'x', role: 'assistant' }, finish_reason: null }] }),
      plain('needs "parsing"'),
    ]) {
      const s = new ContentShortcut();
      s.learn(first, JSON.parse(first) as unknown);
      expect(s.text(plain('y'))).toBeNull();
    }
  });

  it('whatever it accepts, the parser path gives the same single delta (generated chunks)', () => {
    const s = learnt();
    const alphabet = ['a', ' ', '"', '\\', '\n', '✓', '日', '}', ']', ',', ':', '{', 'u0041', '\u0001', '😀', '[DONE]'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let accepted = 0;
    for (let i = 0; i < 2_000; i++) {
      let text = '';
      for (let k = rnd(6); k > 0; k--) text += alphabet[rnd(alphabet.length)];
      const heads = [base, { ...base, id: `chatcmpl-${rnd(3)}` }, { model: base.model }];
      const data = plain(text, heads[rnd(heads.length)]);
      const got = s.text(data);
      if (got === null) continue;
      accepted += 1;
      expect(got).toBe(text);
      expect(parsed(data)).toEqual(text ? [{ type: 'delta', text }] : []);
    }
    expect(accepted).toBeGreaterThan(100);
  });
});
