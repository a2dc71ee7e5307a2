// WAL checkpoints off the event loop, for `deskmate serve`.
//
// With SQLite's automatic checkpoints (every ~1,000 WAL pages) the connection that commits the page over the mark
// copies the WAL into the database and fsyncs both files on the spot: at 100 answers/s that was ~6 times a second,
// each a blocking stall of the serving process's event loop. Here a worker thread with its own connection to the
// same file checkpoints instead (`PRAGMA wal_checkpoint(PASSIVE)`: never waits for readers or writers, so the
// serving processes never wait for it either), and the serving connections stop checkpointing
// (`wal_autocheckpoint = 0`). After a complete checkpoint the worker starts the WAL over (a tiny write transaction
// of its own, see below), so the file stays about as large as the writes of one interval; when nothing has been
// written for a while it truncates it to zero (TRUNCATE, without waiting: busy means "next time").
//
// If the worker fails to start, dies or falls behind (the WAL file passes `maxWalBytes`), the connection goes back
// to automatic checkpoints: the old behaviour, never an unbounded WAL. Durability is unchanged: the worker's
// connection uses the same `synchronous = NORMAL`, so a checkpoint fsyncs exactly as an automatic one did.
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db';
import { reapplyAfterStart } from './heap-flags';

/** SQLite's default automatic checkpoint, restored when the worker is gone. */
export const AUTO_CHECKPOINT_PAGES = 1000;

export interface CheckpointReport {
  /** Frames in the WAL, and how many of them are in the database file now (PRAGMA wal_checkpoint). */
  log: number;
  checkpointed: number;
  busy: boolean;
  mode: 'PASSIVE' | 'TRUNCATE';
  ms: number;
  /** The worker started the WAL over after this (complete) checkpoint. */
  restarted?: boolean;
}

export interface CheckpointerOptions {
  /** Between two PASSIVE checkpoints (default 500 ms). */
  intervalMs?: number;
  /** A complete checkpoint of at least this many frames starts the WAL over (default 256 frames, ~1 MB). */
  restartFrames?: number;
  /** WAL untouched and fully checkpointed this long → truncated to zero bytes (default 10 s). */
  idleTruncateMs?: number;
  /** A WAL file larger than this means the worker is not keeping up: automatic checkpoints come back (default 256 MB). */
  maxWalBytes?: number;
  /** How often the WAL file's size is looked at (default 2 s). */
  guardMs?: number;
  onReport?: (r: CheckpointReport) => void;
  /** Said once when automatic checkpoints come back, and why. */
  warn?: (message: string) => void;
}

