// Translations: the core dictionaries (en, zh, ko) plus the screens' own strings, a typed `t(key, vars)`,
// and the UI language in a zustand store (switching it re-renders every `useT()` user at once).
import { createStore } from 'zustand/vanilla';
import type { Language as LanguageSchema } from '../../../shared/contract';
import type { z } from 'zod';
import { catalogStrings } from '../features/catalog/strings';
import { dashboardStrings } from '../features/dashboard/strings';
import { settingsStrings } from '../features/settings/strings';
import { en, type CoreKey } from './en';
import { ko } from './ko';
import { zh } from './zh';

export type Language = z.infer<typeof LanguageSchema>;
export type Vars = Record<string, string | number>;

/** Screens add their strings here (one object per screen with en/zh/ko). */
const screens: ReadonlyArray<Record<Language, Readonly<Record<string, string>>>> = [dashboardStrings, catalogStrings, settingsStrings];

type ScreenKey = keyof (typeof dashboardStrings)['en'] | keyof (typeof catalogStrings)['en'] | keyof (typeof settingsStrings)['en'];
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
  dictionaries ??= { en: merge('en', en), zh: merge('zh', zh), ko: merge('ko', ko) };
  return dictionaries[lang];
}

export function interpolate(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}

/** The text for `key` in `lang`; English when that language lacks it; the key itself when nobody has it. */
export function translate(lang: Language, key: string, vars?: Vars): string {
  return interpolate(dict(lang)[key] ?? dict('en')[key] ?? key, vars);
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
  setLanguage: (language) => set({ language }),
}));
