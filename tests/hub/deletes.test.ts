// Deletes at the hub reach desks: a row deleted from hub_catalog (by any writer) leaves a tombstone with the next
// position; a syncing desk removes the product or document and its index rows, in position order with the other
// changes (deleted then imported again: present).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { usePgCluster } from '../support/pg-cluster';
import { openDesk } from '../../src/main/desk';
import { connectHub } from '../../src/main/hub/connection';
import { hubImportRecords } from '../../src/main/hub/catalog-import';
import { syncCatalog } from '../../src/main/hub/catalog-sync';
import { getProduct, searchCatalog } from '../../src/main/catalog';
import { compareDesk, initHub, tmp } from './helpers';

const cluster = usePgCluster();

const products = Array.from({ length: 30 }, (_, i) => ({
  product_id: `KB-${200 + i}`, product_name: `Clackmaster Keyboard ${String.fromCharCode(65 + (i % 26))}${i}`, brand: 'Clack', category: 'keyboards',
  specifications: { switches: i % 2 ? 'brown' : 'red' }, faq_answers: ['Hot-swappable.'], return_policy_excerpt: '14 days.', stock_status: 'in_stock',
}));

describe('deletes at the hub', () => {
  it('reach a syncing desk as tombstones, in order with re-imports', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const hub = await connectHub(url);
    const dir = tmp();
    const desk = openDesk({ dataDir: join(dir, 'desk'), resourcesDir: null, tokenizerMode: 'inline' });
    try {
      await hubImportRecords(hub, [...products, { doc_id: 'POL-KB', title: 'Keyboard returns', body: 'Opened keyboards: 14 days.', kind: 'policy' }]);
      expect(await syncCatalog(desk.db, hub)).toMatchObject({ pulled: 31, first: true });
      const fts = desk.db.prepare('SELECT count(*) FROM catalog_head').pluck();
      expect(fts.get()).toBe(31);

      await hub.query("DELETE FROM hub_catalog WHERE id IN ('KB-203', 'KB-204', 'POL-KB')");
      const r1 = await syncCatalog(desk.db, hub);
      expect(r1).toMatchObject({ pulled: 3, deleted: 3, behind: 0 });
      expect(getProduct(desk.db, 'KB-203')).toBeUndefined();
      expect(desk.db.prepare("SELECT count(*) FROM standalone_docs WHERE doc_id = 'POL-KB'").pluck().get()).toBe(0);
      expect(fts.get()).toBe(28);
      expect(searchCatalog(desk.db, 'Clackmaster Keyboard D3').results.map((x) => x.productId)).not.toContain('KB-203');
      expect(searchCatalog(desk.db, 'Clackmaster Keyboard F5').results[0]?.productId).toBe('KB-205');

      // Deleted and imported again before the desk syncs: the tombstone comes first, the product ends present.
      await hub.query("DELETE FROM hub_catalog WHERE id IN ('KB-205', 'KB-206')");
      await hubImportRecords(hub, [{ ...products[5], stock_status: 'back_in_stock' }]);
      const r2 = await syncCatalog(desk.db, hub);
      expect(r2).toMatchObject({ pulled: 3, deleted: 2, behind: 0, report: { imported: 1 } });
      expect(getProduct(desk.db, 'KB-205')).toMatchObject({ stockStatus: 'back_in_stock' });
      expect(getProduct(desk.db, 'KB-206')).toBeUndefined();
      expect(searchCatalog(desk.db, 'Clackmaster Keyboard F5').results[0]?.productId).toBe('KB-205');
      const c = await compareDesk(url, join(dir, 'desk'));
      expect(c.desk).toEqual(c.hub);
      expect(c.ftsRows).toBe(27);

      // A desk syncing for the first time after the deletes copies the current state.
      const fresh = openDesk({ dataDir: join(dir, 'fresh'), resourcesDir: null, tokenizerMode: 'inline' });
      try {
        expect(await syncCatalog(fresh.db, hub)).toMatchObject({ pulled: 27, first: true, deleted: 0 });
        expect(await syncCatalog(fresh.db, hub)).toMatchObject({ pulled: 0, behind: 0 });
      } finally {
        await fresh.close();
      }
    } finally {
      await hub.end();
      await desk.close();
    }
  });
});
