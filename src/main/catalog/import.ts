// The import path: file → streamed batches of records → checked → written in batched transactions.
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import type { Db } from '../db';
import { CatalogWriter, emptyReport, type ImportReport } from './writer';
import { prepareItems } from './prepare';
import { encodeBatch, WireCursor, type WireBatch } from './wire';
import { beginBulk, type BulkOptions } from './bulk';
import { decodeChunks, formatFromName, ImportFileError, itemsOf, sniffFormat, textChunks, type Format, type RawItem } from './sources';
import { databaseFile, storageProblem } from '../sessions/storage';
import { removeDemoRows } from './demo-rows';
import { workerAvailable, workerBatches } from './worker';
import { bumpWrites, setMeta } from './store';
import { dropProductIndex, restoreProductIndex } from './product-index';
import { invalidateDfCache } from './plan';

export interface ImportProgress {
  /** Records committed so far (imported, updated, unchanged or rejected). */
  rows: number;
  /** The same figure under its explicit name (contract `catalog.importProgress.committed`). */
  committed?: number;
  bytes: number;
  totalBytes: number;
}

export interface ImportOptions {
  format?: Format;
  /** Rows of the bundled demo catalog (removed by the first real import). */
  demo?: boolean;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Records per transaction. */
  batchSize?: number;
  /** Parse and prepare records in a worker thread (default: when running from the JS bundle under Node). */
  worker?: boolean;
  /** Worker threads for a JSONL file (default JSONL_WORKERS). */
  workers?: number;
  /** Build the unique product id index once at the end of an import into an empty catalog (default true). */
  deferIndex?: boolean;
  /** Repeated product ids held back for the index before it is built mid-import (default MAX_DEFERRED). */
  maxDeferred?: number;
  /** A write transaction ends after about this many ms (default DEFAULT_TRANSACTION_MS). */
  transactionMs?: number;
  /** Pause between write transactions, ms, so other writers get the database (default DEFAULT_PAUSE_MS). */
  pauseMs?: number;
  /** Clock for last_import_at (tests). */
  now?: () => Date;
  /**
   * Called inside each write transaction once its records are applied, with the items applied so far and the
   * records still waiting for the unique index: the caller's own bookkeeping (the team hub's sync cursor) commits
   * together with the records.
   */
  inTransaction?: (applied: number, waiting: number) => void;
  /** Page cache / WAL settings for the length of the import (default: bulk.ts's). */
  bulk?: BulkOptions;
  /** Filled in as the import ends: FTS rows written, and records applied by the stock-only path (writer.ts lightWire). */
  stats?: { ftsWritten: number; light: number; removed: number };
}

export const DEFAULT_BATCH = 20000;
/** Records of a fresh import that may wait for the unique product id index (see CatalogWriter). */
export const MAX_DEFERRED = 50000;
/**
 * Import write transactions last about 100 ms, with 12 ms pauses between them: another connection waiting on
 * busy_timeout (SQLite polls every 100 ms once it has waited ~0.3 s) lands in a pause within ~1.5 s, well inside
 * its 5 s busy_timeout (see docs/DESIGN.md, "Import next to a running desk").
 */
export const DEFAULT_TRANSACTION_MS = 100;
export const DEFAULT_PAUSE_MS = 12;

/** The format of a file without a telling extension, from its first 4 KiB. */
export function sniffFile(file: string): Format {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(4096);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return sniffFormat(buf.subarray(0, n).toString('utf8').replace(/^\ufeff/, ''));
  } finally {
    closeSync(fd);
  }
}

/** Imports a JSONL / JSON array / CSV file (format from the extension, else sniffed). */
export async function importFile(db: Db, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const totalBytes = statSync(file).size;
  const format = opts.format ?? formatFromName(file) ?? sniffFile(file);
  const progress = { bytes: 0 };
  const batches = (opts.worker ?? workerAvailable())
    ? workerBatches(file, format, progress, { signal: opts.signal, inFlight: 2 * (opts.batchSize ?? DEFAULT_BATCH), workers: opts.workers })
    : inline(itemsOf(format, textChunks(file, progress, opts.signal)));
  return runImport(db, batches, opts, (rows) => ({ rows, committed: rows, bytes: progress.bytes, totalBytes }));
}

/**
 * Imports a byte stream (an HTTP upload body) as it arrives: format from `format`, else the file name, else sniffed
 * from the first bytes. Parsed on this thread in the stream's own small chunks, written in short transactions.
 */
