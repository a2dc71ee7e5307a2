// kill -9 of `deskmate sync` at arbitrary moments, then run again: the desk ends with exactly the hub's catalog —
// nothing missing, nothing twice (the cursor commits in the same SQLite transactions as the rows it covers).
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { usePgCluster } from '../support/pg-cluster';
import { runCli } from '../support/cli';
import { databasePath } from '../../src/main/paths';
import { catalogFile, compareDesk, initHub, tmp } from './helpers';
import { SMALL_DELTA } from '../../src/main/hub/catalog-sync';

const cluster = usePgCluster();
const BIN = join(__dirname, '..', '..', 'bin', 'deskmate.js');
// More than SMALL_DELTA: a delta that small is applied without pauses and can finish between two polls of the
// killer (on a quiet machine a 4,000-row first sync did, and no kill landed mid-way).
const N = SMALL_DELTA + 2000;

function localCount(dataDir: string): number {
  try {
    const db = new Database(databasePath(dataDir), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM products WHERE demo = 0').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** Starts `deskmate sync`, SIGKILLs it once `killWhen` holds (or it ends by itself); resolves with its exit. */
function syncKilledWhen(url: string, dataDir: string, killWhen: () => boolean): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'sync', '--json'], { env: { ...process.env, DESKMATE_HUB_URL: url }, stdio: 'ignore' });
    let killed = false;
    const timer = setInterval(() => {
      if (!killed && killWhen()) {
        killed = true;
        child.kill('SIGKILL');
      }
    }, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ killed, code });
    });
  });
}

describe('deskmate sync killed with SIGKILL', () => {
  it('resumes where it stopped: no duplicates, nothing missing', { timeout: 240_000 }, async () => {
    const url = await cluster.createDb();
    const dir = tmp();
    await initHub(url);
    expect((await runCli(['hub', 'import', catalogFile(dir, 0, N)], { DESKMATE_HUB_URL: url })).code).toBe(0);
    const dataDir = join(dir, 'desk');
    const seen: number[] = [];
    // Kill once some rows are in, then again further on: each kill lands in the middle of the stream.
    for (const threshold of [1, Math.round(N * 0.4), Math.round(N * 0.7)]) {
      const r = await syncKilledWhen(url, dataDir, () => localCount(dataDir) >= threshold);
      seen.push(localCount(dataDir));
      if (!r.killed) break;
    }
    expect(seen.some((n) => n > 0 && n < N)).toBe(true); // at least one kill landed mid-sync
    const done = JSON.parse((await runCli(['--data-dir', dataDir, 'sync', '--json'], { DESKMATE_HUB_URL: url })).out) as { behind: number; first: boolean };
    expect(done).toMatchObject({ behind: 0, first: false });
    const c = await compareDesk(url, dataDir);
    expect(c.duplicates).toBe(0);
    expect(c.desk.size).toBe(N);
    expect(c.desk).toEqual(c.hub);
    expect(c.ftsRows).toBe(N);
  });
});
