// The search's ranked candidates from cached term postings (catalog/postings.ts) must be exactly the rows FTS5's
// `ORDER BY rank LIMIT 40` gives, on every query shape of the benchmark (ties at the cut included), and the caches
// must follow a change of the indexes made through another connection (another serving process, an import).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { planQuery, termMatch, DF_CAP, type PlannedTerm } from '../../src/main/catalog/plan';
import { indexState, rankIsZero, topRanked, type Table } from '../../src/main/catalog/postings';
import { benchmarkQueries, productAt } from '../../bench/gen';

const N = 1_500;
let file: string;

function open(): Db {
  const db = openDatabase(file);
  migrate(db, 'catalog', catalogMigrations);
  return db;
}

beforeAll(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'deskmate-postings-')), 'c.sqlite');
  const db = open();
  const docs = Array.from({ length: 30 }, (_, i) => ({ doc_id: `POL-${i}`, title: `Return policy for laptops and tablets ${i}`, body: `Laptops, tablets and gaming gear return within ${i + 10} days.`, kind: 'policy' }));
  const r = await importRecords(db, [...Array.from({ length: N }, (_, i) => productAt(i, 5)), ...docs]);
  expect(r.rejected).toEqual([]);
  db.close();
});

/** The rarest ≤ 3 terms of a table, as the search picks them to enumerate candidates. */
function rarest(terms: PlannedTerm[], table: Table): PlannedTerm[] {
  const dfOf = (t: PlannedTerm): number => (table === 'catalog_head' ? t.headDf : t.bodyDf);
  return terms.filter((t) => dfOf(t) > 0 && dfOf(t) < DF_CAP && (table === 'catalog_head' || !t.prefix)).sort((a, b) => dfOf(a) - dfOf(b)).slice(0, 3);
}

describe('ranked candidates from term postings', () => {
  it('are the rows of ORDER BY rank LIMIT 40, ties at the cut included, for every benchmark query and both indexes', () => {
    const db = open();
    const queries = [...benchmarkQueries(N, 5, 400).map((q) => q.query), 'laptop tablet return policy', 'gaming laptop', 'tablets return days'];
    let compared = 0;
    let tiesAtCut = 0;
    for (const q of queries) {
      const state = indexState(db);
      const terms = planQuery(db, q, state);
      for (const table of ['catalog_head', 'catalog_body'] as const) {
        const ts = rarest(terms, table);
        if (ts.length === 0) continue;
        const match = ts.map(termMatch).join(' OR ');
        const sql = db.prepare(`SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT 41`).all(match) as { rowid: number; rank: number }[];
        if (sql.length === 41 && sql[39]!.rank === sql[40]!.rank) tiesAtCut++;
        const want = sql.slice(0, 40).map((r) => r.rowid).sort((a, b) => a - b);
        const got = (rankIsZero(db, table) ? (db.prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT 40`).pluck().all(match) as number[]) : topRanked(db, state, table, ts.map(termMatch), 40)).sort((a, b) => a - b);
        expect(got, `${table} ${match}`).toEqual(want);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(tiesAtCut).toBeGreaterThan(20); // the tie order is exercised, not assumed
    db.close();
  });

  it('knows the body index ranks every row 0 and the head index does not', () => {
    const db = open();
    expect(rankIsZero(db, 'catalog_body')).toBe(true);
    expect(rankIsZero(db, 'catalog_head')).toBe(false);
    const ranks = db.prepare("SELECT DISTINCT rank FROM catalog_body WHERE catalog_body MATCH '\"laptop\" OR \"tablets\"'").pluck().all();
    expect(ranks).toEqual([-0]);
    db.close();
  });

  it('follows a change of the indexes made through another connection (no stale df, postings or N)', () => {
    const a = open();
    const before = searchCatalog(a, 'Quokka laptop', { k: 5 }).results.map((r) => r.productId);
    expect(before).not.toContain('QK-1');
    const state = indexState(a);
    expect(state.postings.size + state.df.size).toBeGreaterThan(0);
    expect(indexState(a)).toBe(state); // nothing changed: the same caches
    // another process's import: rows and index entries written through another connection (this process's
    // importer would also drop its caches itself)
    const b = open();
    b.transaction(() => {
      const id = Number(b.prepare("INSERT INTO products (product_id, name, brand, category, content_hash) VALUES ('QK-1', 'Quokka Laptop 14', 'Quokka', 'laptops', 'h') RETURNING id").pluck().get());
      b.prepare("INSERT INTO catalog_head (rowid, name, brand, category, codes) VALUES (?, 'Quokka Laptop 14', 'Quokka', 'laptops', 'QK-1 qk1')").run(id);
    })();
    b.close();
    expect(indexState(a)).not.toBe(state);
    expect(searchCatalog(a, 'Quokka laptop', { k: 5 }).results[0]?.productId).toBe('QK-1');
    a.close();
  });
});
