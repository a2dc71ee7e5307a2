// Two desks and one hub, end to end, with a real PostgreSQL: the catalog imported at the hub is searchable on both
// desks after `deskmate sync` (the demo catalog goes, as with a first import); a stock feed imported at the hub
// shows on a desk after its next sync; the hub stopped and started again in the middle of a sync loses nothing
// and duplicates nothing.
import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { usePgCluster } from '../support/pg-cluster';
import { openDesk } from '../../src/main/desk';
import { connectHub } from '../../src/main/hub/connection';
import { syncCatalog } from '../../src/main/hub/catalog-sync';
import { getProduct } from '../../src/main/catalog';
import { catalogFile, compareDesk, initHub, productIdAt, tmp } from './helpers';

const cluster = usePgCluster();

describe('two desks, one hub', () => {
  it('hub import → both desks searchable; a stock feed reaches a desk on its next sync', async () => {
    const url = await cluster.createDb();
    const dir = tmp();
    expect((await runCli(['hub', 'init'], { DESKMATE_HUB_URL: url })).code).toBe(0);
    const file = catalogFile(dir, 0, 300);
    writeFileSync(join(dir, 'docs.jsonl'), JSON.stringify({ doc_id: 'POL-RET', title: 'Return policy', body: 'Thirty days, original packaging.', kind: 'policy' }) + '\n');
    expect(JSON.parse((await runCli(['hub', 'import', file, '--json'], { DESKMATE_HUB_URL: url })).out)).toMatchObject({ imported: 300, rejected: [] });
    expect((await runCli(['hub', 'import', join(dir, 'docs.jsonl')], { DESKMATE_HUB_URL: url })).code).toBe(0);

    const desks = [join(dir, 'desk-a'), join(dir, 'desk-b')];
    for (const d of desks) {
      const before = JSON.parse((await runCli(['--data-dir', d, 'stats', '--json'])).out) as { demo: boolean };
      expect(before.demo).toBe(true); // a new desk starts with the demo catalog
      const s = await runCli(['--data-dir', d, 'sync', '--json'], { DESKMATE_HUB_URL: url });
      expect(s.code).toBe(0);
      expect(JSON.parse(s.out)).toMatchObject({ pulled: 301, behind: 0, first: true, imported: 301 });
      expect(JSON.parse((await runCli(['--data-dir', d, 'stats', '--json'])).out)).toMatchObject({ products: 300, standaloneDocs: 1, demo: false });
      const hit = JSON.parse((await runCli(['--data-dir', d, 'search', productIdAt(123), '--json'])).out) as { results: { productId: string }[] };
      expect(hit.results[0].productId).toBe(productIdAt(123));
      const again = JSON.parse((await runCli(['--data-dir', d, 'sync', '--json'], { DESKMATE_HUB_URL: url })).out);
      expect(again).toMatchObject({ pulled: 0, behind: 0, first: false });
    }

    // A stock feed at the hub (partial records): desk A sees it after its next sync, desk B not yet.
    const feed = join(dir, 'stock.csv');
    writeFileSync(feed, `product_id,stock_status\n${productIdAt(5)},discontinued\n${productIdAt(6)},preorder\n`);
    expect(JSON.parse((await runCli(['hub', 'import', feed, '--json'], { DESKMATE_HUB_URL: url })).out)).toMatchObject({ updated: 2 });
    const a = JSON.parse((await runCli(['--data-dir', desks[0], 'sync', '--json'], { DESKMATE_HUB_URL: url })).out);
    expect(a).toMatchObject({ pulled: 2, behind: 0, updated: 2 });
    const deskA = openDesk({ dataDir: desks[0], resourcesDir: null, tokenizerMode: 'inline' });
    const deskB = openDesk({ dataDir: desks[1], resourcesDir: null, tokenizerMode: 'inline' });
    try {
      expect(getProduct(deskA.db, productIdAt(5))?.stockStatus).toBe('discontinued');
      expect(getProduct(deskA.db, productIdAt(6))?.stockStatus).toBe('preorder');
      expect(getProduct(deskB.db, productIdAt(5))?.stockStatus).not.toBe('discontinued');
    } finally {
      await deskA.close();
      await deskB.close();
    }
    for (const d of desks) {
      await runCli(['--data-dir', d, 'sync'], { DESKMATE_HUB_URL: url });
      const c = await compareDesk(url, d);
      expect(c.desk).toEqual(c.hub);
    }
  });

  it('the hub stopped and started again in the middle of a sync: nothing lost, nothing duplicated', async () => {
    const url = await cluster.createDb();
    const dir = tmp();
    await initHub(url);
    expect((await runCli(['hub', 'import', catalogFile(dir, 0, 3000)], { DESKMATE_HUB_URL: url })).code).toBe(0);
    const dataDir = join(dir, 'desk');
    const desk = openDesk({ dataDir, tokenizerMode: 'inline' });
    try {
      let client = await connectHub(url);
      let stopped = false;
      const first = syncCatalog(desk.db, client, {
        fetchRows: 100,
        batchSize: 250,
        onProgress: (p) => {
          if (!stopped && p.pulled >= 1000) {
            stopped = true;
            cluster.get().stop(); // fast shutdown: the sync's connection is cut mid-stream
          }
        },
      });
      await expect(first).rejects.toMatchObject({ kind: 'unreachable' });
      await client.end().catch(() => {});
      cluster.get().start();
      const mid = await compareDesk(url, dataDir);
      expect(mid.desk.size).toBeGreaterThanOrEqual(1000);
      expect(mid.desk.size).toBeLessThan(3000);
      // Changes at the hub while the desk was cut off, then the desk resumes.
      expect((await runCli(['hub', 'import', catalogFile(dir, 2900, 3100)], { DESKMATE_HUB_URL: url })).code).toBe(0);
      client = await connectHub(url);
      const r = await syncCatalog(desk.db, client, { fetchRows: 100, batchSize: 250 });
      await client.end();
      expect(r.first).toBe(false);
      expect(r.behind).toBe(0);
      expect(r.pulled).toBeLessThanOrEqual(3100 - 1000 + 250);
      const end = await compareDesk(url, dataDir);
      expect(end.duplicates).toBe(0);
      expect(end.desk.size).toBe(3100);
      expect(end.desk).toEqual(end.hub);
      expect(end.ftsRows).toBe(3100);
    } finally {
      await desk.close();
    }
  });
});
