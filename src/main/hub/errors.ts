// Hub failures as one clear line naming the cause: wrong URL or password, hub down, schema too new, a row the
// desk cannot apply. Messages never contain the hub URL or password (redactHub).
import { hubLabel, redactHub } from './config';

export type HubErrorKind = 'config' | 'auth' | 'unreachable' | 'schema' | 'database' | 'apply' | 'interrupted';

export class HubError extends Error {
  constructor(
    readonly kind: HubErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'HubError';
  }

  /** The hub is (for now) out of reach: background sync pauses and retries. */
  get transient(): boolean {
    return this.kind === 'unreachable';
  }
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006']);

/** Turns anything a pg call threw into a HubError with a one-line, redacted message. */
export function toHubError(err: unknown, url: string | undefined, doing = 'talking to the hub'): HubError {
  if (err instanceof HubError) return err;
  const e = err as { code?: string; message?: string; name?: string };
  const where = hubLabel(url);
  const msg = redactHub(String(e?.message ?? err), url).split('\n')[0];
  const code = e?.code ?? '';
  if (code === '28P01' || code === '28000') return new HubError('auth', `hub ${where}: authentication failed (wrong user or password): ${msg}`);
  if (code === '3D000') return new HubError('config', `hub ${where}: the database does not exist: ${msg}`);
  if (UNREACHABLE.has(code) || /timeout|terminat|connect ECONN|socket|closed|not queryable|connection error|the database system is (shutting down|starting up)/i.test(msg)) {
    return new HubError('unreachable', `hub ${where} unreachable while ${doing}: ${msg}`);
  }
  if (code === '42P01' || code === '42883') return new HubError('schema', `hub ${where} has no Deskmate schema (run \`deskmate hub init\`): ${msg}`);
  if (code === '42501') return new HubError('auth', `hub ${where}: permission denied while ${doing} (see the hub roles in the README): ${msg}`);
  if (/SSL|certificate|self.signed/i.test(msg)) return new HubError('config', `hub ${where}: TLS problem (check sslmode in the hub URL): ${msg}`);
  return new HubError('database', `hub ${where}: ${doing} failed: ${msg}${code ? ` (${code})` : ''}`);
}
