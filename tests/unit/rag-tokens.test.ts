import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../src/shared/domain';
import {
  createExactCounter,
  createTokenizer,
  encodeCount,
  loadEncoder,
  loadTiktoken,
  safetyMargin,
  upperBound,
  type TokenCounter,
  type Tokenizer,
} from '../../src/main/rag/tokens';
import { countPending, primeTurns, TokenCache, type DocCountStore } from '../../src/main/rag/token-cache';
import { renderDocument, renderDocumentBody, docHeader } from '../../src/main/rag/render';
import { productAt } from '../../bench/gen';

const SAMPLES = [
  '',
  'Hello, how long does the ThinkPad X1 battery last?',
  '这个笔记本电脑的电池续航是多少小时？',
  '이 노트북 배터리는 얼마나 가나요?',
  'emoji 😀🔋🇰🇷 and <|endoftext|> special text',
  'x'.repeat(5000),
];

let exact: TokenCounter;
beforeAll(async () => {
  exact = await createExactCounter();
});

describe('counting', () => {
  it('the UTF-8 byte length bounds the exact o200k count, special-token text included', () => {
    for (const s of SAMPLES) expect(exact.count(s)).toBeLessThanOrEqual(upperBound(s));
    expect(exact.count('<|endoftext|>')).toBeGreaterThan(1); // counted as text, not thrown on
    expect(exact.count('')).toBe(0);
    expect(exact.count('Hello world')).toBe(2);
  });

  it('counts long unbroken runs in pieces: never under the true count, at most one token per piece over', async () => {
    const enc = await loadEncoder();
    const zh = '这个笔记本电脑电池续航退货政策多少天保修屏幕库存价格订单发货充电器过热请谢谢您好';
    let run = '';
    for (let i = 0; i < 600; i++) run += zh[(i * 7) % zh.length];
    for (const s of [run, 'y'.repeat(600), '!'.repeat(300), `ok ${run} ok`]) {
      const truth = enc.encode(s, [], []).length;
      const n = encodeCount(enc, s);
      expect(n).toBeGreaterThanOrEqual(truth);
      expect(n).toBeLessThanOrEqual(truth + Math.ceil(s.length / 32) + 2);
    }
    // Natural text is counted exactly (no run reaches the piece threshold).
    const natural = '这款笔记本电脑的电池续航大约十五个小时，支持六十五瓦快速充电。The battery lasts 15 hours.';
    expect(encodeCount(enc, natural)).toBe(enc.encode(natural).length);
  });

  it('the compact encoder gives js-tiktoken\'s exact tokens: catalog documents, CJK, Korean, emoji, code, odd text', async () => {
    const [ours, theirs] = await Promise.all([loadEncoder(), loadTiktoken()]);
    // the bench generator's products (English, Chinese, Korean), as JSON and as plain field text
    const docs = Array.from({ length: 40 }, (_, i) => productAt(i * 97, 5_000)).flatMap((p) => [JSON.stringify(p), Object.values(p).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n')]);
    const texts = [
      ...SAMPLES.slice(0, 5),
      ...docs,
      'Rückgabe innerhalb von 30 Tagen — garantía de 2 años; ½ price “quoted” ’tis',
      '日本語のテキストとカタカナ、ひらがな。これは「テスト」です。',
      '  leading spaces\n\n\ttabs\r\nCRLF   trailing   ',
      'SKU LP-HUA-50ZD1-2022 / 12345678901234567890 / 3.14159 / $1,299.00 / 0x1F',
      'function f(a) { return a?.b ?? [1, 2, 3].map((x) => x * 2); } // code',
      '👩‍👩‍👧‍👦 family, 🇺🇸 flag, e\u0301 combining, \u0000 nul, \ufeff bom',
      '<|endoftext|><|fim_prefix|> special tokens as text',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!',
    ];
    let tokens = 0;
    for (const t of texts) {
      const want = theirs.encode(t, [], []);
      expect(ours.encode(t, [], [])).toEqual(want);
      expect(encodeCount(ours, t)).toBe(encodeCount(theirs, t));
      tokens += want.length;
    }
    expect(tokens).toBeGreaterThan(2_000);
  }, 60_000);

  it('margin is 5% + 256, and 15% + 512 on the overflow retry', () => {
    expect(safetyMargin(131_072)).toBe(6_810);
    expect(safetyMargin(8_192, { retry: true })).toBe(1_741);
  });
});

describe('createTokenizer', () => {
  const made: Tokenizer[] = [];
  afterAll(async () => {
    await Promise.all(made.map((t) => t.close()));
  });

  it('worker mode: upper bounds until warm, then exact bulk counts and exact sync counts for counted texts', async () => {
    const t = createTokenizer();
    made.push(t);
    expect(t.exact).toBe(false);
    expect(t.count(SAMPLES[2])).toBe(upperBound(SAMPLES[2]));
    expect(await t.countMany([SAMPLES[1]])).toEqual([upperBound(SAMPLES[1])]);
    await t.warmup();
    expect(t.error).toBeNull();
    expect(t.exact).toBe(true);
    expect(t.ready).toBe(false); // arbitrary sync counts stay bounds: the encoder is in the worker
    expect(await t.countMany(SAMPLES)).toEqual(SAMPLES.map((s) => exact.count(s)));
    expect(t.count(SAMPLES[2])).toBe(exact.count(SAMPLES[2]));
    expect(t.count('never counted before')).toBe(upperBound('never counted before'));
  });

  it('warmup is idempotent and countMany can wait for it', async () => {
    const t = createTokenizer();
    made.push(t);
    const [a, b] = [t.warmup(), t.warmup()];
    expect(a).toBe(b);
    expect(await t.countMany(['Hello world'], { wait: true })).toEqual([2]);
  });

  it('inline mode counts exactly on this thread once warm', async () => {
    const t = createTokenizer({ mode: 'inline' });
    made.push(t);
    await t.warmup();
    expect(t.ready).toBe(true);
    expect(t.count(SAMPLES[3])).toBe(exact.count(SAMPLES[3]));
  });

  it('falls back to inline counting when the worker cannot load the encoder', async () => {
    const t = createTokenizer({ paths: { ranks: '/nonexistent/ranks.cjs' } });
    made.push(t);
    await t.warmup();
    expect(t.error).toMatch(/worker failed/);
    expect(t.ready).toBe(true);
    expect(t.count('Hello world')).toBe(2);
  });
});

function turn(id: number, text: string, updatedAt = 'v1'): Turn {
  return { id, sessionId: 's', seq: id, speaker: 'customer', text, status: 'complete', createdAt: 'x', updatedAt };
}

describe('TokenCache', () => {
  it('counts a turn once; a new version is recounted; bounds are replaced once exact', () => {
    let calls = 0;
    const spy: TokenCounter = { count: (s) => (calls++, exact.count(s)), ready: true };
    const cache = new TokenCache();
    const t = turn(1, 'How heavy is the X1?');
    expect(cache.turn(t, spy).tokens).toBe(exact.count('How heavy is the X1?'));
    cache.turn(t, spy);
    expect(calls).toBe(1);
    cache.turn(turn(1, 'How heavy is the X1 Carbon?', 'v2'), spy);
    expect(calls).toBe(2);

    const bound = cache.turn(turn(2, '它有多重？'), { count: upperBound, ready: false });
    expect(bound).toMatchObject({ tokens: upperBound('它有多重？'), exact: false });
    expect(cache.turn(turn(2, '它有多重？'), spy)).toMatchObject({ tokens: exact.count('它有多重？'), exact: true });
  });

  it('primeTurns counts only what is not cached yet, off the event loop', async () => {
    const t = createTokenizer();
    await t.warmup();
    const cache = new TokenCache();
    const turns = [turn(1, 'first question'), turn(2, 'second question'), { ...turn(3, 'failed'), speaker: 'assistant' as const, status: 'error' as const }];
    expect(await primeTurns(turns, cache, t)).toBe(2);
    expect(await primeTurns(turns, cache, t)).toBe(0);
    expect(cache.turn(turns[1], { count: () => -1, ready: true }).tokens).toBe(exact.count('second question'));
    await t.close();
  });
});

describe('countPending', () => {
  it('counts each document once ever, in batches, storing exact counts of the rendered body', async () => {
    const stored = new Map<string, number | null>([['A', null], ['B', null], ['C', 7]]);
    const store: DocCountStore = {
      get: (ids) => new Map(ids.map((id) => [id, stored.get(id) ?? null])),
      set: (entries) => entries.forEach(([id, n]) => stored.set(id, n)),
    };
    const rendered: string[] = [];
    const render = (ids: readonly string[]) =>
      ids.map((id) => {
        rendered.push(id);
        return { id, text: renderDocumentBody({ docId: id, title: `Doc ${id}`, body: 'Returns within 30 days.', kind: 'policy' }) };
      });
    const t = createTokenizer({ mode: 'inline' });
    expect(await countPending({ ids: ['A', 'B', 'C'], store, render, tokenizer: t, limit: 1 })).toEqual({ counted: 1, remaining: 1 });
    expect(await countPending({ ids: ['A', 'B', 'C'], store, render, tokenizer: t })).toEqual({ counted: 1, remaining: 0 });
    expect(await countPending({ ids: ['A', 'B', 'C'], store, render, tokenizer: t })).toEqual({ counted: 0, remaining: 0 });
    expect(rendered).toEqual(['A', 'B']);
    expect(stored.get('B')).toBe(exact.count(render(['B'])[0].text));
  });

  it('the stored body count stays valid whatever [Doc-N] the document gets', () => {
    const doc = { docId: 'P', title: 'Policy', body: 'Text', kind: 'policy' as const };
    expect(renderDocument(doc, 12)).toBe(docHeader(12) + renderDocumentBody(doc));
  });
});
