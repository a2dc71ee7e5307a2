// Deterministic synthetic products: productAt(i, seed) is a pure function of (seed, i), so benchmarks and
// the query generator can re-derive product i of a 2.3M-row file without storing anything.
import { modelCodeAt, skuCodeAt } from './codes';
import { int, pick, rngFor, shuffled, type Rng } from './rng';
import { categoryFor } from './vocab/categories';
import { GENERIC_FAQS, policiesFor } from './vocab/policies';
import { LOCALES, t, valueIn, type BrandDef, type CategoryDef, type Lang, type SpecValue, type Tri } from './vocab/types';

export type StockStatus = 'in_stock' | 'low_stock' | 'out_of_stock' | 'preorder' | 'discontinued';

/** One row of an import file (the snake_case shape the importer reads). */
export interface RawProduct {
  product_id: string;
  product_name: string;
  brand: string;
  category: string;
  specifications: Record<string, string | number>;
  faq_answers: string[];
  return_policy_excerpt: string;
  stock_status: StockStatus;
  price: number;
  currency: string;
  locale: string;
  updated_at: string;
}

/** Everything the query generator needs to know about product i, in the product's own language. */
export interface ProductParts {
  index: number;
  raw: RawProduct;
  /** The JSON line exactly as writeJsonl writes it (no trailing newline). */
  line: string;
  lang: Lang;
  category: CategoryDef;
  brand: string;
  series: string;
  adjective: string;
  noun: string;
  /** Unique per index: in the name and in specifications["Model number"-equivalent]. */
  modelCode: string;
  /** Unique per index: the inner fragment of product_id. */
  skuCode: string;
  brandCode: string;
  /** Spec entries present in `raw.specifications`, in order, excluding the model number. */
  specs: ReadonlyArray<readonly [string, string | number]>;
}

export const MIN_LINE_BYTES = 600;
export const MAX_LINE_BYTES = 1000;
const MODEL_KEY: Tri = t('Model number', '型号', '모델명');
const STOCK: ReadonlyArray<readonly [StockStatus, number]> = [
  ['in_stock', 0.7], ['low_stock', 0.82], ['out_of_stock', 0.92], ['preorder', 0.96], ['discontinued', 1],
];
const PAD: Tri = t('If anything is unclear, our support team answers every day from 8 am to 8 pm.',
  '如有疑问，客服每天 8:00–20:00 在线解答。', '궁금한 점은 고객센터에서 매일 오전 8시~오후 8시에 답변해 드립니다.');
const UPDATED_BASE = Date.UTC(2024, 0, 1);

function langFor(u: number): Lang {
  return u < 0.85 ? 0 : u < 0.95 ? 1 : 2;
}

function localPrice(r: Rng, c: CategoryDef, lang: Lang): { price: number; currency: string } {
  const usd = Math.round(c.price[0] + r() * (c.price[1] - c.price[0])) - 0.01;
  if (lang === 1) return { price: Math.round(usd * 7.1 / 10) * 10 - 1, currency: 'CNY' };
  if (lang === 2) return { price: Math.round(usd * 1350 / 1000) * 1000, currency: 'KRW' };
  return { price: usd, currency: 'USD' };
}

function stockFor(u: number): StockStatus {
  for (const [s, p] of STOCK) if (u < p) return s;
  return 'discontinued';
}

function productName(lang: Lang, brand: string, series: string, code: string, adj: string, noun: string): string {
  if (lang === 1) return `${brand} ${series} ${code} ${adj}${noun}`;
  return `${brand} ${series} ${code} ${adj} ${noun}`;
}

