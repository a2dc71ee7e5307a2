import { openDatabase, migrate, type Db } from './db';
import { databasePath } from './paths';
import { MODULE_MIGRATIONS } from './schema';

export interface DeskOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
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
