// Where the team hub is and who this desk is: DESKMATE_HUB_URL (a postgres:// URL, sslmode honoured by pg's
// connectionString) or the URL stored in Settings (encrypted like the API key, see settings/secrets.ts); the desk's
// name from DESKMATE_DESK_NAME, Settings, else the host name. The URL carries a password: it never reaches a log,
// an error message, the renderer or the ledger — everything printed goes through redactHub.
import { hostname } from 'node:os';
import type { SecretStore } from '../settings/secrets';

export interface HubConfig {
  /** The full URL (with password); undefined: no hub configured (the embedded default, nothing runs). */
  url: string | undefined;
  /** Where the URL came from. */
  source: 'env' | 'settings' | 'none';
  deskName: string;
}

/** Checks a hub URL; returns the reason it is unusable, or undefined. Never echoes the URL. */
export function hubUrlProblem(url: string): string | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'the hub URL is not a URL (expected postgres://USER:PASSWORD@HOST:PORT/DATABASE)';
  }
  if (u.protocol !== 'postgres:' && u.protocol !== 'postgresql:') return `the hub URL must start with postgres:// (got ${u.protocol}//)`;
  if (!u.hostname) return 'the hub URL has no host';
  const ssl = u.searchParams.get('sslmode');
  if (ssl !== null && !['disable', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'].includes(ssl)) return `the hub URL's sslmode "${ssl}" is not one of disable, prefer, require, verify-ca, verify-full, no-verify`;
  return undefined;
}

/** "user@host:port/db" — what may be shown of a hub URL (no password, no query). */
export function hubLabel(url: string | undefined): string {
  if (!url) return 'no hub';
  try {
    const u = new URL(url);
    return `${u.username ? decodeURIComponent(u.username) + '@' : ''}${u.hostname}${u.port ? ':' + u.port : ''}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return 'hub (unparsable URL)';
  }
}

/** Removes the URL, its password and any postgres:// URL from a message. */
export function redactHub(message: string, url?: string): string {
  let out = message;
  if (url) {
    out = out.split(url).join(hubLabel(url));
    try {
      const pw = decodeURIComponent(new URL(url).password);
      if (pw.length >= 3) out = out.split(pw).join('***');
      const raw = new URL(url).password;
      if (raw.length >= 3) out = out.split(raw).join('***');
    } catch {
      // unparsable: the generic pattern below still applies
    }
  }
  return out.replace(/postgres(?:ql)?:\/\/[^\s'"]*/gi, (m) => hubLabel(m));
}

export function deskNameFrom(env: NodeJS.ProcessEnv, stored?: string): string {
  const n = env.DESKMATE_DESK_NAME?.trim() || stored?.trim() || hostname();
  return n.slice(0, 120);
}

/** The hub configuration: the environment wins over Settings (as KIMI_API_KEY does). */
export function hubConfigFrom(env: NodeJS.ProcessEnv, stored?: SecretStore, storedDeskName?: string): HubConfig {
  const envUrl = env.DESKMATE_HUB_URL?.trim();
  const settingsUrl = stored?.source() === 'safeStorage' || stored?.source() === 'memory' ? stored.get() : undefined;
  const url = envUrl || settingsUrl || undefined;
  return { url, source: envUrl ? 'env' : settingsUrl ? 'settings' : 'none', deskName: deskNameFrom(env, storedDeskName) };
}

/** A whole number of milliseconds from env `name` within [min, max]; unset: `def`; a bad value: `def` and a warning
 * naming the variable. */
export function msFromEnv(env: NodeJS.ProcessEnv, name: string, def: number, min: number, max: number): { ms: number; warning?: string } {
  const raw = env[name]?.trim();
  if (!raw) return { ms: def };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min && n <= max) return { ms: n };
  return { ms: def, warning: `${name} must be a whole number of milliseconds from ${min} to ${max} (got "${raw.slice(0, 40)}"); using ${def}.` };
}
