// Applies checked records to the store: upsert by id, merge partial records, skip unchanged, keep FTS rows in step.
import { createHash } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { ProductFields, ValidRecord } from './record';
import { docBody, docHead, productBody, productHead, type StoredProduct } from './fts';
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

export type Item = { line: number; rec: ValidRecord } | { line: number; error: string };

export function emptyReport(): ImportReport {
  return { imported: 0, updated: 0, unchanged: 0, rejected: [], rejectedTotal: 0 };
}

export function reject(report: ImportReport, line: number, error: string): void {
  report.rejectedTotal++;
  if (report.rejected.length < MAX_REJECTED_KEPT) report.rejected.push({ line, error });
}

function hashOf(value: unknown): string {
  return createHash('sha1').update(JSON.stringify(value)).digest('base64');
}

function merge(base: StoredProduct, f: ProductFields): StoredProduct {
  return {
    productId: base.productId,
    name: f.name ?? base.name,
    category: f.category ?? base.category,
    specifications: f.specifications ?? base.specifications,
    faqAnswers: f.faqAnswers ?? base.faqAnswers,
    returnPolicyExcerpt: f.returnPolicyExcerpt ?? base.returnPolicyExcerpt,
    stockStatus: f.stockStatus ?? base.stockStatus,
    brand: f.brand !== undefined ? f.brand : base.brand,
    price: f.price !== undefined ? f.price : base.price,
    currency: f.currency !== undefined ? f.currency : base.currency,
    locale: f.locale !== undefined ? f.locale : base.locale,
    updatedAt: f.updatedAt !== undefined ? f.updatedAt : base.updatedAt,
    manual: f.manual !== undefined ? f.manual : base.manual,
  };
}

function blank(productId: string): StoredProduct {
  return {
    productId, name: '', category: '', specifications: {}, faqAnswers: [], returnPolicyExcerpt: '', stockStatus: '',
    brand: null, price: null, currency: null, locale: null, updatedAt: null, manual: null,
  };
}

function productValues(p: StoredProduct, specs: string, faqs: string): unknown[] {
  return [p.name, p.category, specs, faqs, p.returnPolicyExcerpt, p.stockStatus, p.brand, p.price, p.currency, p.locale, p.updatedAt, p.manual];
}

/** Prepared statements for one import; `apply` must run inside a transaction. */
export class CatalogWriter {
  private readonly s: Record<'selP' | 'insP' | 'updP' | 'selD' | 'insD' | 'updD' | 'insHead' | 'delHead' | 'insBody' | 'delBody', Statement>;

  constructor(db: Db, private readonly demo: boolean) {
    const cols = 'name, category, specifications, faq_answers, return_policy_excerpt, stock_status, brand, price, currency, locale, updated_at, manual';
    this.s = {
      selP: db.prepare(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE product_id = ?`),
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
      else if (item.rec.type === 'product') this.product(item.line, item.rec.productId, item.rec.fields, report);
      else this.doc(item.line, item.rec, report);
    }
  }

  private product(line: number, productId: string, fields: ProductFields, report: ImportReport): void {
    const demo = this.demo ? 1 : 0;
    const row = this.s.selP.get(productId) as ProductRow | undefined;
    if (!row && fields.name === undefined) {
      reject(report, line, `product_name is required for a new product (${productId} is not in the catalog)`);
      return;
    }
    const merged = merge(row ? rowToStored(row) : blank(productId), fields);
    const specs = JSON.stringify(merged.specifications);
    const faqs = JSON.stringify(merged.faqAnswers);
    const values = productValues(merged, specs, faqs);
    const hash = hashOf(values);
    if (row && row.content_hash === hash && row.demo === demo) {
      report.unchanged++;
      return;
    }
    let id: number;
    if (row) {
      id = row.id;
      this.s.updP.run(...values, demo, hash, id);
      this.s.delHead.run(id);
      this.s.delBody.run(id);
      report.updated++;
    } else {
      id = Number(this.s.insP.run(productId, ...values, demo, hash).lastInsertRowid);
      report.imported++;
    }
    this.s.insHead.run(id, ...productHead(merged));
    this.s.insBody.run(id, ...productBody(merged));
  }

  private doc(line: number, rec: Extract<ValidRecord, { type: 'doc' }>, report: ImportReport): void {
    const demo = this.demo ? 1 : 0;
    const row = this.s.selD.get(rec.docId) as DocRow | undefined;
    if (!row && (rec.title === undefined || rec.body === undefined)) {
      reject(report, line, `title and body are required for a new document (${rec.docId} is not in the catalog)`);
      return;
    }
    const merged = { docId: rec.docId, title: rec.title ?? row?.title ?? '', body: rec.body ?? row?.body ?? '', kind: rec.kind ?? row?.kind ?? 'policy' };
    const hash = hashOf([merged.title, merged.body, merged.kind]);
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