export async function importStream(
  db: Db,
  body: AsyncIterable<Uint8Array>,
  opts: Omit<ImportOptions, 'workers'> & { fileName: string; totalBytes?: number },
): Promise<ImportReport> {
  const progress = { bytes: 0 };
  const it = body[Symbol.asyncIterator]();
  const head = await it.next();
  const first = head.done ? Buffer.alloc(0) : Buffer.from(head.value.buffer, head.value.byteOffset, head.value.byteLength);
  const format = opts.format ?? formatFromName(opts.fileName) ?? sniffFormat(first.subarray(0, 4096).toString('utf8').replace(/^\ufeff/, ''));
  // Cancel stops at once, even while the sender is silent (the upload is then left unread).
  const aborted = new Promise<IteratorResult<Uint8Array>>((r) => {
    if (opts.signal?.aborted) r({ done: true, value: undefined });
    opts.signal?.addEventListener('abort', () => r({ done: true, value: undefined }), { once: true });
  });
  async function* bytes(): AsyncGenerator<Uint8Array> {
    if (first.length) yield first;
    if (head.done) return;
    for (let n = await Promise.race([it.next(), aborted]); !n.done; n = await Promise.race([it.next(), aborted])) yield n.value;
    if (opts.signal?.aborted) void it.return?.();
  }
  const totalBytes = opts.totalBytes ?? 0;
  // Parsed and prepared in a worker thread when available (the server's event loop only writes), else here.
  const batches = (opts.worker ?? workerAvailable())
    ? workerBatches(null, format, progress, { signal: opts.signal, inFlight: 2 * (opts.batchSize ?? DEFAULT_BATCH), feed: bytes() })
    : inline(itemsOf(format, decodeChunks(bytes(), progress)));
  return runImport(db, batches, opts, (rows) => ({ rows, committed: rows, bytes: progress.bytes, totalBytes }));
}

async function* inline(raw: AsyncIterable<RawItem[]>): AsyncGenerator<WireBatch> {
  for await (const r of raw) yield encodeBatch(prepareItems(r));
}

/** Imports records given as values (tests, HTTP). Line numbers are 1-based positions. */
export async function importRecords(
  db: Db,
  records: Iterable<unknown> | AsyncIterable<unknown>,
  opts: Omit<ImportOptions, 'format'> = {},
): Promise<ImportReport> {
  async function* batches(): AsyncGenerator<RawItem[]> {
    let line = 0;
    let out: RawItem[] = [];
    for await (const value of records as AsyncIterable<unknown>) {
      out.push({ line: ++line, value });
      if (out.length >= 1000) {
        yield out;
        out = [];
      }
    }
    if (out.length) yield out;
  }
  return runImport(db, inline(batches()), opts, (rows) => ({ rows, committed: rows, bytes: 0, totalBytes: 0 }));
}

/** Imports batches prepared elsewhere (the team hub's sync), with the same writer, demo removal and bulk settings. */
export async function importBatches(
  db: Db,
  batches: AsyncIterable<WireBatch>,
  opts: Omit<ImportOptions, 'format' | 'worker' | 'workers'> = {},
): Promise<ImportReport> {
  return runImport(db, batches, opts, (rows) => ({ rows, committed: rows, bytes: 0, totalBytes: 0 }));
}

/**
 * An import that stopped part-way (cancelled, interrupted, or the database could not be written): what was
 * committed stays, and running the same import again finishes it (committed rows come back as unchanged).
 */
export class ImportStoppedError extends Error {
  constructor(
    readonly reason: 'aborted' | 'storage' | 'failed',
    readonly committed: number,
    readonly report: ImportReport,
    what: string,
    original?: unknown,
  ) {
    super(`${what}; ${committed.toLocaleString('en-US')} rows were committed and are kept; run the same import again to finish it`, { cause: original });
    this.name = reason === 'aborted' ? 'AbortError' : 'ImportStoppedError';
  }
}

const pause = (ms: number): Promise<void> => new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

