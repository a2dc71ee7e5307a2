// Reads of the catalog store: products, standalone documents, token counts, stats, meta.
import { statSync } from 'node:fs';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { CatalogHit, DocKind, ProductDoc, StandaloneDoc } from '../../shared/domain';
import type { StoredProduct } from './fts';
import { PRODUCT_INDEX, withProductIndex } from './product-index';

export interface ProductRow {
  id: number;
  product_id: string;
  name: string;
  category: string;
  specifications: string;
  faq_answers: string;
  return_policy_excerpt: string;
  stock_status: string;
  brand: string | null;
  price: number | null;
  currency: string | null;
  locale: string | null;
  updated_at: string | null;
  manual: string | null;
  demo: number;
  content_hash: string;
}

export interface DocRow {
  id: number;
  doc_id: string;
  title: string;
  body: string;
  kind: DocKind;
  demo: number;
  content_hash: string;
}

export const PRODUCT_COLUMNS =
  'id, product_id, name, category, specifications, faq_answers, return_policy_excerpt, stock_status, brand, price, currency, locale, updated_at, manual, demo, content_hash';

export function rowToStored(r: ProductRow): StoredProduct {
  return {
    productId: r.product_id,
    name: r.name,
    category: r.category,
    specifications: JSON.parse(r.specifications) as StoredProduct['specifications'],
    faqAnswers: JSON.parse(r.faq_answers) as string[],
    returnPolicyExcerpt: r.return_policy_excerpt,
    stockStatus: r.stock_status,
    brand: r.brand,
    price: r.price,
    currency: r.currency,
    locale: r.locale,
    updatedAt: r.updated_at,
    manual: r.manual,
  };
}

export function rowToProduct(r: ProductRow): ProductDoc {
  return storedToProduct(rowToStored(r), r.demo);
}

/** A product as the API and the prompt see it, from its parsed stored form (rowToStored) and demo flag. */
export function storedToProduct(s: StoredProduct, demo: number): ProductDoc {
  const doc: ProductDoc = {
    productId: s.productId,
    name: s.name,
    category: s.category,
    specifications: s.specifications,
    faqAnswers: s.faqAnswers,
    returnPolicyExcerpt: s.returnPolicyExcerpt,
    stockStatus: s.stockStatus,
  };
  if (s.brand !== null) doc.brand = s.brand;
  if (s.price !== null) doc.price = s.price;
  if (s.currency !== null) doc.currency = s.currency;
  if (s.locale !== null) doc.locale = s.locale;
  if (s.updatedAt !== null) doc.updatedAt = s.updatedAt;
  if (s.manual !== null) doc.manual = s.manual;
  if (demo) doc.demo = true;
  return doc;
}

export function rowToDoc(r: DocRow): StandaloneDoc {
  const d: StandaloneDoc = { docId: r.doc_id, title: r.title, body: r.body, kind: r.kind };
  if (r.demo) d.demo = true;
  return d;
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/** A statement prepared once per connection (the read path runs these on every question; SQLite re-prepares a
 * statement by itself when the schema changes). `pluck`: the first column only. */
export function cachedStatement(db: Db, sql: string, pluck = false): Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  const key = pluck ? `pluck\u0000${sql}` : sql;
  let stmt = byDb.get(key);
  if (!stmt) {
    stmt = db.prepare(sql);
    if (pluck) stmt.pluck();
    if (byDb.size < 256) byDb.set(key, stmt);
  }
  return stmt;
}

/** `products` looked up by product id, through its unique index only (see product-index.ts). */
const BY_PID = `products INDEXED BY ${PRODUCT_INDEX}`;

export function getProduct(db: Db, id: string): ProductDoc | undefined {
  return getProducts(db, [id])[0];
}

/** Products in the order of `ids`; unknown ids are skipped. */
export function getProducts(db: Db, ids: readonly string[]): ProductDoc[] {
  return withProductIndex(
    db,
    () => {
      const stmt = cachedStatement(db, `SELECT ${PRODUCT_COLUMNS} FROM ${BY_PID} WHERE product_id = ?`);
      const out: ProductDoc[] = [];
      for (const id of ids) {
        const r = stmt.get(id) as ProductRow | undefined;
        if (r) out.push(rowToProduct(r));
      }
      return out;
    },
    () => [],
  );
}

export function getStandaloneDoc(db: Db, id: string): StandaloneDoc | undefined {
  const r = cachedStatement(db, 'SELECT id, doc_id, title, body, kind, demo, content_hash FROM standalone_docs WHERE doc_id = ?').get(id) as DocRow | undefined;
  return r && rowToDoc(r);
}

export function listStandaloneDocs(db: Db, kind?: DocKind): StandaloneDoc[] {
  const sql = 'SELECT id, doc_id, title, body, kind, demo, content_hash FROM standalone_docs';
  const rows = (kind ? db.prepare(`${sql} WHERE kind = ? ORDER BY doc_id`).all(kind) : db.prepare(`${sql} ORDER BY doc_id`).all()) as DocRow[];
  return rows.map(rowToDoc);
}

