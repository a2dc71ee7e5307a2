import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { loadCandidates } from '../../src/main/rag/engine-docs';
import { warmRetrieval, warmUpBudget, warmUpQuery, WARM_UP_MS } from '../../src/main/rag/warm-up';
import { benchmarkQueries, productAt } from '../../bench/gen';

const N = 120;
let file: string;

function open(): Db {
  const db = openDatabase(file);
  migrate(db, 'catalog', catalogMigrations);
  return db;
}

/** Everything a question takes from retrieval: hits (id, score, snippet) and the rendered documents. */
function answerInputs(db: Db, q: string): unknown {
  return db.transaction(() => {
    const hits = searchCatalog(db, q, { k: 20 }).results;
    return { hits: hits.map((h) => [h.productId, h.score, h.snippet]), docs: loadCandidates(db, hits).map((c) => [c.budget.id, c.budget.text]) };
  })();
}

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'deskmate-warm-')), 'c.sqlite');
  const db = open();
  const r = await importRecords(db, Array.from({ length: N }, (_, i) => productAt(i, 3)));
  expect(r.rejected).toEqual([]);
  db.close();
});

describe('warmRetrieval', () => {
  it('runs catalog-derived searches up to its query cap, and a warmed process answers exactly like a cold one', () => {
    const warm = open();
    const cold = open(); // caches are per connection: this one has seen nothing
    const r = warmRetrieval(warm, { budgetMs: 60_000, maxQueries: 40 });
    expect(r).toMatchObject({ docs: N, queries: 40 });
    const queries = benchmarkQueries(N, 3, 30).map((q) => q.query);
    for (const q of queries) expect(answerInputs(warm, q)).toEqual(answerInputs(cold, q));
    warm.close();
    cold.close();
  });

  it('sees a product changed after the warm-up (through another connection), not what it warmed', async () => {
    const warm = open();
    const p = productAt(7, 3);
    const q = p.product_id;
    warmRetrieval(warm, { budgetMs: 60_000, maxQueries: N });
    const before = answerInputs(warm, q) as { docs: [string, string][] };
    expect(before.docs[0]![1]).not.toContain('Changed after the warm-up');
    const other = open();
    const r = await importRecords(other, [{ ...p, faq_answers: ['Changed after the warm-up: now ships with a case.'] }]);
    expect(r.rejected).toEqual([]);
    const after = answerInputs(warm, q) as { docs: [string, string][] };
    expect(after.docs.find(([id]) => id === p.product_id)![1]).toContain('Changed after the warm-up');
    expect(after).toEqual(answerInputs(open(), q));
    warm.close();
    other.close();
  });

  it('stops at its time budget, does nothing with budget 0, and copes with an empty catalog', () => {
    const db = open();
    let t = 0;
    // each clock read advances 10 ms: the document preload stops at 40% of 35 ms, the searches before 35 ms
    const r = warmRetrieval(db, { budgetMs: 35, maxQueries: 100, now: () => (t += 10) });
    expect(r.queries).toBeGreaterThan(0);
    expect(r.queries).toBeLessThan(5);
    expect(warmRetrieval(db, { budgetMs: 0 })).toEqual({ docs: 0, queries: 0, ms: 0 });
    db.close();
    const empty = openDatabase(join(mkdtempSync(join(tmpdir(), 'deskmate-warm-empty-')), 'c.sqlite'));
    migrate(empty, 'catalog', catalogMigrations);
    expect(warmRetrieval(empty)).toMatchObject({ docs: 0, queries: 0 });
    empty.close();
  });

  it('builds its queries from the product (name, id, brand with model code, a question naming it)', () => {
    const p = { product_id: 'LP-LEN-4F2K9-2024', name: 'Lenovo IdeaPad 4F2K9 Laptop', brand: 'Lenovo', category: 'laptops' };
    expect([0, 1, 2, 3].map((i) => warmUpQuery(p, i))).toEqual([
      'Lenovo IdeaPad 4F2K9 Laptop',
      'LP-LEN-4F2K9-2024',
      'Lenovo 4F2K9',
      'Is the Lenovo IdeaPad 4F2K9 Laptop still in stock, and what is the return policy?',
    ]);
  });
});

describe('warmUpBudget (env DESKMATE_SERVE_WARMUP)', () => {
  it('defaults, turns off, caps, and names the variable on bad input', () => {
    expect(warmUpBudget(undefined)).toBe(WARM_UP_MS);
    expect(warmUpBudget('')).toBe(WARM_UP_MS);
    expect(warmUpBudget('off')).toBe(0);
    expect(warmUpBudget('0')).toBe(0);
    expect(warmUpBudget('250')).toBe(250);
    expect(warmUpBudget('99999')).toBe(10_000);
    expect(() => warmUpBudget('soon')).toThrow(/DESKMATE_SERVE_WARMUP/);
  });
});
