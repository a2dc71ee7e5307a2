// The bundled demo catalog: loaded into an empty cache, removed by the first real import.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../db';
import { getMeta, setMeta } from './store';

/** Deletes every demo row (and its index rows) and records that a real catalog was imported. Run in a transaction. */
export function removeDemoRows(db: Db): void {
  if (getMeta(db, 'real_import') !== '1') setMeta(db, 'real_import', '1');
  const products = db.prepare('SELECT id FROM products WHERE demo = 1').pluck().all() as number[];
  const docs = db.prepare('SELECT id FROM standalone_docs WHERE demo = 1').pluck().all() as number[];
  if (products.length === 0 && docs.length === 0) return;
  const delHead = db.prepare('DELETE FROM catalog_head WHERE rowid = ?');
  const delBody = db.prepare('DELETE FROM catalog_body WHERE rowid = ?');
  for (const id of products) {
    delHead.run(id);
    delBody.run(id);
  }
  for (const id of docs) {
    delHead.run(-id);
    delBody.run(-id);
  }
  db.exec('DELETE FROM products WHERE demo = 1; DELETE FROM standalone_docs WHERE demo = 1');
}

/** True when the demo catalog should be loaded: nothing imported ever, cache empty. One query. */
export function needsDemo(db: Db): boolean {
  const r = db
    .prepare(
      `SELECT (SELECT value FROM catalog_meta WHERE key = 'real_import') AS realImport,
              EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM standalone_docs) AS hasRows`,
    )
    .get() as { realImport: string | null; hasRows: number };
  return r.realImport !== '1' && r.hasRows === 0;
}

/** The folder containing `resources/`, found by walking up from `start` (module folder; out/cli or src/main/…). */
export function findResourcesDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'resources', 'demo-catalog.jsonl')) || existsSync(join(dir, 'resources', '.keep'))) return join(dir, 'resources');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'resources'))) return join(dir, 'resources');
    if (dirname(dir) === dir) return undefined;
  }
}

export const DEMO_FILE = 'demo-catalog.jsonl';
