// Background team sync in a running desk (as the desktop and `deskmate serve` run it): a change committed at the
// hub reaches the desk through LISTEN/NOTIFY without waiting for the poll; the hub going down shows as "team sync
// paused" (state, event and `deskmate stats`), never as an error elsewhere, and sync resumes by itself when it is
// back. The hub URL never appears in a route result or event.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { usePgCluster } from '../support/pg-cluster';
import { runCli } from '../support/cli';
import { openDesk } from '../../src/main/desk';
import { getProduct } from '../../src/main/catalog';
import { connectHub } from '../../src/main/hub/connection';
import { hubImportRecords } from '../../src/main/hub/catalog-import';
import { productLineAt } from '../../bench/gen';
import { initHub, productIdAt, tmp } from './helpers';

const cluster = usePgCluster();

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('background team sync', () => {
  it('LISTEN brings hub changes in; hub down → paused; back → resumes', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const admin = await connectHub(url);
    await hubImportRecords(admin, Array.from({ length: 50 }, (_, i) => JSON.parse(productLineAt(i)) as unknown));
    const dataDir = join(tmp(), 'desk');
    // A poll far longer than the test: only the notification can bring changes in quickly.
    const desk = openDesk({ dataDir, env: { DESKMATE_HUB_URL: url, DESKMATE_DESK_NAME: 'desk-7' }, tokenizerMode: 'inline', hubPollMs: 600_000 });
    const events: string[] = [];
    desk.bus.subscribe((name, payload) => {
      if (name === 'hub.sync') events.push(JSON.stringify(payload));
    });
    try {
      desk.startBackground();
      await until('the first sync', () => desk.hub.state().state === 'idle' && desk.hub.state().cursor !== null && getProduct(desk.db, productIdAt(49)) !== undefined);
      const st = await desk.dispatch('hub.status', {}, { transport: 'http' });
      expect(st).toMatchObject({ ok: true, data: { configured: true, state: 'idle', deskName: 'desk-7', behind: 0 } });

      await hubImportRecords(admin, [{ product_id: productIdAt(3), stock_status: 'sold_out_today' }]);
      await until('the stock change', () => getProduct(desk.db, productIdAt(3))?.stockStatus === 'sold_out_today', 10_000);

      await admin.end();
      cluster.get().stop();
      await until('paused', () => desk.hub.state().state === 'paused');
      expect(desk.hub.state().reason).toMatch(/^team sync paused: hub .* unreachable/);
      // The local cache still answers.
      expect(getProduct(desk.db, productIdAt(3))?.stockStatus).toBe('sold_out_today');
      const stats = JSON.parse((await runCli(['--data-dir', join(tmp(), 'other'), 'stats', '--json'], { DESKMATE_HUB_URL: url })).out) as { hub: { state: string; reason: string } };
      expect(stats.hub.state).toBe('paused');
      expect(stats.hub.reason).toMatch(/team sync paused/);

      cluster.get().start();
      const again = await connectHub(url);
      await hubImportRecords(again, [{ product_id: productIdAt(4), stock_status: 'back_in_stock' }]);
      await again.end();
      await until('resumed', () => getProduct(desk.db, productIdAt(4))?.stockStatus === 'back_in_stock', 40_000);
      await until('idle', () => desk.hub.state().state === 'idle');

      const all = events.join('\n') + JSON.stringify(desk.hub.state());
      expect(all).toContain('"state":"paused"');
      expect(all).not.toContain(cluster.get().password);
      expect(all).not.toContain('postgres://');
    } finally {
      await desk.close();
    }
  });

  it('hub.configure checks the URL, never returns it, and sync starts with it', async () => {
    const url = await cluster.createDb();
    await initHub(url);
    const desk = openDesk({ dataDir: join(tmp(), 'desk'), env: {}, resourcesDir: null, tokenizerMode: 'inline' });
    try {
      desk.startBackground();
      expect(desk.hub.state()).toMatchObject({ configured: false, state: 'off' });
      const bad = await desk.dispatch('hub.configure', { url: 'http://example.com' }, { transport: 'http' });
      expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'url' } });
      const ok = await desk.dispatch('hub.configure', { url, deskName: 'front-desk' }, { transport: 'http' });
      expect(ok).toMatchObject({ ok: true, data: { configured: true, deskName: 'front-desk' } });
      expect(JSON.stringify(ok)).not.toContain(cluster.get().password);
      await until('a sync', () => desk.hub.state().lastSyncAt !== null);
      const off = await desk.dispatch('hub.configure', { url: null }, { transport: 'http' });
      expect(off).toMatchObject({ ok: true, data: { configured: false, state: 'off' } });
    } finally {
      await desk.close();
    }
  });
});
