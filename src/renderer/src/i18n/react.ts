// React bindings of the i18n store.
import { useStore } from 'zustand';
import { languageStore, translator, type Language, type T, type Translate } from './index';

export function useLanguage(): Language {
  return useStore(languageStore, (s) => s.language);
}

/** `t` for the current language, typed by key; components re-render when the language changes. */
export function useT(): T {
  return translator(useLanguage());
}

/** The same function with string keys (what the screens take as their `t` prop). */
export function useTranslate(): Translate {
  return translator(useLanguage());
}
