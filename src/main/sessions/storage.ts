// What went wrong with the database file, in words an agent can act on: busy (another program is writing),
// full (no space), read-only, damaged, or an I/O error — each with the file's path and what to do.
import { DeskError } from '../routes';

export type StorageKind = 'busy' | 'full' | 'readonly' | 'corrupt' | 'io';

export interface StorageProblem {
  kind: StorageKind;
  /** Contract error code (`storage_busy`, `storage_full`, …). */
  code: `storage_${StorageKind}`;
  /** The SQLite code (e.g. SQLITE_FULL). */
  sqliteCode: string;
  message: string;
}

function sqliteCode(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

function kindOf(code: string): StorageKind | undefined {
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_AUTH' || code === 'SQLITE_PERM') return 'readonly';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'corrupt';
  if (code.startsWith('SQLITE_IOERR')) return 'io';
  return undefined;
}

function advice(kind: StorageKind, where: string): string {
  const Where = where.charAt(0).toUpperCase() + where.slice(1);
  switch (kind) {
    case 'busy':
      return `${Where} is busy: another Deskmate process (an import?) is writing to it. Deskmate keeps what it could not write and saves it when the file is free.`;
    case 'full':
      return `The disk holding ${where} is full. Free some space (or move the data folder with DESKMATE_DATA_DIR); what could not be written is kept and saved when there is room.`;
    case 'readonly':
      return `${Where} cannot be written (read-only file, folder or disk). Check its permissions and that the disk is mounted read-write; what could not be written is kept and saved when it can be.`;
    case 'corrupt':
      return `${Where} is damaged. Stop Deskmate, move the file (with its -wal and -shm files) aside, and start again: a fresh database is created; re-import the catalog.`;
    case 'io':
      return `Reading or writing ${where} failed (a disk error). Check the disk; what could not be written is kept and saved when it can be.`;
  }
}

/** The storage problem behind `err` (a better-sqlite3 error), or undefined when it is not one. */
export function storageProblem(err: unknown, path?: string): StorageProblem | undefined {
  const code = sqliteCode(err);
  if (!code) return undefined;
  const kind = kindOf(code);
  if (!kind) return undefined;
  const where = path && path !== ':memory:' ? `the database ${path}` : 'the database';
  return { kind, code: `storage_${kind}`, sqliteCode: code, message: `${advice(kind, where)} (${code})` };
}

/** A storage problem as an error the transports pass through with its code (see routes.ts DeskError). */
export class StorageError extends DeskError {
  constructor(readonly problem: StorageProblem) {
    super(problem.code, problem.message);
    this.name = 'StorageError';
  }
}

/** Rethrows a storage failure as a StorageError naming `path`; other errors unchanged. */
export function asStorageError(err: unknown, path?: string): unknown {
  if (err instanceof StorageError) return err;
  const p = storageProblem(err, path);
  return p ? new StorageError(p) : err;
}

/** The main database file of a connection (better-sqlite3 `name`), or undefined for an in-memory one. */
export function databaseFile(db: { name: string }): string | undefined {
  return db.name && db.name !== ':memory:' ? db.name : undefined;
}
