// Browser mode signs in with the link `deskmate serve` prints: `/#token=…`. The fragment never reaches a server;
// the token is kept in this tab's sessionStorage (never in a cookie, which every local port would receive), removed
// from the address bar at once, and sent as `Authorization: Bearer` on every request.

const STORAGE_KEY = 'deskmate.token';

export interface SignInWindow {
  location: { hash: string; pathname: string; search: string };
  history: { replaceState(data: unknown, unused: string, url?: string): void };
  sessionStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem?(key: string): void };
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

/**
 * The token in what the agent pasted on the sign-in screen: the whole link `deskmate serve` printed
 * (`http://127.0.0.1:8787/#token=…`), the old `/?token=…` form, `#token=…`, or the bare token. Null when empty.
 */
export function tokenFromInput(text: string): string | null {
  const t = text.trim();
  if (!t) return null;
  const m = /[#?&]token=([^&#\s]*)/.exec(t);
  let token = m ? m[1]! : t;
  try {
    token = decodeURIComponent(token);
  } catch {
    // kept as typed
  }
  token = token.trim();
  return token && !/\s/.test(token) ? token : null;
}

/** Keeps the token for this tab only (sessionStorage; never a cookie). */
export function storeSignInToken(w: Pick<SignInWindow, 'sessionStorage'>, token: string): void {
  try {
    w.sessionStorage.setItem(STORAGE_KEY, token);
  } catch {
    // storage disabled: the caller keeps the token in the page's address (#token=) instead
  }
}

/** Forgets the token this tab stored (it was refused: the desk was restarted with another token). */
export function forgetSignInToken(w: Pick<SignInWindow, 'sessionStorage'>): void {
  try {
    w.sessionStorage.removeItem?.(STORAGE_KEY);
  } catch {
    // nothing stored
  }
}

/** Asks the desk whether it accepts `token` (POST /api/invoke/app.info with it as a Bearer header, no cookie). */
export async function checkSignInToken(
  token: string,
  fetchFn: (url: string, init: { method: string; headers: Record<string, string>; body: string; credentials: 'omit' }) => Promise<{ status: number }>,
  baseUrl = '',
): Promise<'ok' | 'refused' | 'unreachable'> {
  try {
    const r = await fetchFn(`${baseUrl}/api/invoke/app.info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
      credentials: 'omit',
    });
    if (r.status === 401) return 'refused';
    return r.status === 200 ? 'ok' : 'unreachable';
  } catch {
    return 'unreachable';
  }
}
