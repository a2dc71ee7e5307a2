import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, getProduct, getProducts, getTokenCounts, importRecords, searchCatalog } from '../../src/main/catalog';
import { IdHashSet, PRODUCT_INDEX, hasProductIndex } from '../../src/main/catalog/product-index';

function dbFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'deskmate-pindex-')), 'c.sqlite');
}

function open(file: string, migrations = catalogMigrations): Db {
  const db = openDatabase(file);
  migrate(db, 'catalog', migrations);
  return db;
}

const product = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  product_id: id, product_name: `Widget ${id}`, category: 'widgets', specifications: { colour: 'teal' }, faq_answers: [],
  return_policy_excerpt: '30 days.', stock_status: 'in_stock', ...extra,
});

const count = (db: Db, sql: string): number => db.prepare(sql).pluck().get() as number;

describe('product id index around a fresh import', () => {
  it('merges repeated product ids inside one fresh file into one upserted row, reporting as before', async () => {
    const db = open(dbFile());
    const r = await importRecords(db, [
      product('A', { price: 10 }),
      product('B'),
      { product_id: 'A', stock_status: 'out_of_stock' }, // partial: only its field
      { product_id: 'C', stock_status: 'in_stock' }, // partial for an unknown product
      product('B'), // identical repeat
      { product_id: 'A', product_name: 'Widget A2' }, // later field wins
      { nope: 1 },
    ]);
    expect(r).toMatchObject({ imported: 2, updated: 2, unchanged: 1, rejectedTotal: 2 });
    expect(r.rejected.map((x) => x.line)).toEqual([4, 7]);
    expect(r.rejected[0].error).toMatch(/product_name is required for a new product \(C/);
    expect(hasProductIndex(db)).toBe(true);
    expect(count(db, 'SELECT count(*) FROM products')).toBe(2);
    expect(getProduct(db, 'A')).toMatchObject({ name: 'Widget A2', stockStatus: 'out_of_stock', price: 10 });
    expect(searchCatalog(db, 'A2').results.map((h) => h.productId)).toEqual(['A']);
    // A second import of the same records changes nothing.
    expect(await importRecords(db, [product('B')])).toMatchObject({ imported: 0, updated: 0, unchanged: 1 });
  });

  it('builds the index mid-import when many records repeat an id, instead of holding them all', async () => {
    const db = open(dbFile());
    const indexed: boolean[] = [];
    const records = Array.from({ length: 40 }, (_, i) => product(`P${i}`));
    const again = records.map((r) => ({ product_id: r.product_id, stock_status: 'out_of_stock' }));
    const r = await importRecords(db, [...records, ...again], {
      batchSize: 10,
      maxDeferred: 5,
      onProgress: (p) => void (p.rows > 0 && indexed.push(hasProductIndex(db))),
    });
    expect(r).toMatchObject({ imported: 40, updated: 40, unchanged: 0, rejectedTotal: 0 });
    expect(indexed.slice(0, 4).every((x) => !x)).toBe(true); // the first 40 rows: no repeats yet
    expect(indexed.slice(-2)).toEqual([true, true]);
    expect(count(db, "SELECT count(*) FROM products WHERE stock_status = 'out_of_stock'")).toBe(40);
    expect(count(db, 'SELECT count(*) FROM products')).toBe(40);
  });

  it('lookups by product id during a fresh import answer "not found" instead of scanning; the index is back after', async () => {
    const db = open(dbFile());
    const seen: { indexed: boolean; found: boolean; counts: number }[] = [];
    const records = Array.from({ length: 50 }, (_, i) => product(`P${i}`));
    await importRecords(db, records, {
      batchSize: 10,
      onProgress: (p) => {
        if (p.rows === 0) return;
        seen.push({ indexed: hasProductIndex(db), found: getProducts(db, ['P0']).length > 0, counts: getTokenCounts(db, ['P0']).size });
      },
    });
    expect(seen.length).toBeGreaterThan(0);
    for (const s of seen) expect(s).toEqual({ indexed: false, found: false, counts: 0 });
    expect(hasProductIndex(db)).toBe(true);
    expect(getProduct(db, 'P0')?.name).toBe('Widget P0');
  });

  it('a database left without the index (import killed) gets it back, duplicates removed, on the next lookup or import', async () => {
    const file = dbFile();
    const crashed = open(file);
    await importRecords(crashed, [product('A'), product('B')]);
    // What a killed fresh import leaves: the index dropped, rows written; here also a duplicate id from some other writer.
    crashed.exec(`DROP INDEX ${PRODUCT_INDEX}`);
    crashed
      .prepare("INSERT INTO products (product_id, name, content_hash) SELECT product_id, 'Dup', 'x' FROM products WHERE product_id = 'A'")
      .run();
    const dupId = count(crashed, "SELECT max(id) FROM products WHERE product_id = 'A'");
    crashed.exec(`INSERT INTO catalog_head (rowid, name, brand, category, codes) VALUES (${dupId}, 'dup', '', '', '')`);
    crashed.close();

    // A read-only connection cannot restore it: the product is not available (no scan, no error).
    const ro = openDatabase(file, { readonly: true });
    expect(getProduct(ro, 'A')).toBeUndefined();
    ro.close();
    const db = open(file);
    expect(hasProductIndex(db)).toBe(false);
    expect(getProduct(db, 'A')?.name).toBe('Widget A'); // the oldest row is kept
    expect(hasProductIndex(db)).toBe(true);
    expect(count(db, 'SELECT count(*) FROM products')).toBe(2);
    expect(count(db, "SELECT count(*) FROM catalog_head WHERE catalog_head MATCH 'dup'")).toBe(0);
    db.close();

    // The same state again, restored by the next import instead of a lookup; that import then completes the catalog.
    const again = open(file);
    again.exec(`DROP INDEX ${PRODUCT_INDEX}`);
    const r = await importRecords(again, [product('A'), product('B'), product('C')]);
    expect(r).toMatchObject({ imported: 1, unchanged: 2 });
    expect(hasProductIndex(again)).toBe(true);
    expect(count(again, 'SELECT count(*) - count(DISTINCT product_id) FROM products')).toBe(0);
  });

  it('migration 2 moves the unique constraint to a named index and keeps the rows and their ids', async () => {
    const file = dbFile();
    const v1 = open(file, catalogMigrations.slice(0, 1));
    await importRecords(v1, [product('A'), product('B')]);
    const ids = v1.prepare('SELECT product_id, id FROM products ORDER BY id').all();
    v1.close();
    const db = open(file);
    expect(db.prepare('SELECT product_id, id FROM products ORDER BY id').all()).toEqual(ids);
    expect(count(db, "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'products' AND name LIKE 'sqlite_autoindex%'")).toBe(0);
    expect(hasProductIndex(db)).toBe(true);
    expect(searchCatalog(db, 'widget').results).toHaveLength(2);
    expect(() => db.prepare("INSERT INTO products (product_id, content_hash) VALUES ('A', 'x')").run()).toThrow(/UNIQUE/);
  });

  it('IdHashSet: finds what was added, not what was not (beyond a few hash collisions)', () => {
    const set = new IdHashSet();
    const enc = new TextEncoder();
    let added = 0;
    for (let i = 0; i < 100_000; i++) if (!set.seen(enc.encode(`SKU-${i}`), true)) added++;
    expect(added).toBe(100_000);
    let again = 0;
    for (let i = 0; i < 100_000; i++) if (set.seen(enc.encode(`SKU-${i}`), false)) again++;
    expect(again).toBe(100_000);
    let falsePositives = 0;
    for (let i = 100_000; i < 200_000; i++) if (set.seen(enc.encode(`SKU-${i}`), false)) falsePositives++;
    expect(falsePositives).toBeLessThan(5);
  });
});