/** Fits the JSON line into [MIN_LINE_BYTES, MAX_LINE_BYTES] by varying how many specs and FAQs are kept. */
function fit(raw: RawProduct, specs: ReadonlyArray<readonly [string, string | number]>, faqs: string[],
  nSpecs: number, nFaqs: number, pad: string): string {
  const modelEntry = Object.entries(raw.specifications)[0];
  const build = (): string => {
    const sp: Record<string, string | number> = { [modelEntry[0]]: modelEntry[1] };
    for (let k = 0; k < nSpecs - 1 && k < specs.length; k++) sp[specs[k][0]] = specs[k][1];
    raw.specifications = sp;
    raw.faq_answers = faqs.slice(0, nFaqs);
    return JSON.stringify(raw);
  };
  let line = build();
  let bytes = Buffer.byteLength(line);
  while (bytes > MAX_LINE_BYTES && (nFaqs > 2 || nSpecs > 6)) {
    if (nFaqs > 2 && (nSpecs <= 6 || bytes - MAX_LINE_BYTES > 60)) nFaqs--;
    else nSpecs--;
    line = build();
    bytes = Buffer.byteLength(line);
  }
  while (bytes < MIN_LINE_BYTES && (nSpecs < Math.min(12, specs.length + 1) || nFaqs < Math.min(4, faqs.length))) {
    if (nSpecs < Math.min(12, specs.length + 1)) nSpecs++;
    else nFaqs++;
    line = build();
    bytes = Buffer.byteLength(line);
  }
  if (bytes < MIN_LINE_BYTES) {
    faqs[nFaqs - 1] = `${faqs[nFaqs - 1]} ${pad}`;
    line = build();
    bytes = Buffer.byteLength(line);
  }
  while (bytes > MAX_LINE_BYTES) {
    // Last resort: shorten the longest FAQ at a character boundary (never hit by the current vocabulary).
    const k = raw.faq_answers.reduce((best, s, j, a) => (s.length > a[best].length ? j : best), 0);
    faqs[k] = `${faqs[k].slice(0, Math.max(20, faqs[k].length - Math.ceil((bytes - MAX_LINE_BYTES) / 2) - 2))}…`;
    line = build();
    bytes = Buffer.byteLength(line);
  }
  return line;
}

export function describeProduct(i: number, seed = 1): ProductParts {
  const modelCode = modelCodeAt(i, seed);
  const skuCode = skuCodeAt(i, seed);
  const r = rngFor(seed, i);
  const category = categoryFor(r());
  const lang = langFor(r());
  const brandDef: BrandDef = pick(r, category.brands);
  const brand = brandDef.name[lang];
  const series = pick(r, brandDef.series)[lang];
  const adjective = pick(r, category.adjectives)[lang];
  const noun = category.noun[lang];
  const year = int(r, 2019, 2025);
  const { price, currency } = localPrice(r, category, lang);
  const stock = stockFor(r());
  const updated = new Date(UPDATED_BASE + int(r, 0, 600 * 24 * 60) * 60_000).toISOString().replace('.000Z', 'Z');
  const policy = pick(r, policiesFor(category.id))[lang];

  const pool = shuffled(r, category.specs);
  const values: SpecValue[] = pool.map((s) => s.value(r));
  const byEnKey = new Map<string, string>();
  const specs: Array<readonly [string, string | number]> = [];
  const seen = new Set<string>([MODEL_KEY[lang]]);
  pool.forEach((s, k) => {
    const v = valueIn(values[k], lang);
    byEnKey.set(s.key[0], String(v));
    if (seen.has(s.key[lang])) return; // two specs sharing a translated key would overwrite each other
    seen.add(s.key[lang]);
    specs.push([s.key[lang], v]);
  });
  const lookup = (enKey: string): string | undefined => byEnKey.get(enKey);
  const faqs: string[] = [];
  for (const f of [...shuffled(r, category.faqs), ...shuffled(r, GENERIC_FAQS)]) {
    const text = f(lang, lookup, r);
    if (text !== undefined) faqs.push(text);
  }
  const raw: RawProduct = {
    product_id: `${category.prefix}-${brandDef.code}-${skuCode}-${year}`,
    product_name: productName(lang, brand, series, modelCode, adjective, noun),
    brand,
    category: category.id,
    specifications: { [MODEL_KEY[lang]]: modelCode },
    faq_answers: [],
    return_policy_excerpt: policy,
    stock_status: stock,
    price,
    currency,
    locale: LOCALES[lang],
    updated_at: updated,
  };
  const line = fit(raw, specs, faqs, int(r, 6, 12), int(r, 2, 4), PAD[lang]);
  const kept = Object.entries(raw.specifications).slice(1);
  return { index: i, raw, line, lang, category, brand, series, adjective, noun, modelCode, skuCode, brandCode: brandDef.code, specs: kept };
}

/** Product i of the synthetic catalog for `seed` (0 <= i < MAX_PRODUCTS). */
export function productAt(i: number, seed = 1): RawProduct {
  return describeProduct(i, seed).raw;
}

/** The JSON line of product i (what writeJsonl writes, without the newline). */
export function productLineAt(i: number, seed = 1): string {
  return describeProduct(i, seed).line;
}
