// A throwaway PostgreSQL cluster for tests, benchmarks and `npm run hub`: initdb into a temp folder (as the
// unprivileged `postgres` user when running as root), a free port on 127.0.0.1, a Unix socket in the same folder,
// stopped and removed at the end — also when a test fails or the process exits early. No mocked database.
//
// No vitest here (scripts and benchmarks use it too); tests use usePgCluster from pg-cluster.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const SUPERUSER = 'postgres';
const PREFIX = 'deskmate-pg-';

export interface PgCluster {
  readonly dir: string;
  readonly port: number;
  readonly password: string;
  /** postgres:// URL of a database in this cluster (default: the `postgres` database), as the superuser. */
  url(db?: string): string;
  /** Creates a fresh database (a unique name unless given) and returns its URL. */
  createDb(name?: string): Promise<string>;
  start(): void;
  /** Fast shutdown (open connections are ended); `immediate` is a crash-like stop. */
  stop(mode?: 'fast' | 'immediate'): void;
  restart(): void;
  readonly running: boolean;
  /** Stops the server and removes the folder. */
  destroy(): void;
}

/** The folder with initdb / pg_ctl: PG_BIN, else Debian's newest /usr/lib/postgresql/N/bin (15 on these machines). */
export function findPgBin(): { bin?: string; reason?: string } {
  const env = process.env.PG_BIN;
  if (env) return existsSync(join(env, 'initdb')) ? { bin: env } : { reason: `PG_BIN=${env} has no initdb` };
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return { bin: join(root, v, 'bin') };
  return {
    reason: 'PostgreSQL server not found (no /usr/lib/postgresql/*/bin/initdb): install Debian\'s `postgresql` package (.ci/run does) or set PG_BIN',
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL binary as the cluster owner (postgres when we are root). */
function runPg(bin: string, args: string[], what: string): void {
  const cmd = asRoot ? 'runuser' : bin;
  const argv = asRoot ? ['-u', SUPERUSER, '--', bin, ...args] : args;
  const r = spawnSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`${what} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Clusters left by a process that died without cleaning up (kill -9 of a test worker): stop and remove them. */
function reapOrphans(bin: string): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
      if (!owner || pidAlive(owner)) continue;
      if (existsSync(join(dir, 'data', 'postmaster.pid'))) spawnSync(join(bin, 'pg_ctl'), ['-D', join(dir, 'data'), 'stop', '-m', 'immediate', '-w'], { stdio: 'ignore', timeout: 30_000 });
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // not ours or already gone
    }
  }
}

const live = new Set<PgCluster>();
let hooked = false;
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', () => {
    for (const c of live) c.destroy();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      for (const c of live) c.destroy();
      process.exit(sig === 'SIGINT' ? 130 : 143);
    });
  }
}

export interface StartOptions {
  /** Extra `-c name=value` server settings (benchmarks: shared_buffers, max_connections…). */
  settings?: Record<string, string | number>;
  /** Keep fsync on (default off: a throwaway cluster; a clean stop still persists everything). */
  durable?: boolean;
}

/** initdb + start. Throws with the reason when PostgreSQL is missing or does not start. */
export async function startPgCluster(opts: StartOptions = {}): Promise<PgCluster> {
  const { bin, reason } = findPgBin();
  if (!bin) throw new Error(reason);
  reapOrphans(bin);
  const dir = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  const data = join(dir, 'data');
  const password = `pw-${Math.random().toString(36).slice(2)}`;
  writeFileSync(join(dir, 'pwfile'), password + '\n');
  chmodSync(dir, 0o700);
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', SUPERUSER], { encoding: 'utf8' }));
    const gid = Number(execFileSync('id', ['-g', SUPERUSER], { encoding: 'utf8' }));
    chownSync(dir, uid, gid);
    chownSync(join(dir, 'pwfile'), uid, gid);
  }
  runPg(join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '--auth-local=trust', '--auth-host=scram-sha-256', `--pwfile=${join(dir, 'pwfile')}`, '-N', '-E', 'UTF8', '--locale=C'], 'initdb');
  let port = 0;
  const settings: Record<string, string | number> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: dir,
    max_connections: 120,
    ...(opts.durable ? {} : { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' }),
    ...opts.settings,
  };
  let running = false;
  const pgctl = (args: string[], what: string): void => runPg(join(bin, 'pg_ctl'), ['-D', data, ...args], what);
  const cluster: PgCluster = {
    dir,
    get port() {
      return port;
    },
    password,
    url: (db = 'postgres') => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${db}`,
    async createDb(name) {
      const db = name ?? `t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const c = new pg.Client({ connectionString: cluster.url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${db.replace(/"/g, '""')}" TEMPLATE template0 STRATEGY file_copy`);
      } finally {
        await c.end();
      }
      return cluster.url(db);
    },
    start() {
      const opt = Object.entries({ ...settings, port }).map(([k, v]) => `-c ${k}=${String(v)}`).join(' ');
      pgctl(['-w', '-t', '60', '-l', join(dir, 'server.log'), '-o', opt, 'start'], `pg_ctl start (log: ${join(dir, 'server.log')})`);
      running = true;
    },
    stop(mode = 'fast') {
      if (!running) return;
      pgctl(['-w', '-t', '60', '-m', mode, 'stop'], 'pg_ctl stop');
      running = false;
    },
    restart() {
      cluster.stop();
      cluster.start();
    },
    get running() {
      return running;
    },
    destroy() {
      live.delete(cluster);
      try {
        cluster.stop('immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  live.add(cluster);
  hookExit();
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      cluster.start();
      break;
    } catch (err) {
      if (attempt >= 3) {
        cluster.destroy();
        throw err;
      }
    }
  }
  return cluster;
}

