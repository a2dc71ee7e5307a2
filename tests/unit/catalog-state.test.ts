// The catalog's state as a question reads it (store.ts catalogState): the version counter and the search-result
// cache's generation in one read, shared by the reads of one question; the generation moves with every import write
// transaction, so a result cached before an import (a hub sync's too) is not served after any of its rows commit.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { catalogGeneration, catalogState, catalogVersion, endCatalogReads } from '../../src/main/catalog/store';
import { cachedSearch } from '../../src/main/rag/search-cache';
import { loadCandidates } from '../../src/main/rag/engine-docs';

const product = (id: string, name: string) => ({
  product_id: id, product_name: name, brand: 'Acme', category: 'blenders', specifications: { power: '900 W' },
  faq_answers: ['Dishwasher safe jar.'], return_policy_excerpt: '30 days.', stock_status: 'in_stock',
});

function freshFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'deskmate-state-')), 'c.sqlite');
  migrate(openDatabase(file), 'catalog', catalogMigrations);
  return file;
}

function open(file: string): Db {
  const db = openDatabase(file);
  migrate(db, 'catalog', catalogMigrations);
  return db;
}

describe('catalogState', () => {
  it('is read once per question inside a read transaction, every time outside one', async () => {
    const file = freshFile();
    const db = open(file);
    await importRecords(db, [product('B-1', 'Acme Blender 900')]);
    expect(catalogState(db)).not.toBe(catalogState(db)); // no transaction: each call reads
    const [first, again, afterEnd] = db.transaction(() => {
      const a = catalogState(db);
      const b = catalogState(db);
      endCatalogReads(db);
      return [a, b, catalogState(db)];
    })();
    expect(again).toBe(first);
    expect(afterEnd).not.toBe(first);
    expect(afterEnd).toEqual(first);
    // a question's document loading ends its catalog reads: the next question (a change committed by another
    // connection in between) reads the new version, in the same microtask
    const other = open(file);
    const question = db.transaction(() => {
      const v = catalogVersion(db);
      loadCandidates(db, searchCatalog(db, 'blender').results);
      return v;
    });
    const v1 = question();
    other.prepare("UPDATE products SET content_hash = 'changed' WHERE product_id = 'B-1'").run();
    const v2 = question();
    expect(v2).toBeGreaterThan(v1!);
    db.close();
    other.close();
  });

  it('moves the generation with each import write transaction, also of an import stopped part-way', async () => {
    const file = freshFile();
    const db = open(file);
    await importRecords(db, [product('B-1', 'Acme Blender 900')]);
    const calls: string[] = [];
    const search = cachedSearch((q, k) => (calls.push(q), searchCatalog(db, q, { k }).results), () => catalogGeneration(db));
    expect(search('acme blender', 5).map((h) => h.productId)).toEqual(['B-1']);
    expect(search('acme blender', 5)).toHaveLength(1);
    expect(calls).toHaveLength(1);
    // another process's import (a hub sync) that commits some rows, then stops: last_import_at is not written
    const other = open(file);
    const ac = new AbortController();
    const records = Array.from({ length: 30 }, (_, i) => product(`B-${i + 2}`, `Acme Blender Pro ${i}`));
    const gen = catalogGeneration(db);
    const lastImport = other.prepare("SELECT value FROM catalog_meta WHERE key = 'last_import_at'").pluck().get();
    await expect(
      importRecords(other, records, { batchSize: 10, signal: ac.signal, onProgress: (p) => (p.rows >= 10 ? ac.abort() : undefined) }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(other.prepare("SELECT value FROM catalog_meta WHERE key = 'last_import_at'").pluck().get()).toBe(lastImport);
    expect(catalogGeneration(db)).not.toBe(gen);
    const hits = search('acme blender', 5);
    expect(calls).toHaveLength(2); // searched again: the new rows are found
    expect(hits.length).toBeGreaterThan(1);
    db.close();
    other.close();
  });
});
