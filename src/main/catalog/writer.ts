// Applies checked records to the store: upsert by id, merge partial records, skip unchanged, keep FTS rows in step.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { ValidRecord } from './record';
import { docBody, docHead, productBody, productHead } from './fts';
import { fieldsOf, hashValues, LIGHT, mergeFields, productValues, withIndexColumns, type Item, type PreparedProduct } from './prepare';
import { PRODUCT_INTS, SLOT, type WireCursor } from './wire';
import { PRODUCT_COLUMNS, rowToStored, type DocRow, type ProductRow } from './store';
import { IdHashSet, PRODUCT_INDEX, restoreProductIndex } from './product-index';

export interface ImportReport {
  imported: number;
  updated: number;
  unchanged: number;
  /** The first rejected records (at most MAX_REJECTED_KEPT), in file order. */
  rejected: { line: number; error: string }[];
  /** Every rejected record, including those not kept in `rejected`. */
  rejectedTotal: number;
}

export const MAX_REJECTED_KEPT = 1000;
const NAME_BIT = 1; // VALUE_FIELDS[0] is name
const PRICE = 7; // VALUE_FIELDS index of price

function newWithoutName(productId: string): string {
  return `product_name is required for a new product (${productId} is not in the catalog)`;
}

/** values (productValues order) vs the stored row: does any field the FTS head/body rows are built from differ? */
function indexedChanged(r: ProductRow, v: readonly unknown[]): boolean {
  return r.name !== v[0] || r.category !== v[1] || r.specifications !== v[2] || r.faq_answers !== v[3] ||
    r.return_policy_excerpt !== v[4] || r.brand !== v[6] || r.manual !== v[11];
}

export function emptyReport(): ImportReport {
  return { imported: 0, updated: 0, unchanged: 0, rejected: [], rejectedTotal: 0 };
}

export function reject(report: ImportReport, line: number, error: string): void {
  report.rejectedTotal++;
  if (report.rejected.length < MAX_REJECTED_KEPT) report.rejected.push({ line, error });
}

/** Prepared statements for one import; `apply` / `applyWire` must run inside a transaction. */
export class CatalogWriter {
  private readonly s: Record<'insP' | 'updP' | 'selD' | 'insD' | 'updD' | 'insHead' | 'delHead' | 'insBody' | 'delBody', Statement>;
  /** Lookups by product id, prepared on first use (they need the unique index). */
  private byId: { selP: Statement; rowP: Statement } | undefined;
  /** The LIGHT record path's lookup and update (see lightWire), prepared on first use. */
  private light: { sel: Statement; upd: Statement } | undefined;
  /** FTS head/body rows written (inserted or replaced): the index merge after the import has work only if > 0. */
  ftsWritten = 0;
  /** Records applied by the stock-only path (lightWire). */
  lightApplied = 0;
  /** Products and documents deleted (remove items). */
  removed = 0;
  /**
   * Set when the products table was empty when the import started and its unique index is dropped: new rows are
   * inserted without looking them up (the ids written so far are kept here); a record for an id seen before
   * waits in `deferred` until the index is back (`applyDeferred`).
   */
  private seen: IdHashSet | undefined;
  private deferred: { line: number; product: PreparedProduct }[] = [];

