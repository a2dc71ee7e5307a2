// The import worker: reads, parses, checks and prepares records on the second core while the main thread only
// writes. The worker runs the very bundle this module is part of (CLI or bench): the guarded block at the bottom
// runs only inside a worker started by workerBatches, and its top-level await holds the module graph so the
// bundle's entry (e.g. the bench runner) never runs in the worker. Everywhere else it does nothing.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { setPriority } from 'node:os';
import { prepareItems } from './prepare';
import { encodeBatch, transferList, type WireBatch } from './wire';
import { decodeChunks, ImportFileError, itemsOf, textChunks, type Format } from './sources';
import { jsonlPart } from './jsonl-part';
import { reapplyAfterStart } from '../heap-flags';

const ROLE = 'deskmate-catalog-import';
const WORKER_NICE = Number(process.env.DESKMATE_IMPORT_NICE ?? 5);

interface WorkerInit {
  role: typeof ROLE;
  /** The file to read, or null: its bytes arrive as messages (an HTTP upload, see workerBatches' `feed`). */
  file: string | null;
  format: Format;
  /** Items sent and not yet taken by the main thread, at most (it writes a transaction's worth at a time). */
  inFlight: number;
  /** This worker prepares segments `part`, `part + parts`, … of a JSONL file (parts > 1), else all of it. */
  part: number;
  parts: number;
}

type FromWorker =
  | { type: 'batch'; batch: WireBatch; bytes: number }
  | { type: 'took'; bytes: number }
  | { type: 'done'; bytes: number }
  | { type: 'error'; message: string; fileError: boolean };

function isInit(v: unknown): v is WorkerInit {
  return typeof v === 'object' && v !== null && (v as { role?: unknown }).role === ROLE;
}

/** True when this code runs from a JavaScript bundle under plain Node (not Electron, not TypeScript sources). */
export function workerAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.DESKMATE_IMPORT_WORKER === '0' || process.versions.electron) return false;
  return /\.m?js$/.test(new URL(import.meta.url).pathname);
}

async function runWorker(init: WorkerInit): Promise<void> {
  const port = parentPort;
  if (!port) return;
  // Below the main thread, whose writes are the import's critical path (on Linux this lowers this thread only).
  try {
    setPriority(WORKER_NICE);
  } catch {
    // not permitted: run at normal priority
  }
  let credits = init.inFlight;
  let wake: (() => void) | undefined;
  // Fed bytes (init.file null): chunks queued as they arrive, `null` at the end.
  const fed: (Uint8Array | null)[] = [];
  let wakeFeed: (() => void) | undefined;
  port.on('message', (m: number | { bytes: Uint8Array } | { end: true }) => {
    if (typeof m === 'number') {
      credits += m;
      wake?.();
      return;
    }
    fed.push('bytes' in m ? m.bytes : null);
    wakeFeed?.();
  });
  async function* feed(): AsyncGenerator<Uint8Array> {
    for (;;) {
      while (fed.length === 0) await new Promise<void>((r) => (wakeFeed = r));
      const b = fed.shift()!;
      if (b === null) return;
      port!.postMessage({ type: 'took', bytes: b.byteLength } satisfies FromWorker);
      yield b;
    }
  }
  const progress = { bytes: 0 };
  try {
    const source =
      init.file === null
        ? itemsOf(init.format, decodeChunks(feed(), progress))
        : init.parts > 1
          ? jsonlPart(init.file, init.part, init.parts, progress)
          : itemsOf(init.format, textChunks(init.file, progress));
    for await (const raw of source) {
      while (credits <= 0) await new Promise<void>((r) => (wake = r));
      wake = undefined;
      const batch = encodeBatch(prepareItems(raw));
      credits -= batch.count;
      port.postMessage({ type: 'batch', batch, bytes: progress.bytes } satisfies FromWorker, transferList(batch));
    }
    port.postMessage({ type: 'done', bytes: progress.bytes } satisfies FromWorker);
  } catch (err) {
    port.postMessage({ type: 'error', message: (err as Error).message, fileError: err instanceof ImportFileError } satisfies FromWorker);
  }
}

