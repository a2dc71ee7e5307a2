// The import worker: reads, parses, checks and prepares records on the second core while the main thread only
// writes. The worker runs the very bundle this module is part of (CLI or bench): the guarded block at the bottom
// runs only inside a worker started by workerBatches, and its top-level await holds the module graph so the
// bundle's entry (e.g. the bench runner) never runs in the worker. Everywhere else it does nothing.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import { prepareItems } from './prepare';
import { encodeBatch, transferList, type WireBatch } from './wire';
import { ImportFileError, itemsOf, textChunks, type Format } from './sources';

const ROLE = 'deskmate-catalog-import';

interface WorkerInit {
  role: typeof ROLE;
  file: string;
  format: Format;
  /** Items sent and not yet taken by the main thread, at most (it writes a transaction's worth at a time). */
  inFlight: number;
}

type FromWorker =
  | { type: 'batch'; batch: WireBatch; bytes: number }
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
  let credits = init.inFlight;
  let wake: (() => void) | undefined;
  port.on('message', (taken: number) => {
    credits += taken;
    wake?.();
  });
  const progress = { bytes: 0 };
  try {
    for await (const raw of itemsOf(init.format, textChunks(init.file, progress))) {
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

/** Prepared batches of `file`, produced by a worker thread; `progress.bytes` follows the worker's reading. */
export async function* workerBatches(
  file: string,
  format: Format,
  progress: { bytes: number },
  opts: { signal?: AbortSignal; inFlight: number },
): AsyncGenerator<WireBatch> {
  const { signal, inFlight } = opts;
  const worker = new Worker(fileURLToPath(import.meta.url), { workerData: { role: ROLE, file, format, inFlight } satisfies WorkerInit });
  const queue: FromWorker[] = [];
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  worker.on('message', (m: FromWorker) => {
    queue.push(m);
    wake?.();
  });
  worker.on('error', (e) => {
    failure = e;
    wake?.();
  });
  worker.on('exit', (code) => {
    if (code !== 0) failure ??= new Error(`import worker exited with code ${code}`);
    wake?.();
  });
  try {
    for (;;) {
      if (signal?.aborted) return;
      const m = queue.shift();
      if (!m) {
        if (failure) throw failure;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
        continue;
      }
      if (m.type === 'error') throw m.fileError ? new ImportFileError(m.message) : new Error(m.message);
      progress.bytes = m.bytes;
      if (m.type === 'done') return;
      worker.postMessage(m.batch.count);
      yield m.batch;
    }
  } finally {
    await worker.terminate();
  }
}

if (!isMainThread && isInit(workerData)) {
  await runWorker(workerData);
  await new Promise<never>(() => {}); // the port keeps this worker alive until workerBatches terminates it
}