async function runImport(
  db: Db,
  batches: AsyncIterable<WireBatch>,
  opts: ImportOptions,
  progressOf: (rows: number) => ImportProgress,
): Promise<ImportReport> {
  const demo = opts.demo ?? false;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const txMs = opts.transactionMs ?? DEFAULT_TRANSACTION_MS;
  const pauseMs = opts.pauseMs ?? DEFAULT_PAUSE_MS;
  const report = emptyReport();
  // On an empty products table (after the demo rows went) the unique product id index is dropped for the length
  // of the import and built once at the end (see product-index.ts).
  const fresh = db.transaction(() => {
    if (!demo) removeDemoRows(db);
    const empty = db.prepare('SELECT EXISTS (SELECT 1 FROM products) AS n').pluck().get() === 0;
    if (empty && (opts.deferIndex ?? true)) dropProductIndex(db);
    return empty && (opts.deferIndex ?? true);
  }).immediate();
  const writer = new CatalogWriter(db, demo, { fresh });
  // Batches from the reader, applied in short IMMEDIATE transactions: at most `batchSize` items and about
  // `transactionMs` each, with a pause after each so other writers (a running desk or server, in this process or
  // another) get the database between them. A transaction never spans an await.
  const pending: WireCursor[] = [];
  let applied = 0;
  const write = db.transaction((count: number, deadline: number): number => {
    let done = 0;
    while (done < count) {
      const c = pending[0];
      done += writer.applyWire(c, Math.min(count - done, STEP), report);
      if (c.remaining === 0) pending.shift();
      if (performance.now() >= deadline) break;
    }
    applied += done;
    bumpWrites(db);
    opts.inTransaction?.(applied, writer.deferredCount);
    return done;
  });
  const finish = beginBulk(db, opts.bulk);
  let rows = 0;
  let committed = 0;
  let failure: unknown;
  const snapshot = (): ImportReport => ({ ...report, rejected: [...report.rejected] });
  try {
    let queued = 0;
    const applyDeferred = async (): Promise<void> => {
      const indexCache = opts.bulk?.indexCacheKiB;
      if (indexCache === undefined) restoreProductIndex(db);
      else {
        const cache = db.pragma('cache_size', { simple: true }) as number;
        db.pragma(`cache_size = ${-Math.trunc(indexCache)}`);
        try {
          restoreProductIndex(db);
        } finally {
          db.pragma(`cache_size = ${cache}`);
        }
      }
      while (db.transaction(() => (bumpWrites(db), writer.applyDeferred(report, STEP * 8))).immediate() > 0) await pause(pauseMs);
    };
    const flush = async (count: number): Promise<void> => {
      while (count > 0) {
        const n = write.immediate(Math.min(count, batchSize), performance.now() + txMs);
        count -= n;
        queued -= n;
        rows += n;
        committed = rows;
        // Many repeated ids (say, a file listing every product twice): build the index now rather than hold them all.
        if (writer.deferredCount > (opts.maxDeferred ?? MAX_DEFERRED)) await applyDeferred();
        opts.onProgress?.(progressOf(rows));
        if (opts.signal?.aborted) throw abortError();
        await pause(pauseMs);
      }
    };
    let lastProgress = 0;
    for await (const b of batches) {
      pending.push(new WireCursor(b));
      queued += b.count;
      // Reading runs ahead of the write transactions: report bytes read as they come, at most 10×/s.
      const t = Date.now();
      if (t - lastProgress >= 100) {
        lastProgress = t;
        opts.onProgress?.(progressOf(rows));
      }
      if (queued >= batchSize) await flush(queued - (queued % batchSize));
      if (opts.signal?.aborted) throw abortError();
    }
    await flush(queued);
    if (fresh) {
      await applyDeferred();
      report.rejected.sort((a, b) => a.line - b.line);
    }
    if (opts.signal?.aborted) throw abortError(); // what was read is committed; running it again completes it
    setMeta(db, 'last_import_at', (opts.now?.() ?? new Date()).toISOString());
  } catch (err) {
    failure = err;
  } finally {
    try {
      if (fresh) restoreProductIndex(db); // a no-op unless the import failed or was aborted
      invalidateDfCache();
      // Only FTS rows written leave segments to merge (a stock feed that changes no indexed field writes none).
      await finish(writer.ftsWritten, pauseMs);
      if (opts.stats) {
        opts.stats.ftsWritten = writer.ftsWritten;
        opts.stats.light = writer.lightApplied;
        opts.stats.removed = writer.removed;
      }
    } catch (err) {
      failure ??= err;
    }
  }
  if (failure !== undefined) throw stopped(failure, committed, snapshot(), databaseFile(db));
  return report;
}

/** Records per write step inside a transaction (the time budget is checked between steps). */
const STEP = 256;

function abortError(): Error {
  const e = new Error('import interrupted');
  e.name = 'AbortError';
  return e;
}

function stopped(err: unknown, committed: number, report: ImportReport, path: string | undefined): unknown {
  if (err instanceof ImportFileError) return err; // the file itself is unreadable as its format: nothing to resume
  if (err instanceof Error && err.name === 'AbortError') return new ImportStoppedError('aborted', committed, report, 'import interrupted');
  const p = storageProblem(err, path);
  if (p) return new ImportStoppedError('storage', committed, report, `import stopped: ${p.message}`, err);
  return new ImportStoppedError('failed', committed, report, `import stopped: ${err instanceof Error ? err.message : String(err)}`, err);
}
