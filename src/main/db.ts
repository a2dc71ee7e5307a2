import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

export type Db = Database.Database;

/** One migration step of one module. `version` increases by 1 from 1 within a module. */
export interface Migration {
  version: number;
  name: string;
  up: (db: Db) => void;
}

/**
 * Opens (creating if needed) the Deskmate SQLite file with the pragmas every caller relies on:
 * WAL journal, NORMAL sync (durable at checkpoints, consistent after a crash), foreign keys on.
 * Use ':memory:' only in tests that do not exercise durability.
 */
export function openDatabase(file: string, opts: { readonly?: boolean } = {}): Db {
  if (file !== ':memory:' && !opts.readonly) createPrivate(file);
  const db = new Database(file, { readonly: opts.readonly ?? false });
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('temp_store = MEMORY');
  db.pragma('mmap_size = 268435456');
  // a WAL that grew (an import, a checkpoint that could not finish) is cut back to 64 MB when it starts over
  if (!opts.readonly) db.pragma('journal_size_limit = 67108864');
  // SQLite gives -wal and -shm the database file's mode; narrow any left from before (an older version, a copy)
  if (file !== ':memory:' && !opts.readonly) for (const f of [file, `${file}-wal`, `${file}-shm`]) narrow(f);
  return db;
}

/** The folder 0700 and an empty database file 0600 before SQLite opens it (its -wal/-shm then inherit 0600). */
function createPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
}

function narrow(file: string): void {
  try {
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch {
    // not there (no WAL yet) or no modes on this file system
  }
}

/**
 * Applies the pending migrations of one module in order, each in its own transaction, and records
 * each in the `schema_migrations` journal. Modules (catalog, sessions, usage, …) version independently
 * so they can evolve without touching each other's numbering.
 */
export function migrate(db: Db, module: string, migrations: readonly Migration[]): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    module TEXT NOT NULL,
    version INTEGER NOT NULL,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL,
    PRIMARY KEY (module, version)
  )`);
  const row = db
    .prepare('SELECT COALESCE(MAX(version), 0) AS v FROM schema_migrations WHERE module = ?')
    .get(module) as { v: number };
  let applied = 0;
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migrations of ${module}: expected version ${i + 1}, found ${m.version}`);
  });
  for (const m of sorted) {
    if (m.version <= row.v) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_migrations (module, version, name, applied_at) VALUES (?, ?, ?, ?)').run(
        module,
        m.version,
        m.name,
        new Date().toISOString(),
      );
    })();
    applied++;
  }
  return applied;
}
