import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { MODULE_MIGRATIONS } from '../../src/main/schema';
import { SessionStore } from '../../src/main/sessions/store';
import { loadCandidates } from '../../src/main/rag/engine-docs';
import { cachedSearch } from '../../src/main/rag/search-cache';
import { recentCitations, recentQuestions, warmRetrieval, warmUpBudget, warmUpQuery, WARM_UP_MS } from '../../src/main/rag/warm-up';
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

/** A desk's database (every module) with the catalog of `file` and some answered questions. */
function deskWithSessions(): { db: Db; asked: string[]; cited: string[] } {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'deskmate-warm-desk-')), 'd.sqlite'));
  for (const [module, migrations] of MODULE_MIGRATIONS) migrate(db, module, migrations);
  db.exec(`ATTACH DATABASE '${file}' AS src`);
  db.exec('INSERT INTO products SELECT * FROM src.products; INSERT INTO catalog_head (rowid, name, brand, category, codes) SELECT rowid, name, brand, category, codes FROM src.catalog_head; INSERT INTO catalog_body (rowid, specs, faqs, policy, manual) SELECT rowid, specs, faqs, policy, manual FROM src.catalog_body');
  db.exec('DETACH DATABASE src');
  const sessions = new SessionStore(db);
  const p = (i: number) => productAt(i, 3);
  // oldest first: product 9's question asked three times, product 2's twice, product 5's once (the newest)
  const asked = [p(2).product_name, p(9).product_name, `  ${p(9).product_name.toUpperCase()} `, p(2).product_name, p(9).product_name, p(5).product_id];
  asked.forEach((text, i) => {
    const s = sessions.createSession();
    sessions.addTurn(s.id, { speaker: 'customer', text });
    const cites = i % 2 === 0 ? [p(11).product_id, p(12).product_id] : [p(12).product_id];
    sessions.addTurn(s.id, { speaker: 'assistant', text: 'See [Doc-1].', meta: { citations: cites.map((productId, n) => ({ n: n + 1, productId })) } });
  });
  return { db, asked, cited: [p(12).product_id, p(11).product_id] };
}

describe('warmRetrieval', () => {
  it('runs catalog-derived searches up to its query cap, and a warmed process answers exactly like a cold one', () => {
    const warm = open();
    const cold = open(); // caches are per connection: this one has seen nothing
    const r = warmRetrieval(warm, { budgetMs: 60_000, maxQueries: 40 });
    expect(r).toMatchObject({ recent: 0, docs: 0, queries: 40 }); // a catalog-only file: no sessions to learn from
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

  it('asks the most asked recent questions again into the search-result cache and preloads what answers cited', () => {
    const { db, asked, cited } = deskWithSessions();
    expect(recentQuestions(db, 10)).toEqual([asked[4], asked[3], asked[5]]); // most asked first, then newest
    expect(recentQuestions(db, 2)).toEqual([asked[4], asked[3]]);
    expect(recentCitations(db, 10)).toEqual(cited);
    const computed: string[] = [];
    const search = cachedSearch((q, k) => (computed.push(q), searchCatalog(db, q, { k }).results), () => 'g');
    const r = warmRetrieval(db, { budgetMs: 60_000, maxQueries: 5, search });
    expect(r).toMatchObject({ recent: 3, docs: 2, queries: 5 });
    expect(computed).toEqual([asked[4], asked[3], asked[5]]); // the catalog-derived searches are not kept
    const before = computed.length;
    for (const q of asked) search(q, 20);
    expect(computed).toHaveLength(before); // every recent question is now a cache hit
    // and the warmed desk answers like a cold connection to the same file
    const cold = openDatabase(db.name);
    for (const q of [...asked, ...benchmarkQueries(N, 3, 10).map((b) => b.query)]) expect(answerInputs(db, q)).toEqual(answerInputs(cold, q));
    cold.close();
    db.close();
  });

  it('stops at its time budget, does nothing with budget 0, and copes with an empty catalog', () => {
    const db = open();
    let t = 0;
    // each clock read advances 10 ms: no sessions (a catalog-only file), the searches stop before 35 ms
    const r = warmRetrieval(db, { budgetMs: 35, maxQueries: 100, now: () => (t += 10) });
    expect(r.queries).toBeGreaterThan(0);
    expect(r.queries).toBeLessThan(5);
    expect(warmRetrieval(db, { budgetMs: 0 })).toEqual({ recent: 0, docs: 0, queries: 0, ms: 0 });
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