/** Stored token counts by product id or standalone doc id (null: not counted yet; absent: unknown id). */
export function getTokenCounts(db: Db, ids: readonly string[]): Map<string, number | null> {
  const p = withProductIndex(db, () => cachedStatement(db, `SELECT token_count AS n FROM ${BY_PID} WHERE product_id = ?`), () => undefined);
  const d = cachedStatement(db, 'SELECT token_count AS n FROM standalone_docs WHERE doc_id = ?');
  const out = new Map<string, number | null>();
  for (const id of ids) {
    const r = (p?.get(id) ?? d.get(id)) as { n: number | null } | undefined;
    if (r) out.set(id, r.n);
  }
  return out;
}

/** What identifies one stored version of a document (its content hash and demo flag), and its token count. */
export interface DocStamp {
  hash: string;
  demo: number;
  tokens: number | null;
}

/** Stamps of products (`kind` product) or standalone documents by id, without reading their content. */
export function getDocStamp(db: Db, kind: 'product' | 'doc', id: string): DocStamp | undefined {
  if (kind === 'product') {
    return withProductIndex(
      db,
      () => cachedStatement(db, `SELECT content_hash AS hash, demo, token_count AS tokens FROM ${BY_PID} WHERE product_id = ?`).get(id) as DocStamp | undefined,
      () => undefined,
    );
  }
  return cachedStatement(db, 'SELECT content_hash AS hash, demo, token_count AS tokens FROM standalone_docs WHERE doc_id = ?').get(id) as DocStamp | undefined;
}

/** A cited product or document by id as a search hit (name and kind only: nothing parsed, nothing rendered). */
export function lookupHit(db: Db, id: string): CatalogHit | undefined {
  const p = withProductIndex(db, () => cachedStatement(db, `SELECT product_id AS id, name FROM ${BY_PID} WHERE product_id = ?`).get(id) as { id: string; name: string } | undefined, () => undefined);
  if (p) return { productId: p.id, name: p.name, kind: 'product', score: 0, snippet: '' };
  const d = cachedStatement(db, 'SELECT doc_id AS id, title, kind FROM standalone_docs WHERE doc_id = ?').get(id) as { id: string; title: string; kind: DocKind } | undefined;
  return d ? { productId: d.id, name: d.title, kind: d.kind, score: 0, snippet: '' } : undefined;
}

/** getDocStamp for many ids at once (one statement per kind): stamps by id, unknown ids absent. */
export function getDocStamps(db: Db, kind: 'product' | 'doc', ids: readonly string[]): Map<string, DocStamp> {
  const out = new Map<string, DocStamp>();
  if (ids.length === 0) return out;
  const sql =
    kind === 'product'
      ? `SELECT product_id AS id, content_hash AS hash, demo, token_count AS tokens FROM ${BY_PID} WHERE product_id IN (SELECT value FROM json_each(?))`
      : 'SELECT doc_id AS id, content_hash AS hash, demo, token_count AS tokens FROM standalone_docs WHERE doc_id IN (SELECT value FROM json_each(?))';
  const rows = withProductIndex(db, () => cachedStatement(db, sql).all(JSON.stringify(ids)) as (DocStamp & { id: string })[], () => []);
  for (const { id, hash, demo, tokens } of rows) out.set(id, { hash, demo, tokens });
  return out;
}

/** Whole product rows with their token counts by product id, in one statement (unknown ids absent). */
export function getProductRows(db: Db, ids: readonly string[]): Map<string, ProductRow & { token_count: number | null }> {
  const out = new Map<string, ProductRow & { token_count: number | null }>();
  if (ids.length === 0) return out;
  const sql = `SELECT ${PRODUCT_COLUMNS}, token_count FROM ${BY_PID} WHERE product_id IN (SELECT value FROM json_each(?))`;
  const rows = withProductIndex(db, () => cachedStatement(db, sql).all(JSON.stringify(ids)) as (ProductRow & { token_count: number | null })[], () => []);
  for (const r of rows) out.set(r.product_id, r);
  return out;
}

export function setTokenCounts(db: Db, entries: ReadonlyArray<readonly [string, number]>): void {
  const p = withProductIndex(db, () => db.prepare(`UPDATE ${BY_PID} SET token_count = ? WHERE product_id = ?`), () => undefined);
  const d = db.prepare('UPDATE standalone_docs SET token_count = ? WHERE doc_id = ?');
  db.transaction(() => {
    for (const [id, n] of entries) if (!p || p.run(n, id).changes === 0) d.run(n, id);
  })();
}

