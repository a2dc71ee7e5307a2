// Connections to the hub: a pg Pool (or one Client) from the hub URL, with short connect timeouts so a desk never
// hangs on a hub that is down, and every error redacted (the URL carries the password).
import { createRequire } from 'node:module';
import type pg from 'pg';
import { hubUrlProblem } from './config';
import { HubError, toHubError } from './errors';

let pgModule: typeof pg | undefined;
/** The pg driver, loaded on first use: a desk or serving process without a team hub never loads it (~3 MB of heap in
 * each process, with pg-copy-streams; `deskmate serve` runs one process per core). */
export function pgDriver(): typeof pg {
  return (pgModule ??= createRequire(import.meta.url)('pg') as typeof pg);
}

export interface HubConnectOptions {
  connectTimeoutMs?: number;
  /** Statement timeout for ordinary queries (not bulk loads), ms; 0 = none. */
  statementTimeoutMs?: number;
  max?: number;
  applicationName?: string;
}

function clientConfig(url: string, o: HubConnectOptions): pg.ClientConfig {
  const problem = hubUrlProblem(url);
  if (problem) throw new HubError('config', problem);
  return {
    connectionString: url,
    connectionTimeoutMillis: o.connectTimeoutMs ?? 5_000,
    application_name: o.applicationName ?? 'deskmate',
    ...(o.statementTimeoutMs ? { statement_timeout: o.statementTimeoutMs } : {}),
    keepAlive: true,
  };
}

/** One connected client (CLI commands, LISTEN). The caller ends it. */
export async function connectHub(url: string, o: HubConnectOptions = {}): Promise<pg.Client> {
  const client = new (pgDriver().Client)(clientConfig(url, o));
  // A connection dropped while idle emits 'error' on the client: never crash the process for it.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => {});
    throw toHubError(err, url, 'connecting');
  }
  return client;
}

/** A pool (background sync, serve); errors of idle clients are swallowed (the next query reports them). */
export function hubPool(url: string, o: HubConnectOptions = {}): pg.Pool {
  const pool = new (pgDriver().Pool)({ ...clientConfig(url, o), max: o.max ?? 4, idleTimeoutMillis: 30_000 });
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` inside a transaction on `client` (COMMIT, or ROLLBACK and rethrow). */
export async function inTransaction<T>(client: pg.ClientBase, fn: () => Promise<T>, begin = 'BEGIN'): Promise<T> {
  await client.query(begin);
  try {
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}
