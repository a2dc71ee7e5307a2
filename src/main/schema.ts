import type { Migration } from './db';
import { catalogMigrations } from './catalog/migrations';
import { sessionMigrations } from './sessions/migrations';
import { usageMigrations } from './usage/migrations';
import { outboxMigrations } from './hub/outbox-local';

/**
 * Every module's migrations, applied in this order when the database opens. Each module versions
 * its own steps (see db.ts `migrate`), so adding a module means adding one line here.
 */
export const MODULE_MIGRATIONS: ReadonlyArray<readonly [module: string, migrations: readonly Migration[]]> = [
  ['catalog', catalogMigrations],
  ['sessions', sessionMigrations],
  ['usage', usageMigrations],
  // Triggers on sessions, turns and the ledger: after those modules.
  ['outbox', outboxMigrations],
];
