// A throwaway catalog of generated products, each with a generated manual of about `manualChars` characters (none
// when 0), in a temporary SQLite file: the benches of long documents (search-filters, manual-prompt) share it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../src/main/db';
import { catalogMigrations, importRecords } from '../src/main/catalog';
import { manualText, productAt } from './gen';

export async function manualCatalog(products: number, manualChars: number): Promise<{ db: Db; close(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-bench-manuals-'));
  const db = openDatabase(join(dir, 'c.sqlite'));
  const close = (): void => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    migrate(db, 'catalog', catalogMigrations);
    await importRecords(db, Array.from({ length: products }, (_, i) => (manualChars > 0 ? { ...productAt(i), manual: manualText(i, manualChars) } : productAt(i))));
    return { db, close };
  } catch (err) {
    close();
    throw err;
  }
}
