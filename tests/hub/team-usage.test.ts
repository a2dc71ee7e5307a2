// `deskmate usage --team` against a real PostgreSQL hub with two desks' ledgers pushed.
import { afterEach, describe, expect, it } from 'vitest';
import { usePgCluster } from '../support/pg-cluster';
import { runCli } from '../support/cli';
import { hubPool, teamDesk } from './team-support';
import { TeamReport } from '../../src/shared/team';
import { hubPool as hubPoolOf } from '../../src/main/hub/connection';

const cluster = usePgCluster();
const open: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

describe('usage --team', () => {
  it('lists both desks with the requests each made, by model and day, from the hub', async () => {
    const url = await cluster.createDb();
    const pool = await hubPool(url);
    open.push({ close: () => pool.end() });
    const a = await teamDesk('desk-a', pool);
    open.push(a);
    const b = await teamDesk('desk-b', pool);
    open.push(b);
    a.kimi.setScript({ answer: 'ESCALATE: refund over the limit, hand this over to a supervisor.' });
    for (let i = 0; i < 3; i++) await a.desk.engine.ask({ text: `Battery of the X1? #${i}`, customerId: 'c1' });
    await b.desk.engine.ask({ text: 'MX Master in stock?', customerId: 'c2' });
    await b.desk.engine.ask({ text: 'Offline question', customerId: 'c2', offline: true });
    await a.desk.team()!.push();
    await b.desk.team()!.push();

    const env = { DESKMATE_HUB_URL: url, DESKMATE_DESK_NAME: 'desk-a' };
    const r = await runCli(['--data-dir', a.dataDir, '--json', 'usage', '--team'], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = TeamReport.parse(JSON.parse(r.out));
    expect(report.byDesk.map((d) => [d.desk, d.requests])).toEqual([
      ['desk-a', 3],
      ['desk-b', 2],
    ]);
    const costA = a.desk.ledger.list().reduce((s, x) => s + x.costUsd, 0);
    expect(report.byDesk[0].costUsd).toBeCloseTo(costA, 9);
    expect(report.byDesk[1].offlineShare).toBe(0.5);
    expect(report.totals.requests).toBe(5);
    expect(report.byModel.map((m) => [m.model, m.requests])).toEqual([
      ['kimi-k2.6', 4],
      ['offline', 1],
    ]);
    expect(report.byDay.reduce((s, d) => s + d.requests, 0)).toBe(5);
    expect(report.byDesk[0].latencyP50).not.toBeNull();
    expect(report.byModel[0].comparisons.length).toBeGreaterThan(0);

    // The hourly rollup (any UTC offset) and the daily one (whole UTC days) agree.
    const shifted = TeamReport.parse(JSON.parse((await runCli(['--data-dir', a.dataDir, '--json', 'usage', '--team', '--utc-offset', '60'], env)).out));
    expect(shifted.byDesk.map((d) => [d.desk, d.requests, d.costUsd])).toEqual(report.byDesk.map((d) => [d.desk, d.requests, d.costUsd]));
    expect(shifted.totals.escalationRate).toBe(report.totals.escalationRate);
    expect(report.byDesk[0].escalationRate).toBe(1);

    const text = await runCli(['--data-dir', b.dataDir, 'usage', '--team', '--since', '2000-01-01'], env);
    expect(text.out).toMatch(/desk-a\s+3/);
    const csv = await runCli(['--data-dir', b.dataDir, 'usage', '--team', '--csv'], env);
    expect(csv.out.split('\r\n')[0]).toMatch(/^group,key,desk_id,requests/);
    expect(csv.out).toContain('desk,desk-b,');

    // A range with nothing in it, and a desk without a hub.
    const none = await runCli(['--data-dir', a.dataDir, '--json', 'usage', '--team', '--until', '2001-01-01'], env);
    expect(JSON.parse(none.out).byDesk).toEqual([]);
    const noHub = await runCli(['--data-dir', a.dataDir, 'usage', '--team'], {});
    expect(noHub.code).toBe(2);
    expect(noHub.err).toMatch(/DESKMATE_HUB_URL/);
  });

  it('a hub that is down: one clear line, exit 1, and the local report still works', async () => {
    const url = await cluster.createDb();
    const pool = await hubPool(url);
    await pool.end();
    cluster.get().stop('fast');
    try {
      const downPool = hubPoolOf(url);
      open.push({ close: () => downPool.end() });
      const a = await teamDesk('desk-a', downPool);
      open.push(a);
      const r = await runCli(['--data-dir', a.dataDir, 'usage', '--team'], { DESKMATE_HUB_URL: url });
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/unreachable/);
      expect(r.err).not.toContain(url);
      const local = await runCli(['--data-dir', a.dataDir, '--json', 'usage'], {});
      expect(local.code).toBe(0);
    } finally {
      cluster.get().start();
    }
  });
});
