// Who may talk to the server: the bearer token only (header `Authorization: Bearer`; browser mode keeps it in the tab's
// sessionStorage, never in a cookie — cookies ignore ports, so every local server would receive one), a loopback (or
// configured) Host header against DNS rebinding, and a same-origin check on any request a browser marks with Origin.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** The server's token hashed once (it is the same for every request). */
let known: { token: string; digest: Buffer } | null = null;

/** Constant-time compare (hashing first so the lengths never leak either). */
export function tokenMatches(given: string | undefined, token: string): boolean {
  if (given === undefined || given === '') return false;
  if (known?.token !== token) known = { token, digest: createHash('sha256').update(token).digest() };
  return timingSafeEqual(createHash('sha256').update(given).digest(), known.digest);
}

export type AuthResult = { ok: true; via: 'bearer' } | { ok: false; reason: string };

export function authenticate(req: IncomingMessage, token: string): AuthResult {
  const header = req.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return { ok: false, reason: 'the Authorization header must be "Bearer TOKEN"' };
    return tokenMatches(m[1], token) ? { ok: true, via: 'bearer' } : { ok: false, reason: 'wrong token' };
  }
  if (req.headers.cookie !== undefined) {
    return { ok: false, reason: 'cookies are not accepted: send "Authorization: Bearer TOKEN" (the sign-in link keeps it in the page)' };
  }
  return { ok: false, reason: 'missing token: send "Authorization: Bearer TOKEN" (printed by deskmate serve)' };
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

/** A browser's Origin (when sent) must be this server itself (no CORS, no cross-site writes). */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host.toLowerCase() === (req.headers.host ?? '').toLowerCase();
  } catch {
    return false;
  }
}
