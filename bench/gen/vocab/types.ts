// Vocabulary building blocks: every text exists in English, Chinese and Korean (a Tri), so a product in any
// locale draws the same random values and only picks a different language column.
import { dec1, int, pick, type Rng } from '../rng';

/** [en-US, zh-CN, ko-KR]. */
export type Tri = readonly [string, string, string];
/** 0 = en-US, 1 = zh-CN, 2 = ko-KR. */
export type Lang = 0 | 1 | 2;
export const LOCALES = ['en-US', 'zh-CN', 'ko-KR'] as const;

/** A Tri whose zh/ko columns default to the English text (brand and series names often stay Latin). */
export function t(en: string, zh = en, ko = en): Tri {
  return [en, zh, ko];
}

export type SpecValue = Tri | string | number;

export interface SpecDef {
  key: Tri;
  value(r: Rng): SpecValue;
}

/** Reads a spec already chosen for this product, in the product's language (undefined if not chosen). */
export type SpecLookup = (enKey: string) => string | undefined;

/** A support-style answer; returns undefined when it needs a spec the product does not have. */
export type FaqDef = (lang: Lang, spec: SpecLookup, r: Rng) => string | undefined;

export interface BrandDef {
  name: Tri;
  /** Three-letter brand code used in product_id, e.g. LEN. */
  code: string;
  series: readonly Tri[];
}

export interface CategoryDef {
  /** Category as stored in `category`, e.g. "laptops". */
  id: string;
  /** product_id prefix, e.g. "LP". */
  prefix: string;
  noun: Tri;
  adjectives: readonly Tri[];
  brands: readonly BrandDef[];
  /** Pool of at least 12 specs; a product takes 6–12 of them. */
  specs: readonly SpecDef[];
  faqs: readonly FaqDef[];
  /** Generic words a shopper uses for this category (English), e.g. "wireless laptop battery". */
  common: readonly string[];
  price: readonly [number, number];
}

export function valueIn(v: SpecValue, lang: Lang): string | number {
  return typeof v === 'object' ? v[lang] : v;
}

// ---- spec factories -------------------------------------------------------------------------------------

export function spec(key: Tri, value: (r: Rng) => SpecValue): SpecDef {
  return { key, value };
}

/** A spec whose value is one of a fixed list. */
export function oneOf(key: Tri, values: readonly SpecValue[]): SpecDef {
  return { key, value: (r) => pick(r, values) };
}

/** A unit-suffixed integer, the same text in every language ("16 GB"). */
export function units(key: Tri, lo: number, hi: number, unit: string, step = 1): SpecDef {
  return { key, value: (r) => `${int(r, lo / step, hi / step) * step} ${unit}` };
}

/** A plain number (rendered as a JSON number). */
export function num(key: Tri, lo: number, hi: number, decimals = false): SpecDef {
  return { key, value: (r) => (decimals ? dec1(r, lo, hi) : int(r, lo, hi)) };
}

export const weightKg = (lo: number, hi: number): SpecDef =>
  spec(t('Weight', '重量', '무게'), (r) => `${dec1(r, lo, hi)} kg`);
export const weightG = (lo: number, hi: number): SpecDef =>
  spec(t('Weight', '重量', '무게'), (r) => `${int(r, lo, hi)} g`);
export const batteryHours = (lo: number, hi: number): SpecDef =>
  spec(t('Battery life', '电池续航', '배터리 사용 시간'), (r) => {
    const h = int(r, lo, hi);
    return [`up to ${h} hours`, `最长 ${h} 小时`, `최대 ${h}시간`];
  });
export const warrantyYears: SpecDef = spec(t('Warranty', '保修', '보증 기간'), (r) => {
  const y = pick(r, [1, 1, 2, 3]);
  return [`${y} year${y > 1 ? 's' : ''} limited`, `${y} 年有限保修`, `${y}년 제한 보증`];
});
export const colour = (values: readonly Tri[]): SpecDef => oneOf(t('Colour', '颜色', '색상'), values);
export const COLOURS: readonly Tri[] = [
  t('Black', '黑色', '블랙'), t('Silver', '银色', '실버'), t('Graphite', '石墨灰', '그래파이트'),
  t('White', '白色', '화이트'), t('Midnight Blue', '午夜蓝', '미드나이트 블루'), t('Sage Green', '鼠尾草绿', '세이지 그린'),
];
export const connectivity = (values: readonly string[]): SpecDef =>
  oneOf(t('Connectivity', '连接方式', '연결 방식'), values);
export const noiseDb = (lo: number, hi: number): SpecDef =>
  spec(t('Noise level', '噪音', '소음'), (r) => `${int(r, lo, hi)} dB`);
export const powerW = (lo: number, hi: number, step = 10): SpecDef =>
  units(t('Power', '功率', '소비 전력'), lo, hi, 'W', step);
export const dimensionsCm = (lo: number, hi: number): SpecDef =>
  spec(t('Dimensions', '尺寸', '크기'), (r) => `${int(r, lo, hi)} × ${int(r, lo, hi)} × ${int(r, lo / 2, hi)} cm`);

// ---- FAQ factories --------------------------------------------------------------------------------------

/** A FAQ that quotes one spec value; the template receives the value in the product's language. */
export function faqOn(enKey: string, tpl: (v: string) => Tri): FaqDef {
  return (lang, spec) => {
    const v = spec(enKey);
    return v === undefined ? undefined : tpl(v)[lang];
  };
}

/** A FAQ that needs no spec. */
export function faqFixed(text: Tri): FaqDef {
  return (lang) => text[lang];
}
