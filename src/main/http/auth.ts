// Who may talk to the server: the bearer token or the browser-mode cookie, a loopback (or configured) Host
// header against DNS rebinding, and a same-origin check for cookie-authenticated writes.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const COOKIE_NAME = 'deskmate_token';

/** Constant-time compare (hashing first so the lengths never leak either). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined || given === '') return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const raw = part.slice(eq + 1).trim();
    try {
      out.set(name, decodeURIComponent(raw));
    } catch {
      out.set(name, raw);
    }
  }
  return out;
}

export type AuthResult = { ok: true; via: 'bearer' | 'cookie' } | { ok: false; reason: string };

export function authenticate(req: IncomingMessage, token: string): AuthResult {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return { ok: false, reason: 'the Authorization header must be "Bearer TOKEN"' };
    return tokenMatches(m[1], token) ? { ok: true, via: 'bearer' } : { ok: false, reason: 'wrong token' };
  }
  const cookie = parseCookies(req.headers.cookie).get(COOKIE_NAME);
  if (cookie !== undefined) {
    return tokenMatches(cookie, token) ? { ok: true, via: 'cookie' } : { ok: false, reason: 'wrong token' };
  }
  return { ok: false, reason: 'missing token: send "Authorization: Bearer TOKEN" (printed by deskmate serve)' };
}

export function sessionCookie(token: string): string {
  return `${COOKIE_NAME}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Splits a Host header into name and port ("[::1]:80" → ["[::1]", "80"]). */
export function splitHost(host: string): { name: string; port: string | null } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host.trim().toLowerCase());
  if (!m) return { name: host.toLowerCase(), port: null };
  return { name: m[1]!, port: m[2] ?? null };
}

export interface HostPolicy {
  port: () => number;
  /** Extra names (lowercase, optionally `name:port`) beyond loopback. */
  extra: readonly string[];
}

/** True when the Host header names this server through loopback or a configured name (DNS rebinding guard). */
export function hostAllowed(hostHeader: string | undefined, policy: HostPolicy): boolean {
  if (!hostHeader) return false;
  const { name, port } = splitHost(hostHeader);
  const want = String(policy.port());
  const portOk = port === want || (port === null && want === '80');
  const extra = policy.extra.map((h) => h.toLowerCase());
  if (extra.includes(`${name}:${port ?? ''}`)) return true;
  if (!portOk) return false;
  return LOOPBACK_NAMES.includes(name) || extra.includes(name);
}

/** For cookie-authenticated requests: a browser's Origin (when sent) must be this server itself. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}