  /** `fresh`: the products table is empty and its unique index dropped (dropProductIndex); else the index is ensured. */
  constructor(private readonly db: Db, private readonly demo: boolean, opts: { fresh?: boolean } = {}) {
    const cols = 'name, category, specifications, faq_answers, return_policy_excerpt, stock_status, brand, price, currency, locale, updated_at, manual';
    // Text values may come as UTF-8 bytes (blobs) from the wire: CAST stores them as TEXT (a no-op for strings).
    const text = 'CAST(? AS TEXT)';
    if (opts.fresh) this.seen = new IdHashSet();
    else restoreProductIndex(db);
    this.s = {
      insP: db.prepare(
        `INSERT INTO products (product_id, ${cols}, demo, content_hash) VALUES (${Array(8).fill(text).join(', ')}, ?, ${Array(4).fill(text).join(', ')}, ?, ${text})` +
          (opts.fresh ? '' : ' ON CONFLICT(product_id) DO NOTHING'),
      ),
      updP: db.prepare(
        `UPDATE products SET ${cols.split(', ').map((c) => `${c} = ?`).join(', ')}, demo = ?, content_hash = ?, token_count = NULL WHERE id = ?`,
      ),
      selD: db.prepare('SELECT id, doc_id, title, body, kind, demo, content_hash FROM standalone_docs WHERE doc_id = ?'),
      insD: db.prepare('INSERT INTO standalone_docs (doc_id, title, body, kind, demo, content_hash) VALUES (?, ?, ?, ?, ?, ?)'),
      updD: db.prepare('UPDATE standalone_docs SET title = ?, body = ?, kind = ?, demo = ?, content_hash = ?, token_count = NULL WHERE id = ?'),
      insHead: db.prepare('INSERT INTO catalog_head (rowid, name, brand, category, codes) VALUES (?, ?, ?, ?, ?)'),
      delHead: db.prepare('DELETE FROM catalog_head WHERE rowid = ?'),
      insBody: db.prepare('INSERT INTO catalog_body (rowid, specs, faqs, policy, manual) VALUES (?, ?, ?, ?, ?)'),
      delBody: db.prepare('DELETE FROM catalog_body WHERE rowid = ?'),
    };
  }

  apply(items: readonly Item[], report: ImportReport): void {
    for (const item of items) {
      if ('error' in item) reject(report, item.line, item.error);
      else if ('product' in item) {
        if (this.seen) this.deferred.push(item);
        else this.product(item.line, item.product, report);
      }
      else if ('remove' in item) this.remove(item.remove);
      else this.doc(item.line, item.doc, report);
    }
  }

  /** Applies the next `count` items of a wire batch (fewer if it has fewer left); returns how many it applied. */
  applyWire(c: WireCursor, count: number, report: ImportReport): number {
    const end = Math.min(c.b.count, c.item + count);
    const from = c.item;
    for (; c.item < end; c.item++) {
      if (c.b.kinds[c.item] === 0) {
        const item = c.nextOther();
        if ('error' in item) reject(report, item.line, item.error);
        else if ('doc' in item) this.doc(item.line, item.doc, report);
        else if ('remove' in item) this.remove(item.remove);
        continue;
      }
      this.wireProduct(c, report);
      c.k += PRODUCT_INTS;
      c.n++;
    }
    return end - from;
  }

  /** Records waiting for the unique index (see `seen`). */
  get deferredCount(): number {
    return this.deferred.length;
  }

  /**
   * Applies the records that waited for the unique index; call after restoring it, inside a transaction. The rest
   * of the import then looks every product up (`fresh` ends). At most `max` per call (returns how many it applied).
   */
  applyDeferred(report: ImportReport, max = Infinity): number {
    this.seen = undefined;
    const items = this.deferred.length <= max ? this.deferred : this.deferred.slice(0, max);
    this.deferred = this.deferred.length <= max ? [] : this.deferred.slice(max);
    for (const { line, product } of items) this.product(line, product, report);
    return items.length;
  }

  /** A new product is written from the batch's bytes; anything else takes the string path. */
  private wireProduct(c: WireCursor, report: ImportReport): void {
    const k = c.k;
    if (c.b.ints[k + 1] & LIGHT) {
      if (!this.seen && this.lightWire(c, k, report)) return;
      const { line, product } = c.product(k, c.n);
      const full = withIndexColumns(product);
      if (!this.seen) this.product(line, full, report);
      else if (this.seen.seen(c.bytes(k, SLOT.id) as Uint8Array, true)) this.deferred.push({ line, product: full });
      else {
        this.insertNew(full, this.demo ? 1 : 0);
        report.imported++;
      }
      return;
    }
    const named = (c.b.ints[k + 1] & NAME_BIT) !== 0;
    if (this.seen) {
      if (this.seen.seen(c.bytes(k, SLOT.id) as Uint8Array, named)) this.deferred.push(c.product(k, c.n));
      else if (named) {
        this.insertWire(c, k, this.demo ? 1 : 0);
        report.imported++;
      } else reject(report, c.b.ints[k], newWithoutName(c.str(k, SLOT.id) ?? ''));
      return;
    }
    if (named) {
      const demo = this.demo ? 1 : 0;
      const row = this.lookups().selP.get(c.str(k, SLOT.id)) as Pick<ProductRow, 'content_hash' | 'demo'> | undefined;
      if (row && row.content_hash === c.str(k, SLOT.hash) && row.demo === demo) {
        report.unchanged++;
        return;
      }
      if (!row && this.insertWire(c, k, demo)) {
        report.imported++;
        return;
      }
    }
    const { line, product } = c.product(k, c.n);
    this.product(line, product, report);
  }

