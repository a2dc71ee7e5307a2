// Applies checked records to the store: upsert by id, merge partial records, skip unchanged, keep FTS rows in step.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { ValidRecord } from './record';
import { docBody, docHead, productBody, productHead } from './fts';
import { fieldsOf, hashValues, mergeFields, productValues, type Item, type PreparedProduct } from './prepare';
import { PRODUCT_COLUMNS, rowToStored, type DocRow, type ProductRow } from './store';

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

export function emptyReport(): ImportReport {
  return { imported: 0, updated: 0, unchanged: 0, rejected: [], rejectedTotal: 0 };
}

export function reject(report: ImportReport, line: number, error: string): void {
  report.rejectedTotal++;
  if (report.rejected.length < MAX_REJECTED_KEPT) report.rejected.push({ line, error });
}

/** Prepared statements for one import; `apply` must run inside a transaction. */
export class CatalogWriter {
  private readonly s: Record<'selP' | 'rowP' | 'insP' | 'updP' | 'selD' | 'insD' | 'updD' | 'insHead' | 'delHead' | 'insBody' | 'delBody', Statement>;

  constructor(db: Db, private readonly demo: boolean) {
    const cols = 'name, category, specifications, faq_answers, return_policy_excerpt, stock_status, brand, price, currency, locale, updated_at, manual';
    this.s = {
      selP: db.prepare('SELECT id, content_hash, demo FROM products WHERE product_id = ?'),
      rowP: db.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE id = ?`),
      insP: db.prepare(`INSERT INTO products (product_id, ${cols}, demo, content_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
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
      else if ('product' in item) this.product(item.line, item.product, report);
      else this.doc(item.line, item.doc, report);
    }
  }

  private product(line: number, p: PreparedProduct, report: ImportReport): void {
    const demo = this.demo ? 1 : 0;
    const row = this.s.selP.get(p.productId) as Pick<ProductRow, 'id' | 'content_hash' | 'demo'> | undefined;
    if (!row) {
      if (!(p.mask & NAME_BIT)) {
        reject(report, line, `product_name is required for a new product (${p.productId} is not in the catalog)`);
        return;
      }
      const id = Number(this.s.insP.run(p.productId, ...p.values, demo, p.hash).lastInsertRowid);
      this.s.insHead.run(id, ...p.head);
      this.s.insBody.run(id, ...p.body);
      report.imported++;
      return;
    }
    // The record alone already equals the stored product: nothing to merge or write.
    if (row.content_hash === p.hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    const merged = mergeFields(rowToStored(this.s.rowP.get(row.id) as ProductRow), fieldsOf(p));
    const values = productValues(merged);
    const hash = hashValues(values);
    if (row.content_hash === hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    this.s.updP.run(...values, demo, hash, row.id);
    this.s.delHead.run(row.id);
    this.s.delBody.run(row.id);
    this.s.insHead.run(row.id, ...productHead(merged));
    this.s.insBody.run(row.id, ...productBody(merged));
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
  }
}
