// One import at a time per desk (desktop dialog, browser upload, text upload), cancellable, with progress events.
// Cancel keeps what was committed; the outcome says how many rows that is.
import type { Db } from '../db';
import { DeskError } from '../routes';
import { storageProblem } from '../sessions/storage';
import { importFile, importStream, ImportStoppedError, type ImportOptions, type ImportProgress } from './import';
import type { ImportReport } from './writer';
import { ImportFileError, type Format } from './sources';
import { getMeta, setMeta } from './store';

export interface ImportOutcome extends ImportReport {
  /** Rows written and committed (every imported, updated, unchanged and rejected record read so far). */
  committed: number;
  /** True when the import was cancelled (or its upload ended early): what was committed stays. */
  cancelled: boolean;
}

/**
 * Server imports: short write transactions so the event loop (and `/v1/health`) stays responsive; a small page cache,
 * small batches read ahead and the default WAL checkpoint size (a long import's checkpoints stay ~4 MB each instead
 * of one 100 MB copy that blocks the loop), so an upload does not grow the server's memory with its size.
 */
const SERVER_OPTIONS: Partial<ImportOptions> = { transactionMs: 15, pauseMs: 4, batchSize: 2_000, bulk: { cacheKiB: 16_384, walPages: 1_000 } };

export class ImportJobs {
  private running: AbortController | null = null;

  constructor(
    private readonly db: Db,
    private readonly onProgress: (p: ImportProgress) => void = () => {},
  ) {}

  /** An import runs here, or in another process on this data folder (another `serve` worker, the desktop). */
  get busy(): boolean {
    return this.running !== null || otherOwner(this.db) !== undefined;
  }

  /** Stops the running import (rows committed so far are kept). False when none is running. */
  cancel(): boolean {
    if (!this.running) return false;
    this.running.abort();
    return true;
  }

  /** A file by path (desktop dialog, CLI). */
  file(path: string, opts: { format?: Format } = {}): Promise<ImportOutcome> {
    return this.run((signal) => importFile(this.db, path, { ...opts, signal, onProgress: this.onProgress }));
  }

  /** A byte stream (an HTTP upload body): read as it arrives, never held whole. */
  stream(body: AsyncIterable<Uint8Array>, meta: { fileName: string; format?: Format; totalBytes: number; signal?: AbortSignal }): Promise<ImportOutcome> {
    return this.run((signal) =>
      importStream(this.db, body, { ...SERVER_OPTIONS, fileName: meta.fileName, format: meta.format, totalBytes: meta.totalBytes, signal, onProgress: this.onProgress }),
    meta.signal);
  }

  private async run(start: (signal: AbortSignal) => Promise<ImportReport>, outer?: AbortSignal): Promise<ImportOutcome> {
    const busy = (): DeskError => new DeskError('import_busy', 'Another import is running; wait for it to finish or cancel it (catalog.importCancel).');
    if (this.running) throw busy();
    if (takeImportOwner(this.db) !== undefined) throw busy();
    const controller = new AbortController();
    this.running = controller;
    const onOuter = (): void => controller.abort();
    outer?.addEventListener('abort', onOuter, { once: true });
    if (outer?.aborted) controller.abort();
    try {
      const report = await start(controller.signal);
      return { ...report, committed: report.imported + report.updated + report.unchanged + report.rejectedTotal, cancelled: false };
    } catch (err) {
      if (err instanceof ImportStoppedError && err.reason === 'aborted') return { ...err.report, committed: err.committed, cancelled: true };
      if (err instanceof ImportFileError) throw new DeskError('invalid_file', `the file cannot be read as a catalog: ${err.message}`);
      if (err instanceof ImportStoppedError) {
        const p = err.reason === 'storage' ? storageProblem(err.cause) : undefined;
        throw new DeskError(p?.code ?? 'import_failed', err.message);
      }
      throw err;
    } finally {
      outer?.removeEventListener('abort', onOuter);
      this.running = null;
      releaseImportOwner(this.db);
    }
  }
}

const OWNER_KEY = 'import_owner_pid';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One import per data folder (desktop, every `serve` process, the CLI): the importing process's pid is recorded in
 * the catalog, checked and taken in one transaction. Returns the pid of the live process that already imports, or
 * undefined when this process now owns the import (a dead owner's mark is ignored).
 */
export function takeImportOwner(db: Db): number | undefined {
  return db.transaction((): number | undefined => {
    const other = otherOwner(db);
    if (other === undefined) setMeta(db, OWNER_KEY, String(process.pid));
    return other;
  }).immediate();
}

/** Gives the import back (best effort: a database that cannot be written now leaves a mark the next import ignores). */
export function releaseImportOwner(db: Db): void {
  try {
    if (getMeta(db, OWNER_KEY) === String(process.pid)) setMeta(db, OWNER_KEY, '');
  } catch {
    // the database cannot be written now: a dead owner's mark is ignored by the next import
  }
}

/** The pid of another live process importing into this database, if any. */
function otherOwner(db: Db): number | undefined {
  const pid = Number(getMeta(db, OWNER_KEY) ?? '');
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid) ? pid : undefined;
}
