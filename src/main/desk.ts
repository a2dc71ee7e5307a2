import { openDatabase, migrate, type Db } from './db';
import { databasePath } from './paths';
import { MODULE_MIGRATIONS } from './schema';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDemoCatalog, findResourcesDir } from './catalog';

export interface DeskOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Folder with demo-catalog.jsonl (default: the `resources/` found walking up from this module; null: none). */
  resourcesDir?: string | null;
}

/** The composition root: one database with every module migrated. No electron import; nothing at import time. */
export interface Desk {
  dataDir: string;
  db: Db;
  close(): void;
}

export function openDesk(opts: DeskOptions): Desk {
  const db = openDatabase(databasePath(opts.dataDir));
  for (const [module, migrations] of MODULE_MIGRATIONS) migrate(db, module, migrations);
  const resourcesDir = opts.resourcesDir === undefined ? findResourcesDir(dirname(fileURLToPath(import.meta.url))) : opts.resourcesDir ?? undefined;
  ensureDemoCatalog(db, resourcesDir);
  let closed = false;
  return {
    dataDir: opts.dataDir,
    db,
    close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
