// Pure per-record preparation (no database): check, merge onto a blank product, hash, index columns.
// Runs in the import worker (or inline); the writer then only runs statements.
import { createHash, hash } from 'node:crypto';
import { checkRecord, type ProductFields, type ValidRecord } from './record';
import { productBody, productHead, type BodyColumns, type HeadColumns, type StoredProduct } from './fts';
import type { RawItem } from './sources';

/** Column order of `values` (the products columns after product_id). */
export const VALUE_FIELDS = [
  'name', 'category', 'specifications', 'faqAnswers', 'returnPolicyExcerpt', 'stockStatus',
  'brand', 'price', 'currency', 'locale', 'updatedAt', 'manual',
] as const satisfies ReadonlyArray<keyof ProductFields>;

/** Mask bits of the fields the FTS head/body rows are built from (name, category, specifications, FAQs, policy, brand, manual). */
export const INDEXED_FIELDS = 0b1000_0101_1111;
/**
 * Mask bit of a full record whose index columns were not computed (head/body empty): the team hub's sync sends a
 * change that touched no indexed field this way. The writer updates the row's other columns when its stored
 * indexed fields equal the record's, else completes the record (withIndexColumns) and takes the full path.
 */
export const LIGHT = 1 << 12;

export interface PreparedProduct {
  productId: string;
  /** Bit i set: the record carries VALUE_FIELDS[i] (the others came from the blank product). */
  mask: number;
  /** Column values of the record merged onto a blank product (specifications and FAQs as JSON text). */
  values: unknown[];
  hash: string;
  head: HeadColumns;
  body: BodyColumns;
}

export type Item =
  | { line: number; error: string }
  | { line: number; product: PreparedProduct }
  | { line: number; doc: Extract<ValidRecord, { type: 'doc' }> }
  /** A product ('p') or document ('d') deleted at the team hub (only the hub's sync makes these). */
  | { line: number; remove: { kind: 'p' | 'd'; id: string } };

export function blankProduct(productId: string): StoredProduct {
  return {
    productId, name: '', category: '', specifications: {}, faqAnswers: [], returnPolicyExcerpt: '', stockStatus: '',
    brand: null, price: null, currency: null, locale: null, updatedAt: null, manual: null,
  };
}

export function mergeFields(base: StoredProduct, f: ProductFields): StoredProduct {
  const out: StoredProduct = { ...base };
  for (const k of VALUE_FIELDS) if (f[k] !== undefined) (out as unknown as Record<string, unknown>)[k] = f[k];
  return out;
}

export function hashValues(values: readonly unknown[]): string {
  const text = JSON.stringify(values);
  // One-shot crypto.hash (Node ≥ 20.12) skips the Hash object; the digest is the same.
  return typeof hash === 'function' ? hash('sha1', text, 'base64') : createHash('sha1').update(text).digest('base64');
}

export function productValues(p: StoredProduct): unknown[] {
  return [
    p.name, p.category, JSON.stringify(p.specifications), JSON.stringify(p.faqAnswers), p.returnPolicyExcerpt, p.stockStatus,
    p.brand, p.price, p.currency, p.locale, p.updatedAt, p.manual,
  ];
}

/** The fields a prepared record carries, recovered from mask + values (for merging onto an existing row). */
export function fieldsOf(p: PreparedProduct): ProductFields {
  const f: Record<string, unknown> = {};
  VALUE_FIELDS.forEach((k, i) => {
    if (!(p.mask & (1 << i))) return;
    const v = p.values[i];
    f[k] = k === 'specifications' || k === 'faqAnswers' ? JSON.parse(v as string) : v;
  });
  return f as ProductFields;
}

export function prepareProduct(productId: string, fields: ProductFields): PreparedProduct {
  const merged = mergeFields(blankProduct(productId), fields);
  let mask = 0;
  VALUE_FIELDS.forEach((k, i) => {
    if (fields[k] !== undefined) mask |= 1 << i;
  });
  const values = productValues(merged);
  const json = { specs: values[2] as string, faqs: values[3] as string };
  return { productId, mask, values, hash: hashValues(values), head: productHead(merged), body: productBody(merged, json) };
}

/** A LIGHT record with its index columns computed (from its values; every field set). */
export function withIndexColumns(p: PreparedProduct): PreparedProduct {
  const v = p.values;
  let specifications: unknown;
  let faqs: unknown;
  try {
    specifications = JSON.parse(v[2] as string);
    faqs = JSON.parse(v[3] as string);
  } catch {
    throw new Error(`product ${p.productId}: specifications or faq_answers is not valid JSON`);
  }
  if (typeof specifications !== 'object' || specifications === null || Array.isArray(specifications) || !Array.isArray(faqs)) {
    throw new Error(`product ${p.productId}: specifications is not a JSON object or faq_answers not a JSON array`);
  }
  const s: StoredProduct = {
    productId: p.productId, name: v[0] as string, category: v[1] as string, specifications: specifications as StoredProduct['specifications'],
    faqAnswers: faqs as string[], returnPolicyExcerpt: v[4] as string, stockStatus: v[5] as string, brand: v[6] as string | null,
    price: v[7] as number | null, currency: v[8] as string | null, locale: v[9] as string | null, updatedAt: v[10] as string | null,
    manual: v[11] as string | null,
  };
  return { ...p, mask: p.mask & ~LIGHT, head: productHead(s), body: productBody(s, { specs: v[2] as string, faqs: v[3] as string }) };
}

export function prepareItems(raw: readonly RawItem[]): Item[] {
  const out: Item[] = new Array<Item>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    if ('error' in r) {
      out[i] = r;
      continue;
    }
    const c = checkRecord(r.value);
    if (c.type === 'error') out[i] = { line: r.line, error: c.error };
    else if (c.type === 'doc') out[i] = { line: r.line, doc: c };
    else out[i] = { line: r.line, product: prepareProduct(c.productId, c.fields) };
  }
  return out;
}
