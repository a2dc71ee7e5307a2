// The fixed benchmark query mix: what support agents type when a customer asks about one product.
// benchmarkQueries(n, seed, count) picks its target products among the first n of productAt(·, seed), so
// every query is answerable (it carries the model code or the SKU code of its product) and the same
// (n, seed, count) always yields the same queries.
import { describeProduct, type ProductParts } from './products';
import { pick, rngFor, shuffled, type Rng } from './rng';
import type { Lang } from './vocab/types';

export type QueryKind =
  /** The full product_id exactly as stored ("LP-LEN-4F2K9-2024"): an agent pasting the SKU. */
  | 'sku'
  /** One inner fragment of the SKU ("4F2K9", "LEN-4F2K9", "4F2K9-2024"): a partial SKU read over the phone. */
  | 'sku-fragment'
  /** The full product name in the product's language: pasted from an order confirmation. */
  | 'name'
  /** Brand + model code ("Lenovo N7HE9K"): the short form customers use. */
  | 'brand-model'
  /** Model code + one of its spec values ("N7HE9K 9600 mAh"): the rare token must win over the common one. */
  | 'rare-spec'
  /** Common category words + the model code ("wireless laptop battery N7HE9K"): BM25 must not drown the code. */
  | 'common+rare'
  /** An English question naming the product ("how long does the battery last on the Sony WH N7HE9K?"). */
  | 'natural-en'
  /** A Chinese question or name words for a zh-CN product ("小新 N7HE9K 电池续航多久"): needs CJK segmentation. */
  | 'cjk-zh'
  /** A Korean question for a ko-KR product ("갤럭시 북 N7HE9K 배터리 얼마나 가나요?"). */
  | 'cjk-ko'
  /** Odd case, quotes, punctuation or FTS5-looking syntax (AND, NEAR(, *, -, :) that must be treated as data. */
  | 'typo-or-case';

export interface BenchQuery {
  query: string;
  /** product_id of the intended product. */
  productId: string;
  kind: QueryKind;
  /** Index of the intended product (productAt(index, seed)). */
  index: number;
}

/** Queries of each kind per 500; the same proportions are used for any count (largest remainder). */
export const QUERY_MIX: ReadonlyArray<readonly [QueryKind, number]> = [
  ['sku', 50], ['sku-fragment', 50], ['name', 50], ['brand-model', 50], ['rare-spec', 50], ['common+rare', 50],
  ['natural-en', 75], ['cjk-zh', 40], ['cjk-ko', 25], ['typo-or-case', 60],
];

/** The language a kind's target must have (undefined: any). */
const WANTS: Partial<Record<QueryKind, Lang>> = { 'common+rare': 0, 'natural-en': 0, 'cjk-zh': 1, 'cjk-ko': 2 };

export function kindCounts(count: number): Map<QueryKind, number> {
  const total = QUERY_MIX.reduce((s, [, w]) => s + w, 0);
  const exact = QUERY_MIX.map(([k, w]) => [k, (w * count) / total] as const);
  const out = new Map<QueryKind, number>(exact.map(([k, x]) => [k, Math.floor(x)]));
  let left = count - [...out.values()].reduce((s, x) => s + x, 0);
  const byRemainder = [...exact].sort((a, b) => (b[1] % 1) - (a[1] % 1));
  for (let k = 0; left > 0; k = (k + 1) % byRemainder.length, left--) {
    const kind = byRemainder[k][0];
    out.set(kind, (out.get(kind) ?? 0) + 1);
  }
  return out;
}

/** A product of the wanted language, walking forward from a random start (bounded; falls back to the start). */
function target(r: Rng, n: number, seed: number, lang: Lang | undefined): ProductParts {
  const start = Math.floor(r() * n);
  const first = describeProduct(start, seed);
  if (lang === undefined || first.lang === lang) return first;
  const limit = Math.min(n, 2000);
  for (let step = 1; step < limit; step++) {
    const p = describeProduct((start + step) % n, seed);
    if (p.lang === lang) return p;
  }
  return first;
}

function specValue(r: Rng, p: ProductParts): string {
  const textual = p.specs.filter(([, v]) => typeof v === 'string');
  return String(pick(r, textual.length > 0 ? textual : p.specs)[1]);
}

function specKey(r: Rng, p: ProductParts): string {
  return pick(r, p.specs)[0];
}

const yearOf = (p: ProductParts): string => p.raw.product_id.slice(-4);

function naturalEn(r: Rng, p: ProductParts): string {
  const short = `${p.brand} ${p.series} ${p.modelCode}`;
  const forms: Array<() => string> = [
    () => `how long does the battery last on the ${short}?`,
    () => `can I return the ${p.raw.product_name} after 30 days?`,
    () => `is the ${p.brand} ${p.modelCode} in stock`,
    () => `what warranty comes with the ${short}`,
    () => `customer wants to know the ${specKey(r, p).toLowerCase()} of ${p.brand} ${p.modelCode}`,
    () => `does the ${p.modelCode} ${p.noun.toLowerCase()} come with a charger`,
    () => `my ${p.series} ${p.modelCode} arrived damaged, what are my options?`,
  ];
  return pick(r, forms)();
}

