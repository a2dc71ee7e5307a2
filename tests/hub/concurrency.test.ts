// Out-of-order commits are never skipped. Positions are handed out under the hub's catalog writer lock, so a
// transaction that took a position commits before any later position is handed out. Shown two ways: step by step
// (a writer holding its position blocks the next one; the desk sees neither until the first commits), and two
// hub imports committing at once while a desk syncs in a loop, which must end with exactly the hub's catalog.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { usePgCluster } from '../support/pg-cluster';
import { openDesk } from '../../src/main/desk';
import { connectHub } from '../../src/main/hub/connection';
import { syncCatalog } from '../../src/main/hub/catalog-sync';
import { hubImportRecords } from '../../src/main/hub/catalog-import';
import { productLineAt } from '../../bench/gen';
import { compareDesk, initHub, productIdAt, tmp } from './helpers';

const cluster = usePgCluster();

describe('hub change sequence under concurrent writers', () => {
  it('a writer holding an earlier position blocks later ones; the desk never moves past it', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const setup = await connectHub(url);
    await hubImportRecords(setup, [0, 1, 2].map((i) => JSON.parse(productLineAt(i)) as unknown));
    const desk = openDesk({ dataDir: join(tmp(), 'desk'), resourcesDir: null, tokenizerMode: 'inline' });
    const t1 = await connectHub(url);
    const t2 = await connectHub(url);
    const reader = await connectHub(url);
    try {
      const first = await syncCatalog(desk.db, reader);
      expect(first.pulled).toBe(3);
      // T1 takes a position (plain SQL, as an admin's psql session would) and stays open.
      await t1.query('BEGIN');
      await t1.query("UPDATE hub_catalog SET stock_status = 'held-by-t1' WHERE kind = 'p' AND id = $1", [productIdAt(0)]);
      // T2 writes another row: it waits for T1 (it would otherwise take a later position and commit first).
      let t2done = false;
      const t2write = t2.query("UPDATE hub_catalog SET stock_status = 'by-t2' WHERE kind = 'p' AND id = $1", [productIdAt(1)]).then(() => (t2done = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(t2done).toBe(false);
      const waiting = await setup.query<{ n: string }>("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      expect(Number(waiting.rows[0].n)).toBe(1);
      const mid = await syncCatalog(desk.db, reader);
      expect(mid).toMatchObject({ pulled: 0, behind: 0 });
      await t1.query('COMMIT');
      await t2write;
      const end = await syncCatalog(desk.db, reader);
      expect(end).toMatchObject({ pulled: 2, behind: 0 });
      const c = await compareDesk(url, desk.dataDir);
      expect(c.desk).toEqual(c.hub);
    } finally {
      for (const c of [setup, t1, t2, reader]) await c.end().catch(() => {});
      await desk.close();
    }
  });

  it('two hub imports committing at once, a desk syncing in a loop: the desk ends with exactly the hub catalog', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const desk = openDesk({ dataDir: join(tmp(), 'desk'), resourcesDir: null, tokenizerMode: 'inline' });
    const a = await connectHub(url);
    const b = await connectHub(url);
    const reader = await connectHub(url);
    try {
      // Overlapping id ranges, many small batches (transactions) each; B also sends partial stock updates.
      const recsA = Array.from({ length: 1200 }, (_, i) => JSON.parse(productLineAt(i)) as unknown);
      const recsB = Array.from({ length: 1200 }, (_, i) =>
        i % 3 === 0 ? { product_id: productIdAt(i), stock_status: `feed-${i}` } : (JSON.parse(productLineAt(600 + i)) as unknown));
      let writing = true;
      const importing = Promise.all([hubImportRecords(a, recsA, 40), hubImportRecords(b, recsB, 40)]).finally(() => (writing = false));
      let rounds = 0;
      while (writing) {
        await syncCatalog(desk.db, reader, { fetchRows: 50, batchSize: 100 });
        rounds++;
      }
      await importing;
      const last = await syncCatalog(desk.db, reader);
      expect(last.behind).toBe(0);
      expect(rounds).toBeGreaterThan(2);
      const c = await compareDesk(url, desk.dataDir);
      expect(c.duplicates).toBe(0);
      expect(c.desk.size).toBe(c.hub.size);
      expect(c.desk).toEqual(c.hub);
    } finally {
      for (const c of [a, b, reader]) await c.end().catch(() => {});
      await desk.close();
    }
  });
});
