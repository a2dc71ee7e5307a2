// Catalog search: candidates from the rarest terms (head index first, then body), bounded at every step,
// re-ranked in JS over the whole query. Nothing the agent typed reaches FTS5 as syntax (terms are quoted).
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { DF_CAP, planQuery, termMatch, type PlannedTerm } from './plan';
import { docFields, fieldScorer, productFields, type Fields } from './rerank';
import { snippetOf } from './snippet';
import type { StoredProduct } from './fts';
import { cachedStatement, catalogVersion, PRODUCT_COLUMNS, rowToStored, type DocRow, type ProductRow } from './store';
import { PRODUCT_INDEX, withProductIndex } from './product-index';
import { indexState, rankIsZero, topRanked, type IndexState, type Table } from './postings';
import { compact, ftsString, isCodeLike, queryTerms } from './tokenize';
import { stringBytes } from '../string-bytes';

export interface SearchOptions {
  k?: number;
  /** False: every hit's snippet is '' (the answer engine renders whole documents and never shows a snippet; working
   * them out was ~1.3% of a serving process's CPU with new questions, and they were a third of the search cache). */
  snippets?: boolean;
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

function rarest(terms: PlannedTerm[], table: Table): PlannedTerm[] {
  const dfOf = (t: PlannedTerm): number => (table === 'catalog_head' ? t.headDf : t.bodyDf);
  return terms
    .filter((t) => dfOf(t) > 0 && dfOf(t) < RARE && (table === 'catalog_head' || !t.prefix))
    .sort((a, b) => dfOf(a) - dfOf(b))
    .slice(0, ENUMERATE);
}

/**
 * Candidate rowids (of the index: a negative one is a standalone document). The rarest terms enumerate (bm25 over
 * short doclists only: cheap); common terms only score, in the re-ranking. When every term is common, their
 * intersection is taken with a LIMIT (stop early).
 */
function candidates(db: Db, state: IndexState, terms: PlannedTerm[]): number[] {
  const head = rarest(terms, 'catalog_head');
  const body = rarest(terms, 'catalog_body');
  const out = new Set<number>();
  const add = (rows: number[]): void => {
    for (const r of rows) out.add(r);
  };
  const ranked = (table: Table, ts: PlannedTerm[]): void => {
    if (ts.length === 0) return;
    // When the terms match no more rows than are kept, ranking them changes nothing: the candidates are a set. The
    // document frequencies say when to try; the listing says for sure.
    const match = ts.map(termMatch).join(' OR ');
    if (ts.reduce((n, t) => n + (table === 'catalog_head' ? t.headDf : t.bodyDf), 0) <= PER_INDEX) {
      const all = cachedStatement(db, `SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${PER_INDEX + 1}`, true).all(match) as number[];
      if (all.length <= PER_INDEX) return add(all);
    }
    // every rank 0 (the body index): the ranked rows are the first ones listed
    if (rankIsZero(db, table)) return add(cachedStatement(db, `SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${PER_INDEX}`, true).all(match) as number[]);
    // `MATCH 't0 OR t1 …' ORDER BY rank LIMIT PER_INDEX`, from each term's rows and bm25 shares (postings.ts): a term
    // another question looked up is not ranked again
    add(topRanked(db, state, table, ts.map(termMatch), PER_INDEX));
  };
  if (head.length > 0 || body.length > 0) {
    ranked('catalog_head', head);
    ranked('catalog_body', body);
    return [...out];
  }
  for (const table of ['catalog_head', 'catalog_body'] as const) {
    const usable = terms.filter((t) => (table === 'catalog_head' ? t.headDf : t.bodyDf) > 0 && (table === 'catalog_head' || !t.prefix));
    if (usable.length === 0) continue;
    const match = usable.map(termMatch).join(' AND ');
    add(cachedStatement(db, `SELECT rowid FROM ${table} WHERE ${table} MATCH ? LIMIT ${COMMON_LIMIT}`, true).all(match) as number[]);
    if (out.size >= 20) break;
  }
  return [...out];
}

interface Doc {
  rowid: number;
  hit: Omit<CatalogHit, 'score' | 'snippet'>;
  fields: Fields;
}

/** Candidate documents read before, by rowid, with the stamp (`content_hash product_id`, or `doc_id`) they were read
 * at (an import in any process changes the hash; a reused rowid has another hash or id) and the catalog version
 * (catalogVersion) when they were last checked against it: while the version reads the same, nothing is read.
 * Bounded by entries and by bytes: the generator's products take ~1 KB each (5,000 ≈ 5.5 MB), but a product with an
 * 8,000-character manual keeps ~20 KB (its fields, the scorer's folded copies, its word filters), and 5,000 of those
 * would be ~100 MB per serving process. */
const DOCS_MAX = 5_000;
export const DOCS_BYTES = 16 * 1024 * 1024;
let docsBudget = DOCS_BYTES;
/** For tests: another byte bound for the document caches (no argument: the default). */
export function limitDocCache(bytes: number = DOCS_BYTES): void {
  docsBudget = bytes;
}
interface Cached {
  hash: string;
  doc: Doc;
  checkedAt: number | null;
  bytes: number;
}
/** About what a cached document keeps alive: each field once as read and once folded by the scorer (1 byte a
 * character, 2 when it holds anything past Latin-1), a word filter for a long one (~2 bits a character), the rest. */
function docBytes(d: Doc): number {
  let n = 600 + 2 * d.hit.productId.length + 2 * d.hit.name.length;
  for (const text of Object.values(d.fields)) {
    if (!text) continue;
    n += 2 * stringBytes(text) + (text.length >= 400 ? text.length >>> 2 : 0);
  }
  return n;
}
class DocCache {
  readonly map = new Map<number, Cached>();
  bytes = 0;
  get(rowid: number): Cached | undefined {
    return this.map.get(rowid);
  }
  delete(rowid: number): void {
    const old = this.map.get(rowid);
    if (!old) return;
    this.map.delete(rowid);
    this.bytes -= old.bytes;
  }
  /** Newest last; the oldest go while over either bound. */
  set(rowid: number, hash: string, doc: Doc, checkedAt: number | null): void {
    this.delete(rowid);
    const bytes = docBytes(doc);
    this.map.set(rowid, { hash, doc, checkedAt, bytes });
    this.bytes += bytes;
    while (this.map.size > DOCS_MAX || (this.bytes > docsBudget && this.map.size > 1)) this.delete(this.map.keys().next().value as number);
  }
  full(): boolean {
    return this.map.size >= DOCS_MAX || this.bytes >= docsBudget;
  }
}
const docCache = new WeakMap<Db, DocCache>();
function docsOf(db: Db): DocCache {
  let cache = docCache.get(db);
  if (!cache) docCache.set(db, (cache = new DocCache()));
  return cache;
}

/** For tests and the bench: the documents kept for `db` and their bytes (estimated). */
export function docCacheStats(db: Db): { entries: number; bytes: number } {
  const c = docCache.get(db);
  return { entries: c?.map.size ?? 0, bytes: c?.bytes ?? 0 };
}

/** A product row a search read, with its parsed stored form. */
export interface RecentProduct {
  row: ProductRow;
  stored: StoredProduct;
}

/** The product rows the last searches read (parsed), by product id: the engine renders its hits from them instead
 * of reading and parsing the same rows again right after (it checks them against the stored content hash first). */
const ROWS_MAX = 256;
const recentRows = new WeakMap<Db, Map<string, RecentProduct>>();

export function recentProduct(db: Db, productId: string): RecentProduct | undefined {
  return recentRows.get(db)?.get(productId);
}

function remember(db: Db, row: ProductRow, stored: StoredProduct): void {
  let rows = recentRows.get(db);
  if (!rows) recentRows.set(db, (rows = new Map()));
  rows.delete(row.product_id);
  rows.set(row.product_id, { row, stored });
  if (rows.size > ROWS_MAX) rows.delete(rows.keys().next().value as string);
}

function productDoc(r: ProductRow, s: StoredProduct = rowToStored(r)): Doc {
  return { rowid: r.id, hit: { productId: s.productId, name: s.name.length > 500 ? `${s.name.slice(0, 500)}…` : s.name, kind: 'product' }, fields: productFields(s) };
}

/**
 * A serving process's warm-up: the products with these ids (unknown ids skipped) into this connection's document
 * cache, as a search would keep them, until `stop()` says so or the cache is full; returns how many were added. A
 * first search over them then finds them prepared.
 */
export function preloadProductDocs(db: Db, productIds: readonly string[], stop: () => boolean): number {
  const cache = docsOf(db);
  const version = catalogVersion(db);
  let added = 0;
  const sql = `SELECT ${PRODUCT_COLUMNS} FROM products INDEXED BY ${PRODUCT_INDEX} WHERE product_id = ?`;
  for (const id of productIds) {
    if (cache.full() || stop()) break;
    const r = withProductIndex(db, () => cachedStatement(db, sql).get(id) as ProductRow | undefined, () => undefined);
    if (!r || cache.get(r.id)) continue;
    cache.set(r.id, `${r.content_hash} ${r.product_id}`, productDoc(r), version);
    added++;
  }
  return added;
}

/** The stamp a cached document is checked against, read by rowid. */
const PRODUCT_STAMP = "SELECT content_hash || ' ' || product_id FROM products WHERE id = ?";
const DOC_STAMP = "SELECT content_hash || ' ' || doc_id FROM standalone_docs WHERE id = ?";

/** The candidates' documents: from the cache while the catalog version says they are current, else checked against
 * their stamp, else read (an index row whose document is gone gives none). */
function loadDocs(db: Db, rowids: readonly number[]): Doc[] {
  const cache = docsOf(db);
  const version = catalogVersion(db);
  // known and current documents in place; the rest read below (products in one statement: a cold search reads
  // dozens of rows, and one statement for all of them costs about half as much as one each)
  const slots: (Doc | number)[] = [];
  let products: number[] | null = null;
  for (const rowid of rowids) {
    const known = cache.get(rowid);
    if (known) {
      if (version !== null && known.checkedAt === version) {
        slots.push(known.doc);
        continue;
      }
      const stamp = cachedStatement(db, rowid > 0 ? PRODUCT_STAMP : DOC_STAMP, true).get(rowid > 0 ? rowid : -rowid) as string | undefined;
      if (stamp === undefined) {
        cache.delete(rowid);
        continue;
      }
      if (stamp === known.hash) {
        known.checkedAt = version;
        slots.push(known.doc);
        continue;
      }
    }
    slots.push(rowid);
    if (rowid > 0) (products ??= []).push(rowid);
  }
  const rows = new Map<number, ProductRow>();
  if (products) {
    const read = cachedStatement(db, `SELECT ${PRODUCT_COLUMNS} FROM products WHERE id IN (SELECT value FROM json_each(?))`).all(JSON.stringify(products)) as ProductRow[];
    for (const r of read) rows.set(r.id, r);
  }
  const out: Doc[] = [];
  for (const slot of slots) {
    if (typeof slot !== 'number') {
      out.push(slot);
      continue;
    }
    const rowid = slot;
    let doc: Doc;
    let hash: string;
    if (rowid > 0) {
      const r = rows.get(rowid);
      if (!r) continue;
      const stored = rowToStored(r);
      remember(db, r, stored);
      doc = productDoc(r, stored);
      hash = `${r.content_hash} ${r.product_id}`;
    } else {
      const r = cachedStatement(db, 'SELECT id, doc_id, title, body, kind, demo, content_hash FROM standalone_docs WHERE id = ?').get(-rowid) as DocRow | undefined;
      if (!r) continue;
      doc = { rowid, hit: { productId: r.doc_id, name: r.title.length > 500 ? `${r.title.slice(0, 500)}…` : r.title, kind: r.kind }, fields: docFields({ docId: r.doc_id, title: r.title, body: r.body, kind: r.kind }) };
      hash = `${r.content_hash} ${r.doc_id}`;
    }
    cache.set(rowid, hash, doc, version);
    out.push(doc);
  }
  return out;
}

/** The scorer's N (the largest products rowid), read once per version of the indexes. */
function docCount(db: Db, state: IndexState): number {
  return (state.docCount ??= (cachedStatement(db, 'SELECT max(id) AS n FROM products', true).get() as number | null) ?? 0);
}

export function searchCatalog(db: Db, query: string, opts: SearchOptions = {}): SearchResult {
  const t0 = performance.now();
  const k = Math.max(1, Math.min(opts.k ?? 20, 200));
  const withSnippets = opts.snippets ?? true;
  const state = indexState(db);
  const terms = planQuery(db, query, state);
  if (terms.length === 0) return { results: [], tookMs: performance.now() - t0 };
  const rows = candidates(db, state, terms);
  const trimmed = query.trim();
  const codeQuery = isCodeLike(trimmed.replace(/\s+/g, '')) && compact(trimmed).length >= 3 ? compact(trimmed) : undefined;
  const score = fieldScorer(terms, docCount(db, state), codeQuery);
  const scored = loadDocs(db, rows).map((d) => ({ d, score: score(d.fields) }));
  scored.sort((a, b) => b.score - a.score || a.d.rowid - b.d.rowid);
  const results = scored.slice(0, k).map(({ d, score }) => ({
    ...d.hit,
    score: Math.round(score * 1000) / 1000,
    snippet: withSnippets ? snippetOf(d.fields, terms) : '',
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
