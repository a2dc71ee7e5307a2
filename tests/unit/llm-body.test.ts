// The request body built from parts (llm/body.ts) must be the JSON the one-string builder produced: the same text
// byte for byte (so the same messages and fields), for knowledge blocks assembled by the real budget code too.
import { beforeAll, describe, expect, it } from 'vitest';
import { PartCache, buildChatBody, encodeChatBody, partCache } from '../../src/main/llm/body';
import { resolveModel } from '../../src/main/llm/models';
import type { ChatRequest } from '../../src/main/llm/types';
import { assembleContext, type BudgetDoc } from '../../src/main/rag/budget';
import { systemPrompt } from '../../src/main/rag/prompt';
import { TokenCache } from '../../src/main/rag/token-cache';
import { createExactCounter, type TokenCounter } from '../../src/main/rag/tokens';
import type { Turn } from '../../src/shared/domain';

const K26 = resolveModel('kimi-k2.6');
const V1 = resolveModel('moonshot-v1-32k');
const K3 = resolveModel('kimi-k3');

function text(body: Buffer): string {
  return body.toString('utf8');
}

/** The old builder's bytes and the parts builder's bytes are the same text. */
function same(req: ChatRequest, model = K26): void {
  const want = JSON.stringify(buildChatBody(req, model));
  const got = text(encodeChatBody(req, model));
  expect(got).toBe(want);
  expect(JSON.parse(got)).toEqual(JSON.parse(want));
}

const LONG = `Product P-1 — “Quoted” name\nSpecs:\t"inch" \\ back\\slash\r\n${'日本語 한국어 ✓ 🚀 '.repeat(120)}\u0000\u001f\u2028\u2029 end`;

let exact: TokenCounter;
beforeAll(async () => {
  exact = await createExactCounter();
});