/** Import workers for a JSONL file (each prepares every other segment); other formats are read by one. */
export const JSONL_WORKERS = 2;

interface Running {
  worker: Worker;
  queue: FromWorker[];
}

/**
 * Prepared batches of `file` in file order, produced by worker threads; `progress.bytes` follows their reading.
 * A worker sends at most `inFlight` items ahead of what the caller has taken.
 */
export async function* workerBatches(
  file: string | null,
  format: Format,
  progress: { bytes: number },
  opts: { signal?: AbortSignal; inFlight: number; workers?: number; feed?: AsyncIterable<Uint8Array> },
): AsyncGenerator<WireBatch> {
  const { signal, inFlight } = opts;
  const parts = format === 'jsonl' && file !== null ? Math.max(1, opts.workers ?? JSONL_WORKERS) : 1;
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  const running: Running[] = [];
  for (let part = 0; part < parts; part++) {
    const workerData = { role: ROLE, file, format, inFlight, part, parts } satisfies WorkerInit;
    const r: Running = { worker: new Worker(fileURLToPath(import.meta.url), { workerData }), queue: [] };
    reapplyAfterStart(r.worker); // a new worker resets run-time V8 flags (serve's heap settings, heap-flags.ts)
    r.worker.on('message', (m: FromWorker) => {
      if (m.type === 'took') {
        unacked -= m.bytes;
        wakePump?.();
        return;
      }
      r.queue.push(m);
      wake?.();
    });
    r.worker.on('error', (e) => {
      failure = e;
      wake?.();
    });
    r.worker.on('exit', (code) => {
      if (code !== 0) failure ??= new Error(`import worker exited with code ${code}`);
      wake?.();
    });
    running.push(r);
  }
  // Fed bytes: sent to the worker as they come, at most FEED_AHEAD bytes it has not taken yet (constant memory).
  let unacked = 0;
  let wakePump: (() => void) | undefined;
  let pumpDone = false;
  const pump = async (source: AsyncIterable<Uint8Array>): Promise<void> => {
    const w = running[0]!.worker;
    try {
      for await (const b of source) {
        if (signal?.aborted || pumpDone) return;
        while (unacked > FEED_AHEAD && !pumpDone) await new Promise<void>((r) => (wakePump = r));
        unacked += b.byteLength;
        const copy = new Uint8Array(b); // a private copy the worker owns (transferred)
        w.postMessage({ bytes: copy }, [copy.buffer]);
      }
      w.postMessage({ end: true });
    } catch (err) {
      failure ??= err as Error;
      wake?.();
    }
  };
  if (opts.feed) void pump(opts.feed);
  try {
    // Segments alternate between the workers; the file ends when the worker whose turn it is has no more.
    for (let turn = 0; ; ) {
      if (signal?.aborted) return;
      const r = running[turn];
      const m = r.queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((res) => (wake = res));
        wake = undefined;
        continue;
      }
      if (m.type === 'error') throw m.fileError ? new ImportFileError(m.message) : new Error(m.message);
      progress.bytes = m.bytes;
      if (m.type === 'done') return;
      if (m.type !== 'batch') continue;
      r.worker.postMessage(m.batch.count);
      turn = (turn + 1) % parts;
      yield m.batch;
    }
  } finally {
    pumpDone = true;
    wakePump?.();
    await Promise.all(running.map((r) => r.worker.terminate()));
  }
}

/** Bytes of a fed source sent ahead of what the worker has taken. */
const FEED_AHEAD = 4 * 1024 * 1024;

if (!isMainThread && isInit(workerData)) {
  await runWorker(workerData);
  await new Promise<never>(() => {}); // the port keeps this worker alive until workerBatches terminates it
}
