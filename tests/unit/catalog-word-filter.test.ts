// The scorer's word filters (catalog/word-filter.ts) may only skip a field's scan when the term cannot be one of its
// words: never a wrong "absent", and with them the search gives exactly the same hits and scores as without, on a real
// catalog whose products have long manuals (the fields that get filters) in several scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { docCacheStats, limitDocCache } from '../../src/main/catalog/search';
import { useWordFilters } from '../../src/main/catalog/rerank';
import { buildWordFilter, isWordUnit, mayHold, wordHash, wordOnly } from '../../src/main/catalog/word-filter';
import { foldText } from '../../src/main/catalog/tokenize';
import { benchmarkQueries, productAt } from '../../bench/gen';

/** The maximal runs of word units of a text (what the filter holds), found independently with a regex per unit. */
function runs(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const unit of text.split('')) {
    if (/[\p{L}\p{N}]/u.test(unit)) cur += unit;
    else if (cur) {
      out.push(cur);
      cur = '';
    }
  }
  if (cur) out.push(cur);
  return out;
}

const SAMPLES = [
  'Press and hold the power button for 10 seconds; the LED blinks twice (USB-C, 65W). Café crème: résumé naïve.',
  '충전 케이블을 연결하고 전원 버튼을 3초간 누르세요. 배터리 수명은 최대 15시간입니다.',
  '请按住电源键十秒钟，然后松开。保修期为两年，ThinkPad X1 Carbon Gen 11 适用。',
  'Emoji 😀 and flags 🇯🇵 between words; math ∑x² and Ω-rated; full-width ＡＢＣ１２３ and tabs\tand\nnewlines.',
  'ЗАРЯДКА: подключите кабель; Ελληνικά κείμενα; עברית; العربية ١٢٣ — dashes–and—quotes "like" \'these\'.',
];

describe('word filters', () => {
  it('hold every word of the field (no false "absent"), and rule out most words that are not there', () => {
    const absent = Array.from({ length: 2_000 }, (_, i) => `zq${i.toString(36)}x`);
    let falsePositives = 0;
    for (const raw of SAMPLES) {
      const text = foldText(raw.repeat(8)); // long enough to get a filter in the scorer
      const f = buildWordFilter(text);
      for (const w of runs(text)) {
        expect(wordOnly(w)).toBe(true);
        expect(mayHold(f, wordHash(w))).toBe(true);
      }
      for (const w of absent) if (mayHold(f, wordHash(w))) falsePositives++;
    }
    expect(falsePositives / (absent.length * SAMPLES.length)).toBeLessThan(0.05);
  });

  it('only whole-word terms are looked up; the word test is the scorer token test', () => {
    expect(wordOnly('x200')).toBe(true);
    expect(wordOnly('usb-c')).toBe(false);
    expect(wordOnly('')).toBe(false);
    expect(wordOnly('😀')).toBe(false); // surrogate halves are not word units
    expect([...'aZ09é한中'].every((c) => isWordUnit(c.charCodeAt(0)))).toBe(true);
    expect([...' -_.,;!?—'].some((c) => isWordUnit(c.charCodeAt(0)))).toBe(false);
  });
});

describe('search with and without word filters', () => {
  let dir: string;
  let db: Db;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskmate-word-filter-'));
    db = openDatabase(join(dir, 'c.sqlite'));
    migrate(db, 'catalog', catalogMigrations);
    // Manuals of a few thousand characters (the fields long enough for filters), in several scripts.
    const products = Array.from({ length: 800 }, (_, i) => {
      const p = productAt(i, 7);
      const words = p.product_name.split(/\s+/);
      return { ...p, manual: Array.from({ length: 30 }, (_, k) => `${SAMPLES[(i + k) % SAMPLES.length]} ${words[k % words.length]} step ${k}.`).join(' ') };
    });
    const r = await importRecords(db, products);
    expect(r.rejected).toEqual([]);
  });
  afterAll(() => {
    useWordFilters(true);
    limitDocCache();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same hits and scores on every query of the benchmark mix', () => {
    const queries = [...benchmarkQueries(800, 7, 300).map((q) => q.query), 'press and hold', '충전 케이블', '保修期', 'usb-c blinks twice', 'step 12'];
    useWordFilters(false);
    const without = queries.map((q) => searchCatalog(db, q, { k: 20, snippets: false }).results);
    useWordFilters(true);
    const withFilters = queries.map((q) => searchCatalog(db, q, { k: 20, snippets: false }).results);
    expect(withFilters).toEqual(without);
    expect(without.filter((r) => r.length > 0).length).toBeGreaterThan(250);
  });
});

describe('the search document cache with long manuals', () => {
  it('stays within its byte bound and answers the same as an unbounded one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-doc-bytes-'));
    const db = openDatabase(join(dir, 'c.sqlite'));
    try {
      migrate(db, 'catalog', catalogMigrations);
      const manual = (i: number): string => Array.from({ length: 60 }, (_, k) => `${SAMPLES[(i + k) % SAMPLES.length]} part ${i}-${k}.`).join(' ');
      await importRecords(db, Array.from({ length: 600 }, (_, i) => ({ ...productAt(i, 9), manual: manual(i) })));
      const queries = benchmarkQueries(600, 9, 200).map((q) => q.query);
      const unbounded = queries.map((q) => searchCatalog(db, q, { snippets: false }).results);
      const big = docCacheStats(db);
      expect(big.entries).toBeGreaterThan(300);
      limitDocCache(1024 * 1024);
      const db2 = openDatabase(join(dir, 'c.sqlite')); // a connection of its own: its caches start empty
      const bounded = queries.map((q) => searchCatalog(db2, q, { snippets: false }).results);
      const small = docCacheStats(db2);
      db2.close();
      expect(small.bytes).toBeLessThanOrEqual(1024 * 1024);
      expect(small.entries).toBeLessThan(big.entries);
      expect(bounded).toEqual(unbounded);
    } finally {
      limitDocCache();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
