// WAL checkpoints in a worker thread (src/main/db-checkpoint.ts), on real SQLite files: the serving connection stops
// checkpointing, the worker keeps the WAL about one interval's writes long and truncates it when idle, a dead worker
// gives checkpoints back to the connection, and `deskmate serve` killed with SIGKILL mid-writes leaves every answer it
// reported intact (integrity_check ok).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/db';
import { AUTO_CHECKPOINT_PAGES, leaveCheckpointsToLeader, startCheckpointer, type Checkpointer, type CheckpointReport } from '../../src/main/db-checkpoint';
import { databasePath } from '../../src/main/paths';
import { startFakeKimi } from '../support/fake-kimi';
import { serveStarted } from '../support/serve-line';

const ROOT = join(__dirname, '..', '..');
const dirs: string[] = [];
const open: Array<{ db: Db; ckpt?: Checkpointer }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.ckpt?.close();
    if (o.db.open) o.db.close();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function fresh(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-ckpt-'));
  dirs.push(dir);
  const file = join(dir, 'deskmate.sqlite');
  const db = openDatabase(file);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  open.push({ db });
  return { db, file };
}

const walSize = (file: string): number => {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 2,000 rows of ~4 KB (≥ 8 MB of WAL frames) in transactions of 20 every ~20 ms (a serving process commits its
 * writes in batches every 50 ms); the largest WAL seen. */
async function write(db: Db, file: string): Promise<number> {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  const batch = db.transaction((from: number) => {
    for (let i = from; i < from + 20; i++) insert.run(`${i}:`.padEnd(4_000, 'x'));
  });
  let maxWal = 0;
  for (let i = 0; i < 2_000; i += 20) {
    batch(i);
    maxWal = Math.max(maxWal, walSize(file));
    await sleep(20);
  }
  return Math.max(maxWal, walSize(file));
}

describe('WAL checkpoints in a worker thread', () => {
  it('the connection stops checkpointing; the WAL stays small, is truncated when idle, and every row is there', async () => {
    const { db, file } = fresh();
    const reports: CheckpointReport[] = [];
    const ckpt = startCheckpointer(db, file, { intervalMs: 20, idleTruncateMs: 300, onReport: (r) => reports.push(r) });
    open[open.length - 1]!.ckpt = ckpt;
    expect(await ckpt.ready).toBe(true);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    const maxWal = await write(db, file);
    expect(maxWal).toBeLessThan(4 * 1024 * 1024);
    expect(reports.some((r) => r.log > 0 && r.checkpointed === r.log)).toBe(true);
    // idle: fully checkpointed and then truncated to zero bytes
    const end = Date.now() + 5_000;
    // (the worker's report of the truncate is a message that may arrive after the file is already empty)
    while ((walSize(file) > 0 || !reports.some((r) => r.mode === 'TRUNCATE' && !r.busy)) && Date.now() < end) await sleep(50);
    expect(walSize(file)).toBe(0);
    expect(reports.some((r) => r.mode === 'TRUNCATE' && !r.busy)).toBe(true);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2_000);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    await ckpt.close();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
  });

  it('without the worker the same writes grow the WAL past 8 MB (what the bound above is about)', async () => {
    const { db, file } = fresh();
    const stop = leaveCheckpointsToLeader(db, file, { maxWalBytes: 1024 * 1024 * 1024 });
    expect(await write(db, file)).toBeGreaterThan(8 * 1024 * 1024);
    stop();
  });

  it('a process leaving checkpoints to another takes them back when the WAL passes its bound', async () => {
    const { db, file } = fresh();
    const warnings: string[] = [];
    const stop = leaveCheckpointsToLeader(db, file, { maxWalBytes: 1024 * 1024, guardMs: 20, warn: (m) => warnings.push(m) });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    await write(db, file);
    stop();
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
    expect(warnings).toEqual([expect.stringMatching(/WAL passed 1 MB/)]);
  });

  it('a worker that is not keeping up (WAL over its bound) is stopped and the connection checkpoints again', async () => {
    const { db, file } = fresh();
    const warnings: string[] = [];
    // an interval far longer than the test: the worker never checkpoints, the WAL grows past 1 MB
    const ckpt = startCheckpointer(db, file, { intervalMs: 60_000, maxWalBytes: 1024 * 1024, guardMs: 20, warn: (m) => warnings.push(m) });
    open[open.length - 1]!.ckpt = ckpt;
    expect(await ckpt.ready).toBe(true);
    await write(db, file);
    expect(ckpt.active()).toBe(false);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(AUTO_CHECKPOINT_PAGES);
    expect(warnings[0]).toMatch(/WAL checkpoints back on the serving thread: WAL passed 1 MB/);
    expect(db.prepare('SELECT count(*) FROM t').pluck().get()).toBe(2_000);
  });
});

function ask(base: string, token: string, agent: http.Agent, i: number): Promise<string> {
  const body = JSON.stringify({ session_id: `ckpt-${i}`, conversation_context: [], query: `What is the return policy? (${i})`, user_id: 'test', stream: true });
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}/v1/chat/stream`, { method: 'POST', agent, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (s: string) => (text += s));
      res.on('end', () => resolve(text));
      // a killed server: the response ends without 'end'
      res.on('close', () => resolve(text));
      res.on('error', () => resolve(text));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('deskmate serve with the checkpoint worker', () => {
  it('killed with SIGKILL while answering: every answer it finished is in the database, which is intact', async () => {
    const kimi = await startFakeKimi({ script: { answer: 'Returns are accepted within 30 days [Doc-1].', chunkChars: 6, interChunkMs: 2, ttftMs: 2 } });
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-ckpt-serve-'));
    dirs.push(dir);
    const token = 'ckpt-test-token-0123456789abcdef-0123';
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'deskmate.js'), '--data-dir', join(dir, 'data'), 'serve', '--port', '0', '--workers', '1', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DESKMATE_HTTP_TOKEN: token, KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
    const agent = new http.Agent({ keepAlive: true });
    try {
      const base = (await serveStarted(child, () => err)).url;
      // answers in waves of 8 at once until 24 are done (~500 WAL pages: fewer than SQLite's automatic checkpoint
      // would wait for), then a kill in the middle of the next wave
      const dbFile = databasePath(join(dir, 'data'));
      const startedAt = statSync(dbFile).mtimeMs;
      let done = 0;
      for (let wave = 0; wave < 3; wave++) {
        const texts = await Promise.all(Array.from({ length: 8 }, (_, k) => ask(base, token, agent, wave * 8 + k)));
        for (const t of texts) expect(t).toContain('event: done');
        done += texts.length;
      }
      // the worker has copied the answers into the database file meanwhile (it checkpoints every 500 ms)
      const end = Date.now() + 5_000;
      while (statSync(dbFile).mtimeMs === startedAt && Date.now() < end) await sleep(50);
      expect(statSync(dbFile).mtimeMs).toBeGreaterThan(startedAt);
      const last = Promise.all(Array.from({ length: 8 }, (_, k) => ask(base, token, agent, 100 + k).catch(() => '')));
      await sleep(15);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      await last;
      const db = openDatabase(dbFile);
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const answered = db.prepare("SELECT count(*) FROM turns WHERE speaker = 'assistant' AND status = 'complete'").pluck().get() as number;
        expect(answered).toBeGreaterThanOrEqual(done);
        expect(err).not.toMatch(/checkpoints back on the serving thread/);
      } finally {
        db.close();
      }
    } finally {
      agent.destroy();
      if (child.exitCode === null) child.kill('SIGKILL');
      await kimi.close();
    }
  }, 90_000);
});
