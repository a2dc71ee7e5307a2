// Stock-only changes: the hub records which columns each change changed (hub_catalog.changed, set by its trigger
// for any writer); a desk applies a change that touched no indexed field with one UPDATE (no merge, no JSON, no
// re-indexing) once it has checked that its own copy's indexed fields equal the hub's. A mixed change, and a
// stock-only change reaching a desk that missed an earlier change of an indexed field, take the full path.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { usePgCluster } from '../support/pg-cluster';
import { openDesk } from '../../src/main/desk';
import { connectHub } from '../../src/main/hub/connection';
import { hubImportRecords } from '../../src/main/hub/catalog-import';
import { syncCatalog } from '../../src/main/hub/catalog-sync';
import { catalogMigrations, getProduct, importRecords, searchCatalog } from '../../src/main/catalog';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { compareDesk, hubQuery, initHub, tmp } from './helpers';

const cluster = usePgCluster();

const products = Array.from({ length: 40 }, (_, i) => ({
  product_id: `SKU-${1000 + i}`, product_name: `Quietfan Model ${String.fromCharCode(65 + (i % 26))}${i}`, brand: 'Breezeco', category: 'fans',
  specifications: { blades: 3 + (i % 4), model: `QF-${i}` }, faq_answers: [`Fan ${i} runs at 20 dB.`], return_policy_excerpt: '30 days.',
  stock_status: 'in_stock', price: 40 + i, currency: 'EUR',
}));

/** The FTS head/body rows of a product, as stored. */
function ftsOf(db: Db, productId: string): unknown[] {
  const id = db.prepare('SELECT id FROM products WHERE product_id = ?').pluck().get(productId);
  return [
    db.prepare('SELECT rowid, name, brand, category, codes FROM catalog_head WHERE rowid = ?').get(id),
    db.prepare('SELECT rowid, specs, faqs, policy, manual FROM catalog_body WHERE rowid = ?').get(id),
  ];
}

