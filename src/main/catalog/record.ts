// Validation of one imported record (already parsed from JSONL/JSON/CSV) into the fields it sets.
import type { DocKind } from '../../shared/domain';

export type SpecValue = string | number | boolean;

/** The product fields a record may set; absent keys are left as they are (partial updates). */
export interface ProductFields {
  name?: string;
  category?: string;
  specifications?: Record<string, SpecValue>;
  faqAnswers?: string[];
  returnPolicyExcerpt?: string;
  stockStatus?: string;
  brand?: string | null;
  price?: number | null;
  currency?: string | null;
  locale?: string | null;
  updatedAt?: string | null;
  manual?: string | null;
}

export type ValidRecord =
  | { type: 'product'; productId: string; fields: ProductFields }
  | { type: 'doc'; docId: string; title?: string; body?: string; kind?: DocKind };

export type Checked = ValidRecord | { type: 'error'; error: string };

const STRING_FIELDS = [
  ['product_name', 'name'],
  ['category', 'category'],
  ['return_policy_excerpt', 'returnPolicyExcerpt'],
  ['stock_status', 'stockStatus'],
] as const;
const NULLABLE_STRINGS = [
  ['brand', 'brand'],
  ['currency', 'currency'],
  ['locale', 'locale'],
  ['updated_at', 'updatedAt'],
  ['manual', 'manual'],
] as const;
const KINDS: readonly string[] = ['policy', 'manual', 'ticket'];

/**
 * Field size limits, in characters (issue 8: a 50 MB product name made every search that hit it return 52 MB).
 * A record over a limit is rejected with its line, the field and the limit.
 */
export const FIELD_LIMITS = {
  product_id: 200,
  doc_id: 200,
  product_name: 500,
  category: 200,
  brand: 200,
  stock_status: 50,
  currency: 16,
  locale: 35,
  updated_at: 64,
  return_policy_excerpt: 20_000,
  manual: 200_000,
  title: 500,
  body: 200_000,
  /** Keys of `specifications`, each key, each value. */
  specificationsKeys: 200,
  specificationKey: 200,
  specificationValue: 2_000,
  /** Items of `faq_answers`, each item. */
  faqItems: 200,
  faqItem: 5_000,
} as const;

const tooLong = (field: string, length: number, limit: number): string =>
  `${field} is ${length.toLocaleString('en-US')} characters; the limit is ${limit.toLocaleString('en-US')}`;

function limitOf(key: string): number {
  return (FIELD_LIMITS as Record<string, number>)[key] ?? Infinity;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function idOf(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}

/** The first field of `raw` over its limit, as an error, else undefined. */
function overLimit(raw: Record<string, unknown>): string | undefined {
  for (const [key, v] of Object.entries(raw)) {
    if (typeof v === 'string' && v.length > limitOf(key)) return tooLong(key, v.length, limitOf(key));
  }
  const s = raw.specifications;
  if (isObject(s)) {
    const keys = Object.keys(s);
    if (keys.length > FIELD_LIMITS.specificationsKeys) return `specifications has ${keys.length} keys; the limit is ${FIELD_LIMITS.specificationsKeys}`;
    for (const k of keys) {
      if (k.length > FIELD_LIMITS.specificationKey) return tooLong(`a specifications key ("${k.slice(0, 40)}…")`, k.length, FIELD_LIMITS.specificationKey);
      const v = s[k];
      if (typeof v === 'string' && v.length > FIELD_LIMITS.specificationValue) return tooLong(`specifications.${k}`, v.length, FIELD_LIMITS.specificationValue);
    }
  }
  const f = raw.faq_answers;
  if (Array.isArray(f)) {
    if (f.length > FIELD_LIMITS.faqItems) return `faq_answers has ${f.length} items; the limit is ${FIELD_LIMITS.faqItems}`;
    for (let i = 0; i < f.length; i++) {
      const v: unknown = f[i];
      if (typeof v === 'string' && v.length > FIELD_LIMITS.faqItem) return tooLong(`faq_answers[${i}]`, v.length, FIELD_LIMITS.faqItem);
    }
  }
  return undefined;
}

/** Checks one record. Errors name the offending field. */
export function checkRecord(raw: unknown): Checked {
  if (!isObject(raw)) return { type: 'error', error: `record is ${Array.isArray(raw) ? 'an array' : raw === null ? 'null' : `a ${typeof raw}`}, not an object` };
  const big = overLimit(raw);
  if (big) return { type: 'error', error: big };
  if (raw.product_id === undefined && raw.doc_id !== undefined) return checkDoc(raw);
  if (raw.product_id === undefined || raw.product_id === null) return { type: 'error', error: 'missing product_id' };
  const productId = idOf(raw.product_id);
  if (productId === undefined) return { type: 'error', error: 'product_id must be a non-empty string' };
  const fields: ProductFields = {};
  for (const [key, prop] of STRING_FIELDS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { type: 'error', error: `${key} must be a string` };
    fields[prop] = v;
  }
  for (const [key, prop] of NULLABLE_STRINGS) {
    const v = raw[key];
    if (v === undefined) continue;
    if (v !== null && typeof v !== 'string') return { type: 'error', error: `${key} must be a string` };
    fields[prop] = v;
  }
  if (raw.price !== undefined) {
    if (raw.price !== null && (typeof raw.price !== 'number' || !Number.isFinite(raw.price))) return { type: 'error', error: 'price must be a number' };
    fields.price = raw.price;
  }
  if (raw.specifications !== undefined) {
    const s = raw.specifications;
    if (!isObject(s)) return { type: 'error', error: 'specifications must be an object' };
    for (const [k, v] of Object.entries(s)) {
      if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
        return { type: 'error', error: `specifications.${k} must be a string, number or boolean` };
      }
    }
    fields.specifications = s as Record<string, SpecValue>;
  }
  if (raw.faq_answers !== undefined) {
    const f = raw.faq_answers;
    if (!Array.isArray(f) || f.some((x) => typeof x !== 'string')) return { type: 'error', error: 'faq_answers must be an array of strings' };
    fields.faqAnswers = f as string[];
  }
  return { type: 'product', productId, fields };
}

function checkDoc(raw: Record<string, unknown>): Checked {
  const docId = idOf(raw.doc_id);
  if (docId === undefined) return { type: 'error', error: 'doc_id must be a non-empty string' };
  const out: ValidRecord = { type: 'doc', docId };
  for (const key of ['title', 'body'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v !== 'string') return { type: 'error', error: `${key} must be a string` };
    out[key] = v;
  }
  if (raw.kind !== undefined) {
    if (typeof raw.kind !== 'string' || !KINDS.includes(raw.kind)) return { type: 'error', error: 'kind must be policy, manual or ticket' };
    out.kind = raw.kind as DocKind;
  }
  return out;
}
