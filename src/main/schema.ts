import type { Migration } from './db';

/**
 * Every module's migrations, applied in this order when the database opens. Each module versions
 * its own steps (see db.ts `migrate`), so adding a module means adding one line here.
 */
export const MODULE_MIGRATIONS: ReadonlyArray<readonly [module: string, migrations: readonly Migration[]]> = [];