describe('encodeChatBody', () => {
  it('is the one-string body byte for byte: unicode, quotes, newlines, control characters, short and long', () => {
    for (const content of ['Is it in stock?', 'say "hi"\n\\n and \\"', 'ünïcödé ✓ 日本語 🚀', LONG, `${LONG}\n${LONG}`]) {
      same({ model: 'kimi-k2.6', messages: [{ role: 'system', content: systemPrompt() }, { role: 'user', content }], maxTokens: 512 });
    }
  });

  it('with no history, with history, with a partial assistant message, dropping blank system/assistant messages', () => {
    same({ model: 'kimi-k2.6', messages: [{ role: 'user', content: 'only a question' }], maxTokens: 10.7 });
    same({
      model: 'kimi-k2.6',
      messages: [
        { role: 'system', content: systemPrompt({ language: 'zh' }) },
        { role: 'system', content: '  \n\t' },
        { role: 'user', content: 'first "question"' },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'Agent: an answer\nwith lines' },
        { role: 'user', content: '   ' },
        { role: 'assistant', content: 'So far: "the', partial: true },
      ],
      maxTokens: 4096,
    });
  });

  it('keeps the other fields and their order: temperature where allowed, reasoning effort for thinking models', () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: 'q' }];
    same({ model: 'moonshot-v1-32k', messages, maxTokens: 100, temperature: 0.3 }, V1);
    same({ model: 'moonshot-v1-32k', messages, maxTokens: 100, temperature: 7 }, V1);
    same({ model: 'kimi-k3', messages, maxTokens: 100, reasoningEffort: 'high', temperature: 0.3 }, K3);
    same({ model: 'we"ird"messages":[]', messages, maxTokens: 100 });
  });

  it('a knowledge block assembled from documents is written from its parts, the same text as its content', () => {
    const docs: BudgetDoc[] = [1, 2, 3, 4].map((i) => {
      const body = `Product P-${i} — Thing ${i} "${i}"\n${'Spec: 10 “in” ✓ 日本\n'.repeat(i * 40)}`;
      return { id: `P-${i}`, name: `Thing ${i}`, kind: 'product', text: body, tokens: exact.count(body) };
    });
    let id = 0;
    const turn = (speaker: Turn['speaker'], t: string): Turn => {
      id++;
      return { id, sessionId: 's', seq: id, speaker, text: t, status: 'complete', createdAt: 'x', updatedAt: 'x' };
    };
    const history = [turn('customer', 'Hello "there"'), turn('assistant', `A long answer ${'ü'.repeat(1500)}`)];
    for (const window of [200_000, 2_000]) {
      const a = assembleContext({
        window,
        reservedOutput: 256,
        systemPrompt: systemPrompt(),
        history,
        newMessage: 'Which one is waterproof?\n"really"',
        docs,
        counter: exact,
        cache: new TokenCache(),
        safetyMargin: 50,
      });
      const block = a.messages.find((m) => m.parts);
      expect(block).toBeDefined();
      expect(block!.parts!.join('')).toBe(block!.content);
      // twice: the second time the long parts come from the cache
      same({ model: 'kimi-k2.6', messages: a.messages, maxTokens: a.breakdown.reservedOutput });
      const hits = partCache.hits;
      same({ model: 'kimi-k2.6', messages: a.messages, maxTokens: a.breakdown.reservedOutput });
      expect(partCache.hits).toBeGreaterThan(hits);
    }
  });

  it("keeps the encoded bytes of recurring strings, not of the request's own question", () => {
    const system = `${systemPrompt({ language: 'ko' })} (a variant)`;
    const req = (q: string): ChatRequest => ({ model: 'kimi-k2.6', messages: [{ role: 'system', content: system }, { role: 'user', content: q }], maxTokens: 9 });
    same(req(`first question ${'x'.repeat(200)}`));
    const size = partCache.size;
    const hits = partCache.hits;
    same(req(`second question ${'y'.repeat(200)}`));
    expect(partCache.size).toBe(size);
    expect(partCache.hits).toBe(hits + 1);
  });

  it('short parts (headers, separators) escaped once and reused give the same bytes, escapes included', () => {
    const parts = ['Intro\n\n', '[Doc-1]\n', 'x'.repeat(80), '\n\n', '"q" \\ \t \u0001 ✓ 😀\n', 'y'.repeat(70), '\ud83d'];
    const req: ChatRequest = { model: 'kimi-k2.6', messages: [{ role: 'system', content: parts.join(''), parts }, { role: 'user', content: 'q' }], maxTokens: 5 };
    same(req);
    same(req); // the short ones from the cache now
    same({ ...req, messages: [{ role: 'system', content: parts.slice(0, 4).join(''), parts: parts.slice(0, 4) }, { role: 'user', content: '[Doc-1]\n' }] });
  });

  it('a surrogate pair split between two parts parses to the same text (escaped as two halves)', () => {
    const parts = ['a long part ends with half a pair \ud83d', '\ude80 and the rest'];
    const req: ChatRequest = { model: 'kimi-k2.6', messages: [{ role: 'system', content: parts.join(''), parts }, { role: 'user', content: 'q' }], maxTokens: 5 };
    const got = JSON.parse(text(encodeChatBody(req, K26))) as { messages: { content: string }[] };
    expect(got.messages[0]!.content).toBe('a long part ends with half a pair 🚀 and the rest');
    expect(got).toEqual(JSON.parse(JSON.stringify(buildChatBody(req, K26))));
  });

  it('a blank knowledge block (all parts blank) is dropped like a blank content', () => {
    const parts = [' ', '\n\n', ''];
    same({ model: 'kimi-k2.6', messages: [{ role: 'system', content: parts.join(''), parts }, { role: 'user', content: 'q' }], maxTokens: 5 });
    expect((JSON.parse(text(encodeChatBody({ model: 'kimi-k2.6', messages: [{ role: 'system', content: '  ', parts: ['  '] }, { role: 'user', content: 'q' }], maxTokens: 5 }, K26))) as { messages: unknown[] }).messages).toHaveLength(1);
  });

  it('the part cache stays within its bytes and lets the least recently asked go first (a hit is a second chance)', () => {
    // each entry costs 100 bytes + 2 × 100 for its key string: 3 fit in 1,000 bytes
    const c = new PartCache(1_000);
    const s = (k: number): string => String(k).repeat(100).slice(0, 100);
    const [a, b, d, e, f] = [1, 2, 3, 4, 5].map(s) as [string, string, string, string, string];
    for (const x of [a, b, d]) c.get(x);
    expect(c.size).toBe(3);
    expect(c.get(a).toString()).toBe(a); // a hit: a gets a second chance
    c.get(e); // over budget: b goes (the oldest not asked for again), not a
    expect([c.has(a), c.has(b), c.has(d), c.has(e)]).toEqual([true, false, true, true]);
    expect(c.byteSize).toBeLessThanOrEqual(1_000);
    c.get(f); // a had its chance and was moved behind d and e: d goes now
    expect([c.has(a), c.has(d), c.has(e), c.has(f)]).toEqual([true, false, true, true]);
    c.get(b); // the oldest now is e (a counts from its move): e goes
    expect([c.has(a), c.has(e), c.has(f), c.has(b)]).toEqual([true, false, true, true]);
    expect(c.byteSize).toBe(900);
    expect(c.hits).toBe(1);
    expect(c.misses).toBe(6);
    // a string larger than the whole cache is encoded but not kept
    expect(c.get('z'.repeat(500)).length).toBe(500);
    expect(c.size).toBe(3);
  });

  it('a kept part owns exactly its bytes (no view of a shared pool slab that the entry would keep alive whole)', () => {
    const c = new PartCache(100_000);
    const kept = ['é'.repeat(70), 'a'.repeat(300), 'line\n"quoted"'.repeat(10)].map((x) => c.get(x));
    for (const b of kept) {
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(b.length);
    }
    expect(kept[0]!.toString('utf8')).toBe('é'.repeat(70));
    expect(kept[2]!.toString('utf8')).toBe(JSON.stringify('line\n"quoted"'.repeat(10)).slice(1, -1));
  });
});
