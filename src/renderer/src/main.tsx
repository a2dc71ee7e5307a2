// Renderer entry: pick the transport (Electron bridge or HTTP/SSE), create the stores, render the desk.
// First: zod reads its configuration when schemas are created, i.e. while the modules below are evaluated.
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickClient } from './api/pick';
import { fetchEventSource } from './api/fetch-events';
import { takeSignInToken } from './api/sign-in';
import { createCatalogUploader, type XhrLike } from './api/upload';
import { App } from './app/App';
import { DeskProvider } from './app/context';
import { isMac } from './app/keyboard';
import { languageStore, preferredLanguage } from './i18n';
import { createStores } from './stores';
import { browserFrameScheduler } from './stores/frame-batcher';
import './styles.css';

let streamStatus: ((s: 'connecting' | 'open' | 'reconnecting') => void) | null = null;
// browser mode: the `#token=` of the sign-in link, kept in sessionStorage and wiped from the address bar
const signInToken = window.desk ? null : takeSignInToken(window);
const { api, transport } = pickClient({
  bridge: window.desk,
  fetch: (url, init) => fetch(url, init),
  token: signInToken,
  openEventSource: (url) => fetchEventSource(url, { fetch: (u, init) => fetch(u, init), token: signInToken }),
  timers: { setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
  onStreamStatus: (s) => streamStatus?.(s),
  onInvalidEvent: (event, payload) => console.warn(`deskmate: dropped an invalid "${event}" event`, payload),
});

// browser mode: catalog files are streamed to POST /api/import by XMLHttpRequest (never read into the page)
const uploader = transport === 'http' ? createCatalogUploader({ baseUrl: '', token: signInToken, createXhr: () => new XMLHttpRequest() as unknown as XhrLike }) : undefined;

const stores = createStores(api, {
  schedule: browserFrameScheduler(window),
  timers: { setTimeout: (fn, ms) => window.setTimeout(fn, ms), clearTimeout: (h) => window.clearTimeout(h as number) },
});
streamStatus = (s) => stores.connectivity.getState().setStream(s === 'connecting' ? 'open' : s);
languageStore.getState().setLanguage(preferredLanguage(navigator.languages ?? [navigator.language]));

const mac = isMac(navigator.platform || navigator.userAgent);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <DeskProvider value={{ api, transport, stores, mac, uploader }}>
      <App />
    </DeskProvider>
  </StrictMode>,
);