describe('stock-only changes from the hub', () => {
  it('arrive by the stock-only path with the searchable text unchanged; mixed changes and missed changes take the full path', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const hub = await connectHub(url);
    const dataDir = join(tmp(), 'desk');
    const desk = openDesk({ dataDir, resourcesDir: null, tokenizerMode: 'inline' });
    try {
      await hubImportRecords(hub, products);
      const first = await syncCatalog(desk.db, hub);
      expect(first).toMatchObject({ pulled: 40, first: true, stockOnly: 0 });
      const ftsBefore = ftsOf(desk.db, 'SKU-1003');
      const ftsCount = desk.db.prepare('SELECT count(*) FROM catalog_head').pluck();
      expect(ftsCount.get()).toBe(40);

      // 1. A stock feed (partial records) and a plain SQL update at the hub: the trigger marks only stock / price.
      await hubImportRecords(hub, [{ product_id: 'SKU-1003', stock_status: 'out_of_stock', price: 12.5 }, { product_id: 'SKU-1004', stock_status: 'preorder' }]);
      // (a writer other than hub import sets content_hash itself: desks skip a row whose hash they already hold)
      await hub.query("UPDATE hub_catalog SET stock_status = 'backorder', currency = 'USD', content_hash = 'set-by-psql' WHERE id = 'SKU-1005'");
      const marks = await hubQuery<{ id: string; changed: number }>(url, "SELECT id, changed FROM hub_catalog WHERE id IN ('SKU-1003', 'SKU-1004', 'SKU-1005', 'SKU-1006') ORDER BY id");
      expect(marks).toEqual([
        { id: 'SKU-1003', changed: (1 << 5) | (1 << 7) }, // stock_status, price
        { id: 'SKU-1004', changed: 1 << 5 },
        { id: 'SKU-1005', changed: (1 << 5) | (1 << 8) }, // stock_status, currency
        { id: 'SKU-1006', changed: (1 << 12) - 1 }, // as inserted: every column
      ]);
      const r1 = await syncCatalog(desk.db, hub);
      expect(r1).toMatchObject({ pulled: 3, behind: 0, stockOnly: 3, report: { updated: 3, imported: 0 } });
      expect(getProduct(desk.db, 'SKU-1003')).toMatchObject({ stockStatus: 'out_of_stock', price: 12.5, currency: 'EUR', name: 'Quietfan Model D3' });
      expect(getProduct(desk.db, 'SKU-1005')).toMatchObject({ stockStatus: 'backorder', currency: 'USD' });
      expect(ftsOf(desk.db, 'SKU-1003')).toEqual(ftsBefore); // the searchable text is the same rows
      expect(ftsCount.get()).toBe(40);
      expect(searchCatalog(desk.db, 'Quietfan Model D3').results[0]?.productId).toBe('SKU-1003');
      let c = await compareDesk(url, dataDir);
      expect(c.desk).toEqual(c.hub); // same hashes as the hub: the row is exactly the hub's state
      // The hub merges a stock feed at the text level: the same hash as a local import of the same records.
      const local = openDatabase(join(tmp(), 'local.sqlite'));
      migrate(local, 'catalog', catalogMigrations);
      await importRecords(local, [...products, { product_id: 'SKU-1003', stock_status: 'out_of_stock', price: 12.5 }, { product_id: 'SKU-1004', stock_status: 'preorder' }]);
      const localHash = local.prepare("SELECT content_hash FROM products WHERE product_id = 'SKU-1003'").pluck().get();
      local.close();
      expect(c.hub.get('p:SKU-1003')).toBe(localHash);

      // 2. A mixed change (name + stock): the full path; search finds the new name and no longer the old one.
      await hubImportRecords(hub, [{ product_id: 'SKU-1007', product_name: 'Stormwind Tower Fan', stock_status: 'in_stock_low' }]);
      const r2 = await syncCatalog(desk.db, hub);
      expect(r2).toMatchObject({ pulled: 1, stockOnly: 0, report: { updated: 1 } });
      expect(getProduct(desk.db, 'SKU-1007')).toMatchObject({ name: 'Stormwind Tower Fan', stockStatus: 'in_stock_low' });
      expect(searchCatalog(desk.db, 'Stormwind Tower').results[0]?.productId).toBe('SKU-1007');
      expect(searchCatalog(desk.db, 'Quietfan Model H7').results.map((x) => x.productId)).not.toContain('SKU-1007');

      // 3. A desk that missed an indexed change: the name changes, then the stock (its mask says stock only); the
      // desk sees only the latest state, finds its own name differs, and takes the full path.
      await hubImportRecords(hub, [{ product_id: 'SKU-1008', product_name: 'Zephyr Desk Fan' }]);
      await hubImportRecords(hub, [{ product_id: 'SKU-1008', stock_status: 'discontinued' }]);
      expect((await hubQuery<{ changed: number }>(url, "SELECT changed FROM hub_catalog WHERE id = 'SKU-1008'"))[0].changed).toBe(1 << 5);
      const r3 = await syncCatalog(desk.db, hub);
      expect(r3).toMatchObject({ pulled: 1, stockOnly: 0, report: { updated: 1 } });
      expect(getProduct(desk.db, 'SKU-1008')).toMatchObject({ name: 'Zephyr Desk Fan', stockStatus: 'discontinued' });
      expect(searchCatalog(desk.db, 'Zephyr Desk').results[0]?.productId).toBe('SKU-1008');

      // 4. A stock-only change of a product this desk does not have (deleted locally): inserted with its index rows.
      desk.db.prepare("DELETE FROM catalog_head WHERE rowid = (SELECT id FROM products WHERE product_id = 'SKU-1009')").run();
      desk.db.prepare("DELETE FROM catalog_body WHERE rowid = (SELECT id FROM products WHERE product_id = 'SKU-1009')").run();
      desk.db.prepare("DELETE FROM products WHERE product_id = 'SKU-1009'").run();
      await hubImportRecords(hub, [{ product_id: 'SKU-1009', stock_status: 'in_transit' }]);
      const r4 = await syncCatalog(desk.db, hub);
      expect(r4).toMatchObject({ pulled: 1, stockOnly: 0, report: { imported: 1 } });
      expect(searchCatalog(desk.db, 'Quietfan Model J9').results[0]?.productId).toBe('SKU-1009');
      c = await compareDesk(url, dataDir);
      expect(c.desk).toEqual(c.hub);
      expect(c.ftsRows).toBe(40);
    } finally {
      await hub.end();
      await desk.close();
    }
  });
});
