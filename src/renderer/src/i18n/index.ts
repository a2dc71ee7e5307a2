// Translations: the core dictionaries (en, zh, ko) plus the screens' own strings, served by one i18next instance
// (plural forms by Intl.PluralRules: `key_one` / `key_other`), a typed `t(key, vars)`, and the UI language in a
// zustand store that also switches i18next (react-i18next re-renders every `useT()` user at once).
import i18next, { type i18n } from 'i18next';
import { createStore } from 'zustand/vanilla';
import type { Language as LanguageSchema } from '../../../shared/contract';
import type { z } from 'zod';
import { catalogStrings } from '../features/catalog/strings';
import { dashboardStrings } from '../features/dashboard/strings';
import { settingsStrings } from '../features/settings/strings';
import { teamStrings } from '../features/team/strings';
import { en, type CoreKey } from './en';
import { ko } from './ko';
import { enPlurals } from './plurals';
import { zh } from './zh';

export type Language = z.infer<typeof LanguageSchema>;
export type Vars = Record<string, string | number>;

/** Screens add their strings here (one object per screen with en/zh/ko). */
const screens: ReadonlyArray<Record<Language, Readonly<Record<string, string>>>> = [dashboardStrings, catalogStrings, settingsStrings, teamStrings];

type ScreenKey = keyof (typeof dashboardStrings)['en'] | keyof (typeof catalogStrings)['en'] | keyof (typeof settingsStrings)['en'] | keyof (typeof teamStrings)['en'];
export type MessageKey = CoreKey | ScreenKey;

/** Typed for our own calls; any function of this shape also satisfies `Translate`. */
export type T = (key: MessageKey, vars?: Vars) => string;
/** The loose form the screens take as a prop (keys built at run time, e.g. `catalog.kind.${kind}`). */
export type Translate = (key: string, vars?: Vars) => string;

export const LANGUAGES: readonly { id: Language; name: string }[] = [
  { id: 'en', name: 'English' },
  { id: 'zh', name: '中文' },
  { id: 'ko', name: '한국어' },
];

const merge = (lang: Language, core: Readonly<Record<string, string>>): Readonly<Record<string, string>> => {
  const out: Record<string, string> = { ...core };
  for (const s of screens) Object.assign(out, s[lang]);
  return out;
};

let dictionaries: Record<Language, Readonly<Record<string, string>>> | undefined;
function dict(lang: Language): Readonly<Record<string, string>> {
  dictionaries ??= { en: { ...merge('en', en), ...enPlurals }, zh: merge('zh', zh), ko: merge('ko', ko) };
  return dictionaries[lang];
}

let instance: i18n | undefined;
/** The app's i18next instance: flat keys with dots, `{name}` placeholders, synchronous (resources are bundled). */
export function i18n(): i18n {
  if (instance) return instance;
  instance = i18next.createInstance();
  void instance.init({
    resources: { en: { translation: dict('en') }, zh: { translation: dict('zh') }, ko: { translation: dict('ko') } },
    lng: languageStore.getState().language,
    fallbackLng: 'en',
    keySeparator: false,
    nsSeparator: false,
    initAsync: false,
    returnNull: false,
    interpolation: { prefix: '{', suffix: '}', escapeValue: false, alwaysFormat: true },
  });
  // every number placed in a string is written the UI language's way (1,234 · 1,234 · 1,234 — never the browser's)
  const interpolator = instance.services.interpolator as unknown as { format: (v: unknown, f: string | undefined, lng: string | undefined, o: unknown) => unknown };
  const builtIn = interpolator.format.bind(interpolator);
  interpolator.format = (value, format, lng, options) =>
    format === undefined ? (typeof value === 'number' && isLanguage(lng) ? formatNumber(lng, value) : value) : builtIn(value, format, lng, options);
  return instance;
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/**
 * The text for `key` in `lang` (plural form chosen by `vars.count`); English when that language lacks it; the key
 * itself when nobody has it.
 */
export function translate(lang: Language, key: string, vars?: Vars): string {
  return i18n().t(key, { lng: lang, ...vars });
}

/** BCP 47 locale for each UI language: every date, number and currency follows the app's language. */
export const LOCALES: Readonly<Record<Language, string>> = { en: 'en-US', zh: 'zh-CN', ko: 'ko-KR' };

const numberFormats = new Map<string, Intl.NumberFormat>();
export function formatNumber(lang: Language, n: number, options?: Intl.NumberFormatOptions): string {
  const key = `${lang}|${JSON.stringify(options ?? {})}`;
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = new Intl.NumberFormat(LOCALES[lang], options)));
  return f.format(n);
}

/** US dollars (prices are in USD) written the language's way; small amounts keep 4 decimals. */
export function formatUsd(lang: Language, usd: number): string {
  const digits = usd !== 0 && Math.abs(usd) < 0.01 ? 4 : 2;
  return formatNumber(lang, usd, { style: 'currency', currency: 'USD', minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatDateTime(lang: Language, iso: string | number | Date, options: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' }): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : new Intl.DateTimeFormat(LOCALES[lang], options).format(d);
}

const cache = new Map<Language, Translate>();
export function translator(lang: Language): Translate {
  let t = cache.get(lang);
  if (!t) cache.set(lang, (t = (key, vars) => translate(lang, key, vars)));
  return t;
}

export function hasKey(key: string): boolean {
  return key in dict('en');
}

export function isLanguage(v: unknown): v is Language {
  return v === 'en' || v === 'zh' || v === 'ko';
}

/** The first supported language among the browser's preferences (zh-CN → zh, ko-KR → ko), else English. */
export function preferredLanguage(preferences: readonly string[]): Language {
  for (const p of preferences) {
    const base = p.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
}

/** The UI language. `setLanguage` switches the UI now; saving it (settings.set) is the caller's part. */
export const languageStore = createStore<LanguageState>()((set) => ({
  language: 'en',
  setLanguage: (language) => {
    if (instance && instance.language !== language) void instance.changeLanguage(language);
    set({ language });
  },
}));
