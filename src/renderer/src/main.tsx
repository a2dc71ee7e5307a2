// Renderer entry: pick the transport (Electron bridge or HTTP/SSE), create the stores, render the desk.
// First: zod reads its configuration when schemas are created, i.e. while the modules below are evaluated.
import './zod-setup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickClient } from './api/pick';
import { fetchEventSource } from './api/fetch-events';
import { forgetSignInToken, takeSignInToken } from './api/sign-in';
import { createCatalogUploader, type XhrLike } from './api/upload';
import { App } from './app/App';
import { pageSignIn, SignIn } from './app/SignIn';
import { DeskProvider } from './app/context';
import { isMac } from './app/keyboard';
import { languageStore, preferredLanguage } from './i18n';
import { createStores } from './stores';
import { browserFrameScheduler } from './stores/frame-batcher';
import './styles.css';

// browser mode: the `#token=` of the sign-in link, kept in sessionStorage and wiped from the address bar
const signInToken = window.desk ? null : takeSignInToken(window);
languageStore.getState().setLanguage(preferredLanguage(navigator.languages ?? [navigator.language]));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
const container = createRoot(root);

/** Browser mode without a token the desk accepts: explain where the link comes from, take the token. */
function showSignIn(expired: boolean): void {
  container.render(
    <StrictMode>
      <SignIn expired={expired} {...pageSignIn(window)} />
    </StrictMode>,
  );
}

function startDesk(): void {
  let streamStatus: ((s: 'connecting' | 'open' | 'reconnecting') => void) | null = null;
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

  const mac = isMac(navigator.platform || navigator.userAgent);
  container.render(
    <StrictMode>
      <DeskProvider value={{ api, transport, stores, mac, uploader }}>
        <App />
      </DeskProvider>
    </StrictMode>,
  );
  if (transport === 'http') {
    // a token this tab kept from before the desk restarted with another one: back to the sign-in screen
    void api.invoke('app.info', {}).then((r) => {
      if (r.ok || r.error.code !== 'unauthorized') return;
      forgetSignInToken(window);
      if ('close' in api && typeof api.close === 'function') api.close();
      showSignIn(true);
    });
  }
}

if (!window.desk && !signInToken) showSignIn(false);
else startDesk();
