// Issue 8 (3): the contract says which transports may call each route; HTTP refuses local-only routes with 403
// before reading the body, so a path is never opened and its existence never shows. One test walks the contract.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, type RouteName, type Transport } from '../../src/shared/contract';
import { startSecDesk, type SecDesk } from './harness';

let s: SecDesk;
beforeAll(async () => {
  s = await startSecDesk();
});
afterAll(async () => {
  await s?.close();
});

const names = Object.keys(routes) as RouteName[];

describe('contract transports', () => {
  it('every route declares a non-empty list of known transports, and path-based import is local only', () => {
    for (const name of names) {
      const t = routes[name].transports as readonly Transport[];
      expect(t.length, name).toBeGreaterThan(0);
      for (const x of t) expect(['ipc', 'http', 'cli'], name).toContain(x);
    }
    expect(routes['catalog.import'].transports).not.toContain('http');
    expect(routes['catalog.importText'].transports).toContain('http');
  });

  it('over real HTTP, every route not declared for http answers 403 local_only, and every other route is not refused', async () => {
    const refused: string[] = [];
    for (const name of names) {
      const res = await s.invoke(name, {});
      const http = (routes[name].transports as readonly Transport[]).includes('http');
      if (http) {
        expect(res.status, name).not.toBe(403);
        expect(res.json.error?.code, name).not.toBe('local_only');
      } else {
        expect(res.status, name).toBe(403);
        expect(res.json, name).toMatchObject({ ok: false, error: { code: 'local_only' } });
        refused.push(name);
      }
    }
    expect(refused).toContain('catalog.import');
  });

  it('catalog.import {path} over HTTP reads nothing and answers the same for an existing and a missing file', async () => {
    const secret = join(s.dir, 'secret.csv');
    writeFileSync(secret, 'product_id,product_name\nSECRET-1,zebracorn passwords\n');
    const existing = await s.invoke('catalog.import', { path: secret });
    const missing = await s.invoke('catalog.import', { path: join(s.dir, 'no-such-file.csv') });
    expect(existing.status).toBe(403);
    expect(existing.json.error?.code).toBe('local_only');
    expect(missing.status).toBe(403);
    expect(missing.body).toBe(existing.body);
    const search = await s.invoke('catalog.search', { query: 'zebracorn' });
    expect(search.json).toMatchObject({ ok: true, data: { results: [] } });
  });

  it('the dispatcher itself refuses a local-only route for http and allows it for ipc and cli', async () => {
    const secret = join(s.dir, 'ok.jsonl');
    writeFileSync(secret, JSON.stringify({ product_id: 'P-1', product_name: 'Local Thing' }) + '\n');
    const overHttp = await s.desk.dispatch('catalog.import', { path: secret }, { transport: 'http' });
    expect(overHttp).toMatchObject({ ok: false, error: { code: 'local_only' } });
    const overIpc = await s.desk.dispatch('catalog.import', { path: secret }, { transport: 'ipc' });
    expect(overIpc).toMatchObject({ ok: true, data: { imported: 1 } });
    const overCli = await s.desk.dispatch('catalog.import', { path: secret }, { transport: 'cli' });
    expect(overCli).toMatchObject({ ok: true });
  });

  it('a browser uploads a catalog with catalog.importText over HTTP', async () => {
    const res = await s.invoke('catalog.importText', { fileName: 'c.jsonl', content: JSON.stringify({ product_id: 'U-1', product_name: 'Uploaded Lamp' }) });
    expect(res.json).toMatchObject({ ok: true, data: { imported: 1 } });
  });
});
