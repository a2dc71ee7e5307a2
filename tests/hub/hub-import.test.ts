// `deskmate hub init` / `hub import` against a real throwaway PostgreSQL: idempotent migrations, the same report
// and merged state as the local `deskmate import`, a change sequence that moves only on changes, and one clear,
// redacted line for a wrong password, a hub that is down and a schema too new.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { productLineAt } from '../../bench/gen';
import { runCli } from '../support/cli';
import { usePgCluster } from '../support/pg-cluster';

const cluster = usePgCluster();

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'deskmate-hub-import-'));
}

async function rows<T>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as T[];
  } finally {
    await c.end();
  }
}

const hub = (url: string, ...args: string[]): ReturnType<typeof runCli> => runCli(['hub', ...args], { DESKMATE_HUB_URL: url });

describe('deskmate hub init / import', () => {
  it('init is idempotent and import reports and merges exactly like the local import', async () => {
    const url = await cluster.createDb();
    const first = await hub(url, 'init', '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).applied.length).toBeGreaterThan(0);
    expect(JSON.parse((await hub(url, 'init', '--json')).out).applied).toEqual([]);

    const dir = tmp();
    const p0 = JSON.parse(productLineAt(0)) as Record<string, unknown>;
    const file = join(dir, 'cat.jsonl');
    writeFileSync(file, [
      productLineAt(0), productLineAt(1), '', '{oops', JSON.stringify({ product_id: '' }), productLineAt(2),
      JSON.stringify({ product_id: p0.product_id, stock_status: 'out_of_stock' }), // partial update of line 1
      JSON.stringify({ product_id: 'NEW-1', stock_status: 'in_stock' }), // new without a name
      JSON.stringify({ doc_id: 'POL-1', title: 'Returns', body: 'Thirty days.', kind: 'policy' }),
    ].join('\n'));
    const local = await runCli(['--data-dir', join(dir, 'data'), 'import', file, '--json']);
    const remote = await hub(url, 'import', file, '--json');
    expect(remote.code).toBe(0);
    expect(JSON.parse(remote.out)).toEqual(JSON.parse(local.out));
    expect(JSON.parse(remote.out)).toMatchObject({ imported: 4, updated: 1, unchanged: 0 });

    const stored = await rows<{ id: string; stock_status: string; seq: string }>(url, "SELECT id, stock_status, seq FROM hub_catalog WHERE kind = 'p' ORDER BY seq");
    expect(stored).toHaveLength(3);
    expect(stored.find((r) => r.id === p0.product_id)?.stock_status).toBe('out_of_stock');
    // Same file again: line 1 restores the stock, line 7 changes it again — as the local import counts it.
    const again = await hub(url, 'import', file, '--json');
    expect(JSON.parse(again.out)).toEqual(JSON.parse((await runCli(['--data-dir', join(dir, 'data'), 'import', file, '--json'])).out));
    expect(JSON.parse(again.out)).toMatchObject({ imported: 0, updated: 2, unchanged: 3 });
    // Records equal to the stored state change nothing and take no position.
    const before = await rows<{ m: string }>(url, 'SELECT max(seq) AS m FROM hub_catalog');
    const same = join(dir, 'same.json');
    writeFileSync(same, `[${productLineAt(1)}, ${productLineAt(2)}]`);
    expect(JSON.parse((await hub(url, 'import', same, '--json')).out)).toMatchObject({ imported: 0, updated: 0, unchanged: 2 });
    expect(await rows(url, 'SELECT max(seq) AS m FROM hub_catalog')).toEqual(before);
    // A stock feed (CSV, partial records) takes new positions for the changed rows only.
    const feed = join(dir, 'stock.csv');
    writeFileSync(feed, `product_id,stock_status\n${String(p0.product_id)},in_stock\n${String(JSON.parse(productLineAt(1)).product_id)},${String(JSON.parse(productLineAt(1)).stock_status)}\n`);
    expect(JSON.parse((await hub(url, 'import', feed, '--json')).out)).toMatchObject({ imported: 0, updated: 1, unchanged: 1 });
    const after = await rows<{ m: string }>(url, 'SELECT max(seq) AS m FROM hub_catalog');
    expect(Number(after[0].m)).toBeGreaterThan(Number(before[0].m));
  });

  it('names the cause in one redacted line: wrong password, hub down, no schema, schema too new', async () => {
    const url = await cluster.createDb();
    const bad = url.replace(/:[^:@/]+@/, ':not-the-password@');
    const r1 = await hub(bad, 'init');
    expect(r1.code).toBe(1);
    expect(r1.err.trim().split('\n')).toHaveLength(1);
    expect(r1.err).toMatch(/authentication failed/);
    expect(r1.err).not.toContain('not-the-password');
    expect(r1.err).not.toContain(cluster.get().password);

    const down = url.replace(/:(\d+)\//, ':1/');
    const r2 = await hub(down, 'init');
    expect(r2.code).toBe(1);
    expect(r2.err).toMatch(/unreachable/);
    expect(r2.err).not.toContain(cluster.get().password);

    const file = join(tmp(), 'x.jsonl');
    writeFileSync(file, productLineAt(0));
    const r3 = await hub(url, 'import', file);
    expect(r3.code).toBe(1);
    expect(r3.err).toMatch(/no Deskmate schema yet: run `deskmate hub init`/);

    await hub(url, 'init');
    await rows(url, "INSERT INTO deskmate_hub_migrations (module, version, name) VALUES ('catalog', 99, 'from the future')");
    const r4 = await hub(url, 'import', file);
    expect(r4.code).toBe(1);
    expect(r4.err.trim().split('\n')).toHaveLength(1);
    expect(r4.err).toMatch(/newer than this desk understands \(catalog v99/);
    expect((await hub(url, 'init')).err).toMatch(/newer than this desk understands/);

    expect((await runCli(['hub', 'init'], {})).err).toMatch(/no team hub configured: set DESKMATE_HUB_URL/);
    expect((await runCli(['hub', 'init'], { DESKMATE_HUB_URL: 'mysql://x@y/z' })).err).toMatch(/must start with postgres:\/\//);
    expect((await runCli(['hub', 'roles'], {})).out).toMatch(/CREATE ROLE deskmate_desk NOLOGIN/);
  });

  it('a hub row the desk cannot apply: one line naming it, the rows before it kept, sync resumes once it is fixed', async () => {
    const url = await cluster.createDb();
    await hub(url, 'init');
    const dir = tmp();
    const file = join(dir, 'cat.jsonl');
    writeFileSync(file, [0, 1, 2, 3].map((i) => productLineAt(i)).join('\n'));
    await hub(url, 'import', file);
    const bad = String(JSON.parse(productLineAt(2)).product_id);
    await rows(url, "UPDATE hub_catalog SET specifications = 'not json' WHERE id = $1", [bad]);
    const data = join(dir, 'desk');
    const r = await runCli(['--data-dir', data, 'sync'], { DESKMATE_HUB_URL: url });
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain(`product ${bad}`);
    expect(r.err).toMatch(/cannot be applied on this desk: specifications or faq_answers is not valid JSON/);
    const st = JSON.parse((await runCli(['--data-dir', data, 'stats', '--json'], { DESKMATE_HUB_URL: url })).out) as { products: number; hub: { behind: number } };
    expect(st.products).toBe(3); // every row before it in position order (the update gave it the last position)
    expect(st.hub.behind).toBe(1);
    await rows(url, "UPDATE hub_catalog SET specifications = '{}' WHERE id = $1", [bad]);
    const ok = JSON.parse((await runCli(['--data-dir', data, 'sync', '--json'], { DESKMATE_HUB_URL: url })).out) as { pulled: number; behind: number };
    expect(ok).toMatchObject({ pulled: 1, behind: 0 });
  });
});
