// Browser mode signs in with the link `deskmate serve` prints: `/#token=…`. The fragment never reaches a server;
// the token is kept in this tab's sessionStorage (never in a cookie, which every local port would receive), removed
// from the address bar at once, and sent as `Authorization: Bearer` on every request.

const STORAGE_KEY = 'deskmate.token';

export interface SignInWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

/** The token from `#token=…` (then stored and wiped from the URL), else the one this tab stored earlier. */
export function takeSignInToken(w: SignInWindow): string | null {
  const m = /(?:^#|&)token=([^&]*)/.exec(w.location.hash);
  if (m) {
    let token = m[1]!;
    try {
      token = decodeURIComponent(token);
    } catch {
      // kept as typed
    }
    try {
      if (token) w.sessionStorage.setItem(STORAGE_KEY, token);
    } catch {
      // storage disabled: the token lives for this page only
    }
    w.history.replaceState(null, '', `${w.location.pathname}${w.location.search}`);
    if (token) return token;
  }
  try {
    return w.sessionStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
