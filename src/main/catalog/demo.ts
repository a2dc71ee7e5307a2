import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../db';
import { CatalogWriter, emptyReport, type ImportReport } from './writer';
import { prepareItems, type Item } from './prepare';
import type { RawItem } from './sources';
import { DEMO_FILE, needsDemo } from './demo-rows';
import { bumpWrites } from './store';

/**
 * Loads resources/demo-catalog.jsonl, marked as demo data, when the cache is empty and no real catalog was ever
 * imported. Synchronous (the demo file is small) so openDesk can call it; one query when not needed.
 * Returns the report, or undefined when nothing was loaded.
 */
export function ensureDemoCatalog(db: Db, resourcesDir: string | undefined): ImportReport | undefined {
  if (!resourcesDir || !needsDemo(db)) return undefined;
  const file = join(resourcesDir, DEMO_FILE);
  if (!existsSync(file)) return undefined;
  const raw: RawItem[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((text, i) => {
      if (text.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        raw.push({ line: i + 1, error: `invalid JSON: ${(err as Error).message}` });
        return;
      }
      raw.push({ line: i + 1, value });
    });
  const items: Item[] = prepareItems(raw);
  const report = emptyReport();
  const writer = new CatalogWriter(db, true);
  db.transaction(() => {
    writer.apply(items, report);
    bumpWrites(db);
  })();
  return report;
}
