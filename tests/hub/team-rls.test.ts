// Least privilege at the hub, on a real PostgreSQL: the roles of `deskmate hub roles`, one login per desk. A desk
// login pushes its own rows and reads the team's customer history, but cannot write, change or delete a row as
// another desk (row-level security), nor write the report rollups; a manager reads reports and not the turns.
import { afterEach, describe, expect, it } from 'vitest';
import pg from 'pg';
import { usePgCluster } from '../support/pg-cluster';
import { hubPool, teamDesk } from './team-support';
import { hubRolesSql } from '../../src/main/hub/migrations';
import { hubMigrationModules } from '../../src/main/hub/modules';
import { sendBatch } from '../../src/main/hub/outbox-push';
import { teamReport } from '../../src/main/hub/team-report';

const cluster = usePgCluster();
const open: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

function loginPool(url: string, user: string, password: string): pg.Pool {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  const pool = new pg.Pool({ connectionString: u.toString(), max: 2, connectionTimeoutMillis: 3_000 });
  pool.on('error', () => {});
  open.push({ close: () => pool.end() });
  return pool;
}

const count = async (pool: pg.Pool, sql: string, params: unknown[] = []): Promise<number> => Number((await pool.query(sql, params)).rows[0].n);

describe('hub roles: a desk writes only its own rows', () => {
  it('desk A’s login cannot write, change or delete rows as desk B; both read the team’s history; a manager reads reports', async () => {
    const url = await cluster.createDb();
    const owner = await hubPool(url); // migrates as the hub owner (`deskmate hub init`)
    open.push({ close: () => owner.end() });
    await owner.query(hubRolesSql(hubMigrationModules)); // what `deskmate hub roles` prints, as the owner runs it
    await owner.query("CREATE ROLE desk_a LOGIN PASSWORD 'pw-desk-a' IN ROLE deskmate_desk");
    await owner.query("CREATE ROLE desk_b LOGIN PASSWORD 'pw-desk-b' IN ROLE deskmate_desk");
    const asA = loginPool(url, 'desk_a', 'pw-desk-a');
    const asB = loginPool(url, 'desk_b', 'pw-desk-b');
    const asManager = loginPool(url, 'manager_ana', 'change-me');

    // each desk pushes its own rows through its own login
    const a = await teamDesk('desk-a', asA);
    open.push(a);
    const b = await teamDesk('desk-b', asB);
    open.push(b);
    await a.desk.engine.ask({ text: 'Battery of the X1? Order 7781.', customerId: 'cust-R', offline: true });
    await b.desk.engine.ask({ text: 'Mouse warranty?', customerId: 'cust-Q', offline: true });
    await a.desk.team()!.push();
    await b.desk.team()!.push();
    const uidA = (a.desk.db.prepare('SELECT desk_uid FROM outbox_state').get() as { desk_uid: string }).desk_uid;
    const uidB = (b.desk.db.prepare('SELECT desk_uid FROM outbox_state').get() as { desk_uid: string }).desk_uid;
    expect((await owner.query('SELECT name, owner::text FROM hub_desks ORDER BY name')).rows).toEqual([
      { name: 'desk-a', owner: 'desk_a' },
      { name: 'desk-b', owner: 'desk_b' },
    ]);

    // B reads the team's customer history (A's turns with cust-R)
    const h = await b.desk.team()!.history.fetch({ customerId: 'cust-R', sessionId: 'none', before: new Date(Date.now() + 60_000).toISOString() }, 5_000);
    expect(h.ok && h.turns.map((t) => t.meta?.fromDesk)).toEqual(['desk-a', 'desk-a']);

    // A's login, writing as desk B: refused or touching nothing
    const turnB = (await owner.query('SELECT session_id, turn_id, text FROM hub_turns WHERE desk_uid = $1 ORDER BY turn_id LIMIT 1', [uidB])).rows[0];
    await expect(
      asA.query(`INSERT INTO hub_turns (desk_uid, turn_id, session_id, seq, speaker, text, status, created_at, updated_at)
                 VALUES ($1, 999, $2, 9, 'assistant', 'forged', 'complete', now(), now())`, [uidB, turnB.session_id]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asA.query(`INSERT INTO hub_sessions (desk_uid, session_id, title, created_at, updated_at, turn_count) VALUES ($1, 'forged', 't', now(), now(), 0)`, [uidB]),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asA.query(`INSERT INTO hub_usage (desk_uid, id, at, session_id, model, attempt, prompt_tokens, completion_tokens, cached_tokens, estimated,
                   latency_ms, cost_pico, priced, outcome, mode) VALUES ($1, 999, now(), 's', 'm', 1, 1, 1, 0, false, 1, 1, true, 'ok', 'online')`, [uidB]),
    ).rejects.toThrow(/row-level security/);
    expect((await asA.query("UPDATE hub_turns SET text = 'changed' WHERE desk_uid = $1", [uidB])).rowCount).toBe(0);
    expect((await asA.query('DELETE FROM hub_sessions WHERE desk_uid = $1', [uidB])).rowCount).toBe(0);
    expect((await asA.query('DELETE FROM hub_turns WHERE desk_uid = $1', [uidB])).rowCount).toBe(0);
    // nor move its own rows under B's id, nor take B's desk id over, nor push a batch as B
    await expect(asA.query('UPDATE hub_turns SET desk_uid = $1 WHERE desk_uid = $2', [uidB, uidA])).rejects.toThrow(/row-level security/);
    await expect(asA.query("UPDATE hub_desks SET owner = 'desk_a', name = 'mine' WHERE desk_uid = $1", [uidB]).then((r) => r.rowCount)).resolves.toBe(0);
    const c = await asA.connect();
    try {
      await expect(sendBatch(c, uidB, 'desk-b', { deletedSessions: [turnB.session_id], deletedTurns: [], sessions: [], turns: [], ledger: [] } as never)).rejects.toThrow(
        /row-level security/,
      );
      await c.query('ROLLBACK').catch(() => {});
    } finally {
      c.release();
    }
    // the report rollups are written by their triggers only
    await expect(asA.query("INSERT INTO hub_usage_hourly (desk_uid, model, hour) VALUES ($1, 'm', now())", [uidA])).rejects.toThrow(/permission denied/);

    // B's rows are exactly as B pushed them
    expect(await count(owner, 'SELECT count(*) AS n FROM hub_turns WHERE desk_uid = $1', [uidB])).toBe(2);
    expect(await count(owner, 'SELECT count(*) AS n FROM hub_sessions WHERE desk_uid = $1', [uidB])).toBe(1);
    expect((await owner.query('SELECT text FROM hub_turns WHERE desk_uid = $1 AND turn_id = $2', [uidB, turnB.turn_id])).rows[0].text).toBe(turnB.text);
    expect((await owner.query('SELECT name FROM hub_desks WHERE desk_uid = $1', [uidB])).rows[0].name).toBe('desk-b');

    // A still writes its own; a desk registered before the roles existed (owner NULL) is claimed by its next push
    await owner.query('UPDATE hub_desks SET owner = NULL WHERE desk_uid = $1', [uidA]);
    await a.desk.engine.ask({ text: 'And the charger?', customerId: 'cust-R', offline: true });
    await a.desk.team()!.push();
    expect(await count(owner, 'SELECT count(*) AS n FROM hub_turns WHERE desk_uid = $1', [uidA])).toBe(4);
    expect((await owner.query('SELECT owner::text FROM hub_desks WHERE desk_uid = $1', [uidA])).rows[0].owner).toBe('desk_a');

    // a manager reads the team report, not the conversations, and writes nothing
    const report = await teamReport(asManager, []);
    expect(report.byDesk.map((d) => [d.desk, d.requests])).toEqual([
      ['desk-a', 2],
      ['desk-b', 1],
    ]);
    await expect(asManager.query('SELECT count(*) FROM hub_turns')).rejects.toThrow(/permission denied/);
    await expect(asManager.query("UPDATE hub_usage SET escalated = true WHERE desk_uid = $1", [uidA])).rejects.toThrow(/permission denied/);
  });
});