/** Ids of documents whose token count is not stored yet (standalone docs first), for background counting. */
export function uncountedDocuments(db: Db, limit: number): string[] {
  const docs = db.prepare('SELECT doc_id AS id FROM standalone_docs WHERE token_count IS NULL LIMIT ?').all(limit) as { id: string }[];
  const rest = limit - docs.length;
  const products = rest > 0 ? (db.prepare('SELECT product_id AS id FROM products WHERE token_count IS NULL ORDER BY id LIMIT ?').all(rest) as { id: string }[]) : [];
  return [...docs, ...products].map((r) => r.id);
}

/** What a question's reads need to know of the catalog's state, read once per read transaction (catalogState). */
export interface CatalogState {
  /** The version counter (catalogVersion), null on a database without it. */
  version: number | null;
  /** What the search-result cache keys its entries by: changes with every import transaction (a hub sync's too). */
  generation: string;
}

/** The meta key every import write transaction bumps (import.ts): the search results of before are stale. */
export const CATALOG_WRITES = 'catalog_writes';
const META_GENERATION = `(SELECT value FROM catalog_meta WHERE key = 'last_import_at') AS imported, (SELECT value FROM catalog_meta WHERE key = '${CATALOG_WRITES}') AS writes`;

const stateStatements = new WeakMap<Db, { stmt: Statement; counter: boolean }>();
const inTransaction = new WeakMap<Db, CatalogState>();

function readCatalogState(db: Db): CatalogState {
  let s = stateStatements.get(db);
  if (!s) {
    try {
      s = { stmt: db.prepare(`SELECT (SELECT n FROM catalog_version WHERE id = 1) AS n, ${META_GENERATION}`), counter: true };
    } catch {
      s = { stmt: db.prepare(`SELECT NULL AS n, ${META_GENERATION}`), counter: false };
    }
    stateStatements.set(db, s);
  }
  const r = s.stmt.get() as { n: number | null; imported: string | null; writes: string | null };
  return { version: s.counter ? r.n : null, generation: `${r.imported ?? ''} ${r.writes ?? ''}` };
}

/**
 * The catalog's version counter and search generation in one read. Inside a read transaction (a question's reads:
 * one snapshot) the first call reads and the others reuse it until endCatalogReads (the end of the question's
 * document loading) or the end of the current microtask, whichever comes first; outside one, every call reads.
 */
export function catalogState(db: Db): CatalogState {
  if (!db.inTransaction) return readCatalogState(db);
  const known = inTransaction.get(db);
  if (known) return known;
  const state = readCatalogState(db);
  inTransaction.set(db, state);
  queueMicrotask(() => {
    if (inTransaction.get(db) === state) inTransaction.delete(db);
  });
  return state;
}

/** Called in every import write transaction (and the demo catalog's): the search generation moves with the rows, so a
 * search result cached before them is not used after they commit — a hub sync or import stopped part-way included. */
export function bumpWrites(db: Db): void {
  cachedStatement(db, `INSERT INTO catalog_meta (key, value) VALUES ('${CATALOG_WRITES}', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1`).run();
}

/** The question's catalog reads are done: the next catalogState reads again. */
export function endCatalogReads(db: Db): void {
  inTransaction.delete(db);
}

/**
 * The catalog's version counter (migration 3: triggers bump it whenever a stored document's content hash, demo flag,
 * id or token count changes, or a document is deleted, in any process). A document cached in memory and checked against the
 * stored version at counter value N is still the stored version while the counter reads N (read it in the same read
 * transaction as the documents). null on a database without the counter: check every time.
 */
export function catalogVersion(db: Db): number | null {
  return catalogState(db).version;
}

/** The search-result cache's generation (desk.ts): the import time and the import write count. */
export function catalogGeneration(db: Db): string {
  return catalogState(db).generation;
}

export function getMeta(db: Db, key: string): string | undefined {
  const r = cachedStatement(db, 'SELECT value FROM catalog_meta WHERE key = ?').get(key) as { value: string } | undefined;
  return r?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO catalog_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}

export interface CatalogStats {
  products: number;
  standaloneDocs: number;
  demo: boolean;
  lastImportAt: string | null;
  dbBytes: number;
}

export function catalogStats(db: Db): CatalogStats {
  const products = (db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  const standaloneDocs = (db.prepare('SELECT count(*) AS n FROM standalone_docs').get() as { n: number }).n;
  const demoRow = db.prepare('SELECT 1 FROM products WHERE demo = 1 UNION ALL SELECT 1 FROM standalone_docs WHERE demo = 1 LIMIT 1').get();
  let dbBytes = 0;
  const file = db.name;
  if (file && file !== ':memory:') {
    for (const suffix of ['', '-wal']) {
      try {
        dbBytes += statSync(file + suffix).size;
      } catch {
        // no WAL file
      }
    }
  } else {
    dbBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  }
  return { products, standaloneDocs, demo: demoRow !== undefined, lastImportAt: getMeta(db, 'last_import_at') ?? null, dbBytes };
}