  private lookups(): { selP: Statement; rowP: Statement } {
    this.byId ??= {
      selP: this.db.prepare(`SELECT id, content_hash, demo FROM products INDEXED BY ${PRODUCT_INDEX} WHERE product_id = ?`),
      rowP: this.db.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`),
    };
    return this.byId;
  }

  /**
   * A LIGHT record (every field, no index columns): when the stored row's indexed fields equal the record's, only the
   * other columns are written (one UPDATE, no merge, JSON, hash or FTS work); false when the record needs the full
   * path (no such row, or an indexed field differs — this desk missed an earlier change).
   */
  private lightWire(c: WireCursor, k: number, report: ImportReport): boolean {
    this.light ??= {
      sel: this.db.prepare(`SELECT id, content_hash, demo, name, category, specifications, faq_answers, return_policy_excerpt, brand, manual FROM products INDEXED BY ${PRODUCT_INDEX} WHERE product_id = ?`),
      upd: this.db.prepare('UPDATE products SET stock_status = CAST(? AS TEXT), price = ?, currency = CAST(? AS TEXT), locale = CAST(? AS TEXT), updated_at = CAST(? AS TEXT), demo = ?, content_hash = CAST(? AS TEXT), token_count = NULL WHERE id = ?'),
    };
    const row = this.light.sel.get(c.str(k, SLOT.id)) as (Pick<ProductRow, 'id' | 'content_hash' | 'demo' | 'name' | 'category' | 'specifications' | 'faq_answers' | 'return_policy_excerpt' | 'brand' | 'manual'>) | undefined;
    if (!row) return false;
    const demo = this.demo ? 1 : 0;
    if (row.content_hash === c.str(k, SLOT.hash) && row.demo === demo) {
      report.unchanged++;
      return true;
    }
    const v = (i: number): string | null => c.str(k, SLOT.value + i);
    if (row.name !== v(0) || row.category !== v(1) || row.specifications !== v(2) || row.faq_answers !== v(3) ||
      row.return_policy_excerpt !== v(4) || row.brand !== v(6) || row.manual !== v(11)) return false;
    const b = (i: number): Uint8Array | null => c.bytes(k, SLOT.value + i);
    const price = c.b.ints[k + 2 + 2 * (SLOT.value + PRICE)] < 0 ? null : c.b.prices[c.n];
    this.light.upd.run(b(5), price, b(8), b(9), b(10), demo, c.bytes(k, SLOT.hash), row.id);
    this.lightApplied++;
    report.updated++;
    return true;
  }

  /**
   * Deletes a product or document and its index rows (nothing when it is not here). Products wait for the unique
   * index like any repeated id while a fresh import holds it (an id not written yet by this import is not here).
   */
  private remove(r: { kind: 'p' | 'd'; id: string }): void {
    let id: number | undefined;
    if (r.kind === 'd') {
      id = (this.s.selD.get(r.id) as DocRow | undefined)?.id;
      if (id !== undefined) this.db.prepare('DELETE FROM standalone_docs WHERE id = ?').run(id);
      id = id === undefined ? undefined : -id;
    } else {
      if (this.seen && !this.seen.seen(Buffer.from(r.id), false)) return;
      // While a fresh import holds the index: records of this id waiting for it are dropped (they came before the
      // delete), and the row is found by a scan (a delete of a row written by the same import: rare).
      if (this.seen) this.deferred = this.deferred.filter((d) => d.product.productId !== r.id);
      id = this.seen
        ? (this.db.prepare('SELECT id FROM products WHERE product_id = ?').pluck().get(r.id) as number | undefined)
        : ((this.lookups().selP.get(r.id) as { id: number } | undefined)?.id);
      if (id !== undefined) this.db.prepare('DELETE FROM products WHERE id = ?').run(id);
    }
    if (id === undefined) return;
    this.s.delHead.run(id);
    this.s.delBody.run(id);
    this.ftsWritten++;
    this.removed++;
  }

  /** Inserts a new product from strings (the fresh-import path of a completed LIGHT record). */
  private insertNew(p: PreparedProduct, demo: number): void {
    const id = Number(this.s.insP.run(p.productId, ...p.values, demo, p.hash).lastInsertRowid);
    this.s.insHead.run(id, ...p.head);
    this.s.insBody.run(id, ...p.body);
    this.ftsWritten++;
  }

  /** Inserts the product at `k` unless its product id exists; false when it does. */
  private insertWire(c: WireCursor, k: number, demo: number): boolean {
    const v = (i: number): Uint8Array | null => c.bytes(k, SLOT.value + i);
    const price = c.b.ints[k + 2 + 2 * (SLOT.value + PRICE)] < 0 ? null : c.b.prices[c.n];
    const r = this.s.insP.run(c.bytes(k, SLOT.id), v(0), v(1), v(2), v(3), v(4), v(5), v(6), price, v(8), v(9), v(10), v(11), demo, c.bytes(k, SLOT.hash));
    if (r.changes === 0) return false;
    const id = Number(r.lastInsertRowid);
    const h = SLOT.head;
    const b = SLOT.body;
    this.s.insHead.run(id, c.bytes(k, h), c.bytes(k, h + 1), c.bytes(k, h + 2), c.bytes(k, h + 3));
    this.s.insBody.run(id, c.bytes(k, b), c.bytes(k, b + 1), c.bytes(k, b + 2), c.bytes(k, b + 3));
    this.ftsWritten++;
    return true;
  }

  private product(line: number, p: PreparedProduct, report: ImportReport): void {
    const demo = this.demo ? 1 : 0;
    const row = this.lookups().selP.get(p.productId) as Pick<ProductRow, 'id' | 'content_hash' | 'demo'> | undefined;
    if (!row) {
      if (!(p.mask & NAME_BIT)) {
        reject(report, line, newWithoutName(p.productId));
        return;
      }
      const r = this.s.insP.run(p.productId, ...p.values, demo, p.hash);
      if (r.changes === 0) throw new Error(`product ${p.productId} appeared during the import`);
      const id = Number(r.lastInsertRowid);
      this.s.insHead.run(id, ...p.head);
      this.s.insBody.run(id, ...p.body);
      this.ftsWritten++;
      report.imported++;
      return;
    }
    // The record alone already equals the stored product: nothing to merge or write.
    if (row.content_hash === p.hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    const stored = this.lookups().rowP.get(row.id) as ProductRow;
    const merged = mergeFields(rowToStored(stored), fieldsOf(p));
    const values = productValues(merged);
    const hash = hashValues(values);
    if (row.content_hash === hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    this.s.updP.run(...values, demo, hash, row.id);
    // A change outside the indexed fields (a stock feed: stock, price, currency…) leaves the FTS rows as they are.
    if (indexedChanged(stored, values)) {
      this.s.delHead.run(row.id);
      this.s.delBody.run(row.id);
      this.s.insHead.run(row.id, ...productHead(merged));
      this.s.insBody.run(row.id, ...productBody(merged));
      this.ftsWritten++;
    }
    report.updated++;
  }

  private doc(line: number, rec: Extract<ValidRecord, { type: 'doc' }>, report: ImportReport): void {
    const demo = this.demo ? 1 : 0;
    const row = this.s.selD.get(rec.docId) as DocRow | undefined;
    if (!row && (rec.title === undefined || rec.body === undefined)) {
      reject(report, line, `title and body are required for a new document (${rec.docId} is not in the catalog)`);
      return;
    }
    const merged = { docId: rec.docId, title: rec.title ?? row?.title ?? '', body: rec.body ?? row?.body ?? '', kind: rec.kind ?? row?.kind ?? 'policy' };
    const hash = hashValues([merged.title, merged.body, merged.kind]);
    if (row && row.content_hash === hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    let id: number;
    if (row) {
      id = row.id;
      this.s.updD.run(merged.title, merged.body, merged.kind, demo, hash, id);
      this.s.delHead.run(-id);
      this.s.delBody.run(-id);
      report.updated++;
    } else {
      id = Number(this.s.insD.run(merged.docId, merged.title, merged.body, merged.kind, demo, hash).lastInsertRowid);
      report.imported++;
    }
    this.s.insHead.run(-id, ...docHead(merged));
    this.s.insBody.run(-id, ...docBody(merged));
    this.ftsWritten++;
  }
}
