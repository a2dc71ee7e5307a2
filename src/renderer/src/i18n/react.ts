// React bindings of the i18n store: react-i18next's useTranslation re-renders on i18next's languageChanged, the
// zustand language store (the app's choice, also driving Intl formats) on the store's change.
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { i18n, languageStore, translator, type Language, type T, type Translate } from './index';

export function useLanguage(): Language {
  return useStore(languageStore, (s) => s.language);
}

/** `t` for the current language, typed by key; components re-render when the language changes. */
export function useT(): T {
  useTranslation(undefined, { i18n: i18n(), useSuspense: false });
  return translator(useLanguage());
}

/** The same function with string keys (what the screens take as their `t` prop). */
export function useTranslate(): Translate {
  return useT() as Translate;
}
