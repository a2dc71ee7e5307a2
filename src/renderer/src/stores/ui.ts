// App-shell state: which screen is shown, the search palette, the document open in the sources panel.
import { createStore, type StoreApi } from 'zustand/vanilla';

export type ScreenId = 'chat' | 'dashboard' | 'catalog' | 'settings';

export interface SourceFocus {
  /** The answer (row key) whose sources are listed; null for a document opened from search. */
  answerKey: string | null;
  /** The document shown: a product id or standalone doc id. */
  docId: string | null;
  /** The citation number clicked, if any. */
  n: number | null;
}

export interface UiState {
  screen: ScreenId;
  paletteOpen: boolean;
  source: SourceFocus | null;
  toast: string | null;
  /** Narrow windows: the side panel shown over the conversation (wide windows show both always). */
  panel: 'sessions' | 'sources' | null;
  setPanel(panel: 'sessions' | 'sources' | null): void;
  setScreen(screen: ScreenId): void;
  setPalette(open: boolean): void;
  openSource(focus: SourceFocus): void;
  closeSource(): void;
  showToast(message: string | null): void;
}

export type UiStore = StoreApi<UiState>;

export function createUiStore(): UiStore {
  return createStore<UiState>()((set) => ({
    screen: 'chat',
    paletteOpen: false,
    source: null,
    toast: null,
    panel: null,
    setPanel: (panel) => set({ panel }),
    setScreen: (screen) => set({ screen }),
    setPalette: (paletteOpen) => set({ paletteOpen }),
    openSource: (source) => set({ source }),
    closeSource: () => set({ source: null }),
    showToast: (toast) => set({ toast }),
  }));
}
