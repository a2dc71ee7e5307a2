// A partial update outside the indexed fields (a stock feed) keeps the product's FTS rows as they are; a change of
// an indexed field still rewrites them. Either way search finds the product by what it now says.
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../src/main/db';
import { catalogMigrations, getProduct, importRecords, searchCatalog } from '../../src/main/catalog';

const laptop = {
  product_id: 'LP-TP-X1C-2024', product_name: 'ThinkPad X1 Carbon Gen 12', brand: 'Lenovo', category: 'laptops',
  specifications: { battery: '57 Wh', weight: '1.09 kg' }, faq_answers: ['RAM is soldered.'],
  return_policy_excerpt: '30-day return window.', stock_status: 'in_stock', price: 1899, currency: 'USD',
};

describe('catalog partial updates and the FTS rows', () => {
  it('a stock change leaves the index rows alone; a name change rewrites them', async () => {
    const db = openDatabase(join(mkdtempSync(join(tmpdir(), 'deskmate-stock-')), 'c.sqlite'));
    migrate(db, 'catalog', catalogMigrations);
    await importRecords(db, [laptop]);
    const changes = db.prepare('SELECT total_changes() AS n').pluck();
    const ftsRows = db.prepare('SELECT count(*) FROM catalog_head').pluck();
    const before = changes.get() as number;
    const r = await importRecords(db, [{ product_id: laptop.product_id, stock_status: 'out_of_stock', price: 1799 }]);
    expect(r).toMatchObject({ updated: 1 });
    expect(getProduct(db, laptop.product_id)).toMatchObject({ stockStatus: 'out_of_stock', price: 1799, name: laptop.product_name });
    expect(searchCatalog(db, 'ThinkPad Carbon').results[0]?.productId).toBe(laptop.product_id);
    expect(ftsRows.get()).toBe(1);
    const stockChanges = (changes.get() as number) - before;

    const r2 = await importRecords(db, [{ product_id: laptop.product_id, product_name: 'Lenovo Yoga Slim 7' }]);
    expect(r2).toMatchObject({ updated: 1 });
    expect(searchCatalog(db, 'Yoga Slim').results[0]?.productId).toBe(laptop.product_id);
    expect(searchCatalog(db, 'ThinkPad Carbon').results.map((x) => x.productId)).not.toContain(laptop.product_id);
    expect(ftsRows.get()).toBe(1);
    // the FTS rewrite shows as extra row changes only for the indexed change
    const before2 = changes.get() as number;
    await importRecords(db, [{ product_id: laptop.product_id, manual: 'Hold the power button for ten seconds to reset.' }]);
    expect((changes.get() as number) - before2).toBeGreaterThan(stockChanges);
    expect(searchCatalog(db, 'power button reset').results[0]?.productId).toBe(laptop.product_id);
    db.close();
  });
});
