// Catalog search: candidates from the rarest terms (head index first, then body), bounded at every step,
// re-ranked in JS over the whole query. Nothing the agent typed reaches FTS5 as syntax (terms are quoted).
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { DF_CAP, planQuery, termMatch, type PlannedTerm } from './plan';
import { docFields, fieldScorer, productFields, type Fields } from './rerank';
import { snippetOf } from './snippet';
import { cachedStatement, PRODUCT_COLUMNS, rowToStored, type DocRow, type ProductRow } from './store';
import { compact, ftsString, isCodeLike, queryTerms } from './tokenize';

export interface SearchOptions {
  k?: number;
}

export interface SearchResult {
  results: CatalogHit[];
  tookMs: number;
}

/** A term enumerates candidates only below this document frequency (= the df counting cap). */
const RARE = DF_CAP;
/** At most this many of the rarest terms enumerate candidates, and at most PER_INDEX come from each index. */
const ENUMERATE = 3;
const PER_INDEX = 40;
const COMMON_LIMIT = 100;

type Table = 'catalog_head' | 'catalog_body';

function rarest(terms: PlannedTerm[], table: Table): PlannedTerm[] {
  const dfOf = (t: PlannedTerm): number => (table === 'catalog_head' ? t.headDf : t.bodyDf);
  return terms
    .filter((t) => dfOf(t) > 0 && dfOf(t) < RARE && (table === 'catalog_head' || !t.prefix))
    .sort((a, b) => dfOf(a) - dfOf(b))
    .slice(0, ENUMERATE);
}

/** The stored version of a candidate row, read with its rowid: `content_hash product_id` (or `doc_id`), null for an
 * index row whose document is gone. The search's document cache is checked against it. */
const STAMPED = (inner: string): string =>
  `SELECT c.rowid AS rowid, CASE WHEN c.rowid > 0 THEN (SELECT content_hash || ' ' || product_id FROM products WHERE id = c.rowid) ` +
  `ELSE (SELECT content_hash || ' ' || doc_id FROM standalone_docs WHERE id = -c.rowid) END AS stamp FROM (${inner}) AS c`;

interface Stamped {
  rowid: number;
  stamp: string | null;
}

/**
 * Candidate rowids with their stamps. The rarest terms enumerate (bm25 over short doclists only: cheap); common
 * terms only score, in the re-ranking. When every term is common, their intersection is taken with a LIMIT (stop
 * early).
 */