export interface Checkpointer {
  /** Resolves when the worker's connection is open and this connection stopped checkpointing (false: fallback). */
  readonly ready: Promise<boolean>;
  /** True while the worker checkpoints for this connection. */
  active(): boolean;
  close(): Promise<void>;
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = NORMAL');
db.pragma('busy_timeout = 0');
let lastLog = -1, quietSince = Date.now(), truncated = false;
const run = (mode) => {
  const t0 = performance.now();
  const [r] = db.pragma('wal_checkpoint(' + mode + ')');
  return { log: r.log, checkpointed: r.checkpointed, busy: r.busy !== 0, mode, ms: performance.now() - t0 };
};
// A writer starts the WAL over only when its transaction begins with every frame checkpointed; the serving
// threads keep writing while a checkpoint runs, so the worker starts it over itself right after a complete one:
// one tiny write transaction (user_version rewritten unchanged), skipped when a writer holds the lock.
const restart = () => {
  try { db.exec('BEGIN IMMEDIATE'); } catch { return false; }
  try {
    db.pragma('user_version = ' + Number(db.pragma('user_version', { simple: true })));
    db.exec('COMMIT');
    return true;
  } catch {
    try { db.exec('ROLLBACK'); } catch {}
    return false;
  }
};
const tick = () => {
  try {
    let r = run('PASSIVE');
    if (r.log >= workerData.restartFrames && !r.busy && r.checkpointed === r.log && restart()) {
      r.restarted = true;
    }
    if (r.log !== lastLog) { lastLog = r.log; quietSince = Date.now(); truncated = false; }
    else if (!truncated && r.log > 0 && !r.busy && r.checkpointed === r.log && Date.now() - quietSince >= workerData.idleTruncateMs) {
      r = run('TRUNCATE');
      truncated = !r.busy;
      if (truncated) lastLog = 0;
    }
    parentPort.postMessage({ type: 'report', report: r });
  } catch (err) {
    parentPort.postMessage({ type: 'failed', message: String(err && err.message || err) });
  }
};
parentPort.on('message', (m) => { if (m === 'close') { clearInterval(timer); db.close(); process.exit(0); } });
const timer = setInterval(tick, workerData.intervalMs);
parentPort.postMessage({ type: 'ready' });
`;

function walBytes(file: string): number {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/**
 * Starts checkpointing `file` (the database `db` is connected to) in a worker thread and turns off `db`'s own
 * automatic checkpoints once the worker is up.
 */
export function startCheckpointer(db: Db, file: string, opts: CheckpointerOptions = {}): Checkpointer {
  const maxWal = opts.maxWalBytes ?? 256 * 1024 * 1024;
  let active = false;
  let closed = false;
  let fellBack = false;
  let gone = false;
  const fallBack = (why: string): void => {
    active = false;
    if (fellBack || closed || !db.open) return;
    fellBack = true;
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    opts.warn?.(`WAL checkpoints back on the serving thread: ${why}`);
  };
  let worker: Worker;
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, driver, intervalMs: opts.intervalMs ?? 500, idleTruncateMs: opts.idleTruncateMs ?? 10_000, restartFrames: opts.restartFrames ?? 256 },
      // it holds a connection and a timer: a small heap is plenty (past it the worker ends and we fall back)
      resourceLimits: { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 },
    });
    reapplyAfterStart(worker);
  } catch (err) {
    fallBack(err instanceof Error ? err.message : String(err));
    return { ready: Promise.resolve(false), active: () => false, close: async () => {} };
  }
  worker.unref();
  const ready = new Promise<boolean>((resolve) => {
    worker.on('message', (m: unknown) => {
      const msg = m as { type?: unknown; report?: CheckpointReport; message?: unknown };
      if (msg.type === 'ready') {
        if (closed || fellBack) return resolve(false);
        db.pragma('wal_autocheckpoint = 0');
        active = true;
        resolve(true);
      } else if (msg.type === 'report' && msg.report) {
        opts.onReport?.(msg.report);
      } else if (msg.type === 'failed') {
        fallBack(`checkpoint failed (${String(msg.message)})`);
      }
    });
    worker.on('error', (err) => {
      fallBack(`checkpoint worker failed (${err.message})`);
      resolve(false);
    });
    worker.on('exit', () => {
      gone = true;
      if (!closed) fallBack('checkpoint worker exited');
      resolve(false);
    });
  });
  const guard = setInterval(() => {
    if (active && walBytes(file) > maxWal) {
      fallBack(`WAL passed ${Math.round(maxWal / 1048576)} MB`);
      void worker.terminate();
    }
  }, opts.guardMs ?? 2_000);
  guard.unref();
  return {
    ready,
    active: () => active,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(guard);
      if (active && db.open) db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
      active = false;
      if (gone) return;
      // referenced again while it closes: an unreferenced worker and timer would let the process end mid-await
      worker.ref();
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage('close');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((r) => (timer = setTimeout(r, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}

/**
 * A serving process that is not the one checkpointing (a `serve` follower): its connection stops checkpointing, and
 * takes it up again if the WAL file passes `maxWalBytes` (the leader's worker gone or behind). Returns a stop function.
 */
export function leaveCheckpointsToLeader(db: Db, file: string, opts: { maxWalBytes?: number; guardMs?: number; warn?: (m: string) => void } = {}): () => void {
  const maxWal = opts.maxWalBytes ?? 256 * 1024 * 1024;
  db.pragma('wal_autocheckpoint = 0');
  const guard = setInterval(() => {
    if (walBytes(file) <= maxWal || !db.open) return;
    clearInterval(guard);
    db.pragma(`wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`);
    opts.warn?.(`WAL passed ${Math.round(maxWal / 1048576)} MB: this process checkpoints again`);
  }, opts.guardMs ?? 2_000);
  guard.unref();
  return () => clearInterval(guard);
}
