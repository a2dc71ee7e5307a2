// Shared by the hub tests: a hub database with the schema, catalog files, hub vs desk comparison.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import Database from 'better-sqlite3';
import { productLineAt } from '../../bench/gen';
import { connectHub } from '../../src/main/hub/connection';
import { migrateHub } from '../../src/main/hub/migrations';
import { hubMigrationModules } from '../../src/main/hub/modules';
import { databasePath } from '../../src/main/paths';

export function tmp(prefix = 'deskmate-hub-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function initHub(url: string): Promise<void> {
  const c = await connectHub(url);
  try {
    await migrateHub(c, hubMigrationModules);
  } finally {
    await c.end();
  }
}

export async function hubQuery<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

/** A JSONL file of products from..to-1 of the bench generator (seed 1). */
export function catalogFile(dir: string, from: number, to: number, name = `cat-${from}-${to}.jsonl`): string {
  const file = join(dir, name);
  const lines: string[] = [];
  for (let i = from; i < to; i++) lines.push(productLineAt(i));
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

export function productIdAt(i: number): string {
  return (JSON.parse(productLineAt(i)) as { product_id: string }).product_id;
}

/** Every hub row's (kind:id → hash) and the desk's, read from its SQLite file. */
export async function compareDesk(url: string, dataDir: string): Promise<{ hub: Map<string, string>; desk: Map<string, string>; duplicates: number; ftsRows: number }> {
  const hub = new Map((await hubQuery<{ k: string; h: string }>(url, "SELECT kind || ':' || id AS k, content_hash AS h FROM hub_catalog")).map((r) => [r.k, r.h] as const));
  const db = new Database(databasePath(dataDir), { readonly: true });
  try {
    const rows = db.prepare("SELECT 'p:' || product_id AS k, content_hash AS h FROM products WHERE demo = 0 UNION ALL SELECT 'd:' || doc_id, content_hash FROM standalone_docs WHERE demo = 0").all() as { k: string; h: string }[];
    const desk = new Map(rows.map((r) => [r.k, r.h] as const));
    const ftsRows = (db.prepare('SELECT count(*) AS n FROM catalog_head').get() as { n: number }).n;
    return { hub, desk, duplicates: rows.length - desk.size, ftsRows };
  } finally {
    db.close();
  }
}