function candidates(db: Db, terms: PlannedTerm[]): Stamped[] {
  const head = rarest(terms, 'catalog_head');
  const body = rarest(terms, 'catalog_body');
  const out = new Map<number, Stamped>();
  const add = (rows: Stamped[]): void => {
    for (const r of rows) if (!out.has(r.rowid)) out.set(r.rowid, r);
  };
  const ranked = (table: Table, ts: PlannedTerm[]): void => {
    if (ts.length === 0) return;
    const match = ts.map(termMatch).join(' OR ');
    // When the terms match no more rows than are kept, ranking them (bm25: ~10× the cost of listing them) changes
    // nothing: the candidates are a set. The document frequencies say when to try; the listing says for sure.
    if (ts.reduce((n, t) => n + (table === 'catalog_head' ? t.headDf : t.bodyDf), 0) <= PER_INDEX) {
      const all = cachedStatement(db, STAMPED(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${PER_INDEX + 1}`)).all(match) as Stamped[];
      if (all.length <= PER_INDEX) return add(all);
    }
    add(cachedStatement(db, STAMPED(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT ${PER_INDEX}`)).all(match) as Stamped[]);
  };
  if (head.length > 0 || body.length > 0) {
    ranked('catalog_head', head);
    ranked('catalog_body', body);
    return [...out.values()];
  }
  for (const table of ['catalog_head', 'catalog_body'] as const) {
    const usable = terms.filter((t) => (table === 'catalog_head' ? t.headDf : t.bodyDf) > 0 && (table === 'catalog_head' || !t.prefix));
    if (usable.length === 0) continue;
    const match = usable.map(termMatch).join(' AND ');
    add(cachedStatement(db, STAMPED(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${COMMON_LIMIT}`)).all(match) as Stamped[]);
    if (out.size >= 20) break;
  }
  return [...out.values()];
}

interface Doc {
  rowid: number;
  hit: Omit<CatalogHit, 'score' | 'snippet'>;
  fields: Fields;
}

/** Candidate documents read before, by rowid, with the content hash they were read at (an import in any process
 * changes the hash; a reused rowid has another hash or product id). */
const DOCS_MAX = 5_000;
const docCache = new WeakMap<Db, Map<number, { hash: string; doc: Doc }>>();

/** The product rows the last searches read, by product id: the engine renders its hits from them instead of reading
 * the same rows again right after (it checks them against the stored content hash first). */
const ROWS_MAX = 256;
const recentRows = new WeakMap<Db, Map<string, ProductRow>>();

export function recentProductRow(db: Db, productId: string): ProductRow | undefined {
  return recentRows.get(db)?.get(productId);
}

function remember(db: Db, r: ProductRow): void {
  let rows = recentRows.get(db);
  if (!rows) recentRows.set(db, (rows = new Map()));
  rows.delete(r.product_id);
  rows.set(r.product_id, r);
  if (rows.size > ROWS_MAX) rows.delete(rows.keys().next().value as string);
}

function productDoc(r: ProductRow): Doc {
  const s = rowToStored(r);
  return { rowid: r.id, hit: { productId: s.productId, name: s.name.length > 500 ? `${s.name.slice(0, 500)}…` : s.name, kind: 'product' }, fields: productFields(s) };
}

/**
 * A serving process's warm-up: products (rowid order) into this connection's document cache, as a search would
 * keep them, until `stop()` says so or the cache is full; returns how many were added. A first search over them
 * then reads their stamps only.
 */
export function preloadProductDocs(db: Db, stop: () => boolean): number {
  let cache = docCache.get(db);
  if (!cache) docCache.set(db, (cache = new Map()));
  let added = 0;
  const rows = db.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products ORDER BY id LIMIT ${DOCS_MAX}`).iterate() as IterableIterator<ProductRow>;
  for (const r of rows) {
    if (cache.size >= DOCS_MAX || stop()) break;
    if (cache.has(r.id)) continue;
    cache.set(r.id, { hash: `${r.content_hash} ${r.product_id}`, doc: productDoc(r) });
    added++;
  }
  return added;
}

function loadDocs(db: Db, rows: Stamped[]): Doc[] {
  const p = cachedStatement(db, `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`);
  const d = cachedStatement(db, 'SELECT id, doc_id, title, body, kind, demo, content_hash FROM standalone_docs WHERE id = ?');
  let cache = docCache.get(db);
  if (!cache) docCache.set(db, (cache = new Map()));
  const out: Doc[] = [];
  for (const { rowid, stamp } of rows) {
    if (stamp === null) continue;
    const known = cache.get(rowid);
    if (known && known.hash === stamp) {
      out.push(known.doc);
      continue;
    }
    let doc: Doc;
    let hash: string;
    if (rowid > 0) {
      const r = p.get(rowid) as ProductRow | undefined;
      if (!r) continue;
      remember(db, r);
      doc = productDoc(r);
      hash = `${r.content_hash} ${r.product_id}`;
    } else {
      const r = d.get(-rowid) as DocRow | undefined;
      if (!r) continue;
      doc = { rowid, hit: { productId: r.doc_id, name: r.title.length > 500 ? `${r.title.slice(0, 500)}…` : r.title, kind: r.kind }, fields: docFields({ docId: r.doc_id, title: r.title, body: r.body, kind: r.kind }) };
      hash = `${r.content_hash} ${r.doc_id}`;
    }
    cache.delete(rowid);
    cache.set(rowid, { hash, doc });
    if (cache.size > DOCS_MAX) cache.delete(cache.keys().next().value as number);
    out.push(doc);
  }
  return out;
}

const counts = new WeakMap<Db, { at: number; n: number }>();
function docCount(db: Db, now: number): number {
  let c = counts.get(db);
  if (!c || now - c.at > 60_000) {
    c = { at: now, n: (db.prepare('SELECT max(id) AS n FROM products').pluck().get() as number | null) ?? 0 };
    counts.set(db, c);
  }
  return c.n;
}

export function searchCatalog(db: Db, query: string, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  const k = Math.max(1, Math.min(opts.k ?? 20, 200));
  const terms = planQuery(db, query);
  if (terms.length === 0) return { results: [], tookMs: performance.now() - t0 };
  const rows = candidates(db, terms);
  const trimmed = query.trim();
  const codeQuery = isCodeLike(trimmed.replace(/\s+/g, '')) && compact(trimmed).length >= 3 ? compact(trimmed) : undefined;
  const score = fieldScorer(terms, docCount(db, Date.now()), codeQuery);
  const scored = loadDocs(db, rows).map((d) => ({ d, score: score(d.fields) }));
  scored.sort((a, b) => b.score - a.score || a.d.rowid - b.d.rowid);
  const results = scored.slice(0, k).map(({ d, score }) => ({
    ...d.hit,
    score: Math.round(score * 1000) / 1000,
    snippet: snippetOf(d.fields, terms),
  }));
  return { results, tookMs: performance.now() - t0 };
}

/** Plain FTS5 for comparison: AND of the query's terms on each index, `ORDER BY rank LIMIT k`, merged by rank. */
export function baselineSearch(db: Db, query: string, k: number): { productIds: string[]; tookMs: number } {
  const t0 = performance.now();
  const terms = queryTerms(query);
  if (terms.length === 0) return { productIds: [], tookMs: performance.now() - t0 };
  const match = terms.map((t) => ftsString(t.term)).join(' AND ');
  const rows: { rowid: number; rank: number }[] = [];
  for (const table of ['catalog_head', 'catalog_body']) {
    rows.push(...(db.prepare(`SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ? ORDER BY rank LIMIT ?`).all(match, k) as { rowid: number; rank: number }[]));
  }
  rows.sort((a, b) => a.rank - b.rank);
  const ids: string[] = [];
  const p = db.prepare('SELECT product_id FROM products WHERE id = ?').pluck();
  const d = db.prepare('SELECT doc_id FROM standalone_docs WHERE id = ?').pluck();
  for (const r of rows.slice(0, k)) {
    const id = (r.rowid > 0 ? p.get(r.rowid) : d.get(-r.rowid)) as string | undefined;
    if (id !== undefined && !ids.includes(id)) ids.push(id);
  }
  return { productIds: ids, tookMs: performance.now() - t0 };
}

export { DF_CAP };
