// The app shell: top bar (tabs, search, connectivity), the active screen, the search palette, toasts, and the
// keyboard shortcuts. Startup loads the language, connectivity and queue.
import { lazy, Suspense, useEffect, useMemo, type ComponentType, type ReactNode } from 'react';
import { SCREENS, type ScreenProps } from '../features';
import { ChatScreen } from '../features/chat/ChatScreen';
import { ConnectivityIndicator } from '../features/connectivity/ConnectivityIndicator';
import { HubSyncIndicator } from '../features/hub/HubSyncIndicator';
import { SearchPalette } from '../features/search/SearchPalette';
import { isLanguage, languageStore, type Language } from '../i18n';
import { useLanguage, useT, useTranslate } from '../i18n/react';
import type { ScreenId } from '../stores/ui';
import { useDesk, useUi } from './context';
import { focusComposer } from './focus';
import { matchShortcut } from './keyboard';

const lazyScreens = new Map<ScreenId, ComponentType<ScreenProps>>(
  SCREENS.filter((s) => s.id !== 'chat').map((s) => [s.id, lazy(async () => ({ default: await s.load() }))]),
);

export function App(): ReactNode {
  const t = useT();
  const tr = useTranslate();
  const lang = useLanguage();
  const { api, stores, mac, transport } = useDesk();
  const screen = useUi((s) => s.screen);
  const paletteOpen = useUi((s) => s.paletteOpen);
  const toast = useUi((s) => s.toast);

  // startup: the saved language, connectivity and the queue
  useEffect(() => {
    void api.invoke('settings.get', {}).then((r) => {
      if (r.ok && isLanguage(r.data.language)) languageStore.getState().setLanguage(r.data.language);
    });
    void stores.connectivity.getState().refresh();
  }, [api, stores]);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : lang === 'ko' ? 'ko-KR' : 'en';
  }, [lang]);

  useEffect(() => {
    if (!toast) return;
    const timer = setTimeout(() => stores.ui.getState().showToast(null), 3500);
    return () => clearTimeout(timer);
  }, [toast, stores]);

  // global shortcuts
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = matchShortcut(e, mac);
      if (!action) return;
      const ui = stores.ui.getState();
      const chat = stores.chat.getState();
      if (action === 'search') {
        e.preventDefault();
        ui.setPalette(!ui.paletteOpen);
      } else if (action === 'focus') {
        e.preventDefault();
        ui.setPalette(false);
        ui.setScreen('chat');
        focusComposer();
      } else if (action === 'send') {
        if (ui.screen !== 'chat') return;
        e.preventDefault();
        void chat.send();
      } else if (action === 'escape') {
        if (ui.paletteOpen) ui.setPalette(false);
        else if (Object.values(chat.pending).some((p) => p.phase !== 'done' && p.sessionId === chat.sessionId)) void chat.stop();
        else if (ui.source) ui.closeSource();
        else if (ui.panel) ui.setPanel(null);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stores, mac]);

  const onLanguage = useMemo(() => (l: Language) => languageStore.getState().setLanguage(l), []);
  const Screen = screen === 'chat' ? null : lazyScreens.get(screen);

  return (
    <div className="app" data-testid="app-shell" data-transport={transport}>
      <header className="topbar">
        <div className="brand">{t('app.name')}</div>
        <nav className="tabs" role="tablist">
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              aria-selected={screen === s.id}
              className={screen === s.id ? 'tab active' : 'tab'}
              data-testid={`nav-${s.id}`}
              onClick={() => stores.ui.getState().setScreen(s.id)}
            >
              {t(s.label)}
            </button>
          ))}
        </nav>
        <button type="button" className="search-button" data-testid="open-search" onClick={() => stores.ui.getState().setPalette(true)}>
          {t('nav.search')} <kbd>{mac ? '⌘K' : 'Ctrl+K'}</kbd>
        </button>
        <HubSyncIndicator />
        <ConnectivityIndicator />
      </header>
      <main className="screen">
        {screen === 'chat' || !Screen ? (
          <ChatScreen />
        ) : (
          <Suspense fallback={<div className="pad muted">{t('common.loading')}</div>}>
            <Screen api={api} t={tr} onLanguage={onLanguage} />
          </Suspense>
        )}
      </main>
      {paletteOpen && <SearchPalette onClose={() => stores.ui.getState().setPalette(false)} />}
      {toast && (
        <div className="toast" role="status" data-testid="toast">
          {toast}
        </div>
      )}
    </div>
  );
}