/**
 * Joins Chinese query parts the way people type them: no space next to a Han character, but a space
 * between two Latin/digit runs, so "V" + "R6GZ8G" never fuses into one unanswerable token "VR6GZ8G".
 */
export function zhJoin(...parts: string[]): string {
  let out = '';
  for (const part of parts) {
    if (part === '') continue;
    out += /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(part) ? ` ${part}` : part;
  }
  return out;
}

function cjkZh(r: Rng, p: ProductParts): string {
  const forms: Array<() => string> = [
    () => `${p.series} ${p.modelCode} 电池续航多久`,
    () => zhJoin(p.brand, p.modelCode, '可以退货吗？'),
    () => `${p.modelCode} ${p.noun}有货吗`,
    () => `${p.brand} ${p.series} ${p.modelCode} 的${specKey(r, p)}是多少`,
    () => zhJoin('请问', p.series, p.modelCode, p.noun, '保修几年'),
  ];
  return pick(r, forms)();
}

function cjkKo(r: Rng, p: ProductParts): string {
  const forms: Array<() => string> = [
    () => `${p.series} ${p.modelCode} 배터리 얼마나 가나요?`,
    () => `${p.brand} ${p.modelCode} 반품 가능한가요`,
    () => `${p.modelCode} ${p.noun} 재고 있나요`,
    () => `${p.brand} ${p.series} ${p.modelCode} ${specKey(r, p)} 알려주세요`,
    () => `${p.series} ${p.modelCode} 보증 기간이 어떻게 되나요?`,
  ];
  return pick(r, forms)();
}

function oddCase(code: string, r: Rng): string {
  return [...code].map((ch) => (r() < 0.5 ? ch.toLowerCase() : ch)).join('');
}

function typoOrCase(r: Rng, p: ProductParts): string {
  const id = p.raw.product_id;
  const forms: Array<() => string> = [
    () => id.toLowerCase(),
    () => `"${p.brand} ${p.modelCode}"`,
    () => `${p.modelCode}?`,
    () => `${p.brand} AND ${p.modelCode}`,
    () => `NEAR(${p.modelCode} battery`,
    () => `${p.modelCode}* return`,
    () => `${oddCase(p.modelCode, r)} OR warranty`,
    () => `-${p.skuCode} NOT refund`,
    () => `product_name: ${p.modelCode}`,
    () => `  ${id.replace(/-/g, ' ')}  !!`,
    () => `(${p.series}) ^${p.modelCode} "in stock"`,
    () => `${p.modelCode.toLowerCase()}'s warranty`,
  ];
  return pick(r, forms)();
}

function compose(kind: QueryKind, r: Rng, p: ProductParts): string {
  switch (kind) {
    case 'sku': return p.raw.product_id;
    case 'sku-fragment': return pick(r, [p.skuCode, `${p.brandCode}-${p.skuCode}`, `${p.skuCode}-${yearOf(p)}`]);
    case 'name': return p.raw.product_name;
    case 'brand-model': return `${p.brand} ${p.modelCode}`;
    case 'rare-spec': return `${p.modelCode} ${specValue(r, p)}`;
    case 'common+rare': return `${pick(r, p.category.common)} ${p.modelCode}`;
    case 'natural-en': return naturalEn(r, p);
    // A zh/ko target is always found in a real catalog; if n is tiny and none exists, the query still carries
    // the model code, so it stays answerable.
    case 'cjk-zh': return p.lang === 1 ? cjkZh(r, p) : `${p.modelCode} 电池续航多久`;
    case 'cjk-ko': return p.lang === 2 ? cjkKo(r, p) : `${p.modelCode} 배터리 얼마나 가나요?`;
    case 'typo-or-case': return typoOrCase(r, p);
  }
}

/** The benchmark queries for a catalog of the first n products of `seed`. */
export function benchmarkQueries(n: number, seed = 1, count = 500): BenchQuery[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`catalog size must be a positive integer, got ${n}`);
  const kinds: QueryKind[] = [];
  for (const [kind, c] of kindCounts(count)) for (let k = 0; k < c; k++) kinds.push(kind);
  const order = shuffled(rngFor(seed, count, 0x6f7264), kinds);
  return order.map((kind, k) => {
    const r = rngFor(seed, k, 0x717279);
    const p = target(r, n, seed, WANTS[kind]);
    return { query: compose(kind, r, p), productId: p.raw.product_id, kind, index: p.index };
  });
}
