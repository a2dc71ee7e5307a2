// Builds the bundled demo catalog (resources/demo-catalog.jsonl): hand-written featured products, products
// with manuals, ~270 real-ish model lines whose specs/FAQs come from the category vocabulary with a fixed
// seed, and the store policy documents. Deterministic: the same source always yields the same bytes.
import { int, pick, rngFor, shuffled, type Rng } from '../rng';
import { CATEGORIES } from '../vocab/categories';
import { GENERIC_FAQS, policiesFor } from '../vocab/policies';
import { LOCALES, valueIn, type CategoryDef, type Lang } from '../vocab/types';
import { impliedSpec } from './coherence';
import { DEMO_DOCS } from './docs';
import { FEATURED, type DemoProduct } from './featured';
import { WITH_MANUALS } from './manuals';
import { EN_MODELS, KO_MODELS, ZH_MODELS } from './models';

const DEMO_SEED = 20_240_601;
const MODEL_KEY = ['Model number', '型号', '모델명'] as const;
const STOCK: ReadonlyArray<readonly [DemoProduct['stock_status'], number]> = [
  ['in_stock', 0.72], ['low_stock', 0.84], ['out_of_stock', 0.92], ['preorder', 0.96], ['discontinued', 1],
];

interface Line {
  category: CategoryDef;
  lang: Lang;
  brand: string;
  brandCode: string;
  model: string;
  year: number;
}

function categoryById(id: string): CategoryDef {
  const c = CATEGORIES.find((x) => x.id === id);
  if (!c) throw new Error(`demo catalog: unknown category ${id}`);
  return c;
}

/** "Galaxy S24 Ultra" -> "GS24U", "WH-1000XM5" -> "WH1000XM5": tokens with digits kept, other words as initials. */
export function slugOf(model: string): string {
  const parts = model.split(/[\s/()]+/).map((tok) => tok.replace(/[^A-Za-z0-9]/g, '')).filter((tok) => tok !== '');
  return parts.map((tok) => (/\d/.test(tok) ? tok : tok[0])).join('').toUpperCase().slice(0, 10);
}

function brandCodeOf(brand: string): string {
  const letters = brand.normalize('NFD').replace(/[^A-Za-z]/g, '').toUpperCase();
  return (letters + 'XXX').slice(0, 3);
}

function hasCjk(s: string): boolean {
  return /[\u3040-\u9fff\uac00-\ud7af]/.test(s);
}

function nameOf(l: Line): string {
  const noun = l.category.noun[l.lang];
  if (l.lang !== 0) return hasCjk(l.model) ? `${l.brand} ${l.model}` : `${l.brand} ${l.model} ${noun}`;
  if (l.category.id === 'jackets' || l.model.toLowerCase().includes(noun.toLowerCase())) return `${l.brand} ${l.model}`;
  if (l.category.id === 'shoes') return `${l.brand} ${l.model} Running Shoes`;
  return `${l.brand} ${l.model} ${noun}`;
}

function priceOf(r: Rng, c: CategoryDef, lang: Lang): { price: number; currency: string } {
  const usd = Math.round(c.price[0] + r() * r() * (c.price[1] - c.price[0])) - 0.01;
  if (lang === 1) return { price: Math.round((usd * 7.1) / 100) * 100 - 1, currency: 'CNY' };
  if (lang === 2) return { price: Math.round((usd * 1350) / 10_000) * 10_000, currency: 'KRW' };
  return { price: usd, currency: 'USD' };
}

function productOf(l: Line, k: number, ids: Set<string>): DemoProduct {
  const r = rngFor(DEMO_SEED, k, 0xde30);
  const slug = slugOf(l.model) || `M${k}`;
  let id = `${l.category.prefix}-${l.brandCode}-${slug}-${l.year}`;
  for (let n = 2; ids.has(id); n++) id = `${l.category.prefix}-${l.brandCode}-${slug}${n}-${l.year}`;
  ids.add(id);
  const pool = shuffled(r, l.category.specs);
  const specifications: Record<string, string | number> = { [MODEL_KEY[l.lang]]: slug };
  const byEnKey = new Map<string, string>();
  pool.forEach((s) => {
    const drawn = valueIn(s.value(r), l.lang);
    const v = impliedSpec(l.category.id, l.model, s.key[0], l.lang) ?? drawn;
    byEnKey.set(s.key[0], String(v));
    if (!(s.key[l.lang] in specifications)) specifications[s.key[l.lang]] = v;
  });
  const keep = int(r, 8, 11);
  const entries = Object.entries(specifications).slice(0, keep + 1);
  const faqs: string[] = [];
  for (const f of shuffled(r, l.category.faqs)) {
    const text = f(l.lang, (key) => byEnKey.get(key), r);
    if (text !== undefined && faqs.length < 3) faqs.push(text);
  }
  const generic = pick(r, GENERIC_FAQS)(l.lang, () => undefined, r);
  if (generic !== undefined) faqs.push(generic);
  const u = r();
  const stock = STOCK.find(([, p]) => u < p)?.[0] ?? 'in_stock';
  const { price, currency } = priceOf(r, l.category, l.lang);
  const day = int(r, 0, 400);
  return {
    product_id: id,
    product_name: nameOf(l),
    brand: l.brand,
    category: l.category.id,
    specifications: Object.fromEntries(entries),
    faq_answers: faqs,
    return_policy_excerpt: pick(r, policiesFor(l.category.id))[l.lang],
    stock_status: stock,
    price,
    currency,
    locale: LOCALES[l.lang],
    updated_at: new Date(Date.UTC(2024, 0, 1) + day * 86_400_000).toISOString().replace('.000Z', 'Z'),
  };
}

function modelLines(): Line[] {
  const en: Line[] = Object.entries(EN_MODELS).flatMap(([cat, lines]) =>
    lines.map(([brand, model, year]) => ({ category: categoryById(cat), lang: 0 as Lang, brand, brandCode: brandCodeOf(brand), model, year })));
  const local = (lang: Lang) => ([cat, brand, code, model, year]: readonly [string, string, string, string, number]): Line =>
    ({ category: categoryById(cat), lang, brand, brandCode: code, model, year });
  return [...en, ...ZH_MODELS.map(local(1)), ...KO_MODELS.map(local(2))];
}

/** Every demo product, featured ones first. */
export function demoProducts(): DemoProduct[] {
  const fixed = [...FEATURED, ...WITH_MANUALS];
  const ids = new Set(fixed.map((p) => p.product_id));
  return [...fixed, ...modelLines().map((l, k) => productOf(l, k, ids))];
}

/** The JSONL lines of resources/demo-catalog.jsonl (products, then standalone documents). */
export function demoCatalogLines(): string[] {
  return [...demoProducts().map((p) => JSON.stringify(p)), ...DEMO_DOCS.map((d) => JSON.stringify(d))];
}
