// Customer history across desks and the outbox, with a real PostgreSQL hub and two real desks.
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { usePgCluster } from '../support/pg-cluster';
import { hubPool, hubRows, deskRows, promptText, teamDesk, union, type TeamDesk } from './team-support';
import { LocalOutbox } from '../../src/main/hub/outbox-local';
import { readBatch } from '../../src/main/hub/outbox-rows';
import { sendBatch } from '../../src/main/hub/outbox-push';
import { hubHistorySource, startTeamHistory } from '../../src/main/hub/history';
import pgLib from 'pg';

const cluster = usePgCluster();
const open: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

async function setup(): Promise<{ pool: pg.Pool; a: TeamDesk; b: TeamDesk }> {
  const pool = await hubPool(await cluster.createDb());
  open.push({ close: () => pool.end() });
  const a = await teamDesk('desk-a', pool);
  open.push(a);
  const b = await teamDesk('desk-b', pool);
  open.push(b);
  return { pool, a, b };
}

function lastChat(d: TeamDesk): string {
  const chats = d.kimi.requests.filter((r) => r.path.endsWith('/chat/completions'));
  return promptText(chats[chats.length - 1].body);
}

describe('customer history across desks', () => {
  it('desk B asked for customer C gets the turns desk A had with C in its prompt, marked as from desk A', async () => {
    const { a, b } = await setup();
    a.kimi.setScript({ answer: 'The X1 Carbon battery lasts up to 15 hours [Doc-1].' });
    const first = await a.desk.engine.ask({ text: 'How long does the ThinkPad X1 battery last? Order 7781.', customerId: 'cust-C' });
    expect(first.status).toBe('complete');
    await a.desk.team()!.push();

    // Another customer's conversation at desk A must not leak into C's history.
    await a.desk.engine.ask({ text: 'Do you sell MX Master mice? secret-of-D', customerId: 'cust-D' });
    await a.desk.team()!.push();

    b.kimi.setScript({ answer: 'Yes, within 15 days with a fee.' });
    const notices: string[] = [];
    const second = await b.desk.engine.ask(
      { text: 'Can I still return it?', customerId: 'cust-C' },
      { callbacks: { onNotice: (m) => notices.push(m) } },
    );
    expect(second.status).toBe('complete');
    const prompt = lastChat(b);
    expect(prompt).toContain('user: How long does the ThinkPad X1 battery last? Order 7781.');
    expect(prompt).toContain('The X1 Carbon battery lasts up to 15 hours');
    expect(prompt).not.toContain('secret-of-D');
    // A's turns come before B's question, oldest first.
    expect(prompt.indexOf('Order 7781')).toBeLessThan(prompt.indexOf('Can I still return it?'));
    expect(notices).toEqual([]);
    const answer = b.desk.sessions.getTurn(second.answerTurnId!)!;
    expect(answer.meta?.teamHistory).toEqual({ source: 'hub', turns: 2, desks: ['desk-a'] });
    // Desk B's own store holds only its own turns.
    expect(b.desk.sessions.getTurns(second.sessionId).map((t) => t.text)).toEqual(['Can I still return it?', 'Yes, within 15 days with a fee.']);
  });

  it('the history query goes out before retrieval and its deadline counts from when the answer needs it (named statement)', async () => {
    const { pool, a } = await setup();
    await a.desk.engine.ask({ text: 'Battery of the X1? Order 7781.', customerId: 'cust-O' });
    await a.desk.team()!.push();
    // one connection, so the prepared statement is visible from the same session afterwards
    const one = new pgLib.Pool({ connectionString: cluster.get().url((await pool.query('SELECT current_database() AS d')).rows[0].d), max: 1 });
    open.push({ close: () => one.end() });
    await one.query('SELECT 1'); // an idle connection: the query is written synchronously by begin()
    const source = hubHistorySource(one, () => '00000000-0000-0000-0000-000000000000');
    const merge = startTeamHistory(source, { getSession: () => ({ customerId: 'cust-O' }) }, 'session-x', { createdAt: new Date(Date.now() + 60_000).toISOString() });
    // a slow retrieval on the event loop (300 ms, twice the 150 ms deadline) between sending and merging
    const until = Date.now() + 300;
    while (Date.now() < until) {
      /* busy, as a synchronous catalog search is */
    }
    const r = await merge([]);
    expect(r.team).toEqual({ source: 'hub', turns: 2, desks: ['desk-a'] });
    expect(r.history.map((t) => t.text)[0]).toBe('Battery of the X1? Order 7781.');
    const named = await one.query("SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'deskmate_team_history'");
    expect(named.rows[0].n).toBe(1);

    // a late answer (a first connection outside the deadline) does not leave the hub marked down for 5 s
    const fresh = new pgLib.Pool({ connectionString: cluster.get().url((await pool.query('SELECT current_database() AS d')).rows[0].d), max: 1 });
    open.push({ close: () => fresh.end() });
    const cold = hubHistorySource(fresh, () => '00000000-0000-0000-0000-000000000000');
    const q = { customerId: 'cust-O', sessionId: 'session-x', before: new Date(Date.now() + 60_000).toISOString() };
    expect(await cold.fetch(q, 0)).toMatchObject({ ok: false, reason: expect.stringMatching(/did not answer within 0 ms/) });
    await a.kimi.waitFor(() => fresh.totalCount === 1 && fresh.idleCount === 1, 5_000); // the late query finished
    expect(await cold.fetch(q, 2_000)).toMatchObject({ ok: true, desks: ['desk-a'] });
  });

  it('with the hub down, desks keep answering from local history and say so; the outbox waits, then drains exactly', async () => {
    const { pool, a, b } = await setup();
    await a.desk.engine.ask({ text: 'Is the Sony WH-1000XM5 in stock?', customerId: 'cust-E' });
    await a.desk.team()!.push();

    cluster.get().stop('fast');
    const notices: string[] = [];
    const rA = await a.desk.engine.ask({ text: 'And the MX Master 3S?', customerId: 'cust-E' });
    const rB = await b.desk.engine.ask({ text: 'What was my question about headphones?', customerId: 'cust-E' }, { callbacks: { onNotice: (m) => notices.push(m) } });
    const rB2 = await b.desk.engine.ask({ text: 'Offline one', customerId: 'cust-F', offline: true });
    expect([rA.status, rB.status, rB2.mode]).toEqual(['complete', 'complete', 'offline']);
    expect(notices.join(' ')).toMatch(/Team hub unreachable/);
    expect(b.desk.sessions.getTurn(rB.answerTurnId!)!.meta?.teamHistory).toMatchObject({ source: 'local' });
    await expect(a.desk.team()!.push()).rejects.toThrow();
    await expect(b.desk.team()!.push()).rejects.toThrow();
    const paused = b.desk.team()!.outbox();
    expect(paused.paused).toBe(true);
    expect(paused.waiting).toBeGreaterThan(0);

    cluster.get().start();
    // A push cut after the hub committed but before the desk acknowledged: the batch is sent again later.
    const outbox = new LocalOutbox(b.desk.db);
    const batch = outbox.transaction(() => readBatch(b.desk.db, outbox.claim(3)));
    await sendBatch(pool, outbox.deskUid(), 'desk-b', batch);
    // Pushes cut into small pieces, desks coming back in either order.
    await b.desk.team()!.push({ batchSize: 2 });
    await a.desk.team()!.push({ batchSize: 5 });
    await b.desk.team()!.push();
    expect(a.desk.team()!.outbox()).toMatchObject({ waiting: 0, paused: false });
    expect(b.desk.team()!.outbox()).toMatchObject({ waiting: 0, paused: false });

    const hub = await hubRows(pool);
    const desks = union(deskRows(a.desk.db), deskRows(b.desk.db));
    expect(hub.sessions).toEqual(desks.sessions);
    expect(hub.turns).toEqual(desks.turns);
    expect(hub.ledger).toEqual(desks.ledger);
    expect(desks.ledger.length).toBe(4);
  });

  it('a push whose hub connection is killed mid-way fails cleanly (no crash) and the next push completes it exactly', async () => {
    const { pool, a } = await setup();
    const s = a.desk.sessions.createSession({ customerId: 'cust-K' });
    for (let i = 0; i < 300; i++) a.desk.sessions.addTurn(s.id, { speaker: i % 2 ? 'assistant' : 'customer', text: `turn ${i}` });
    // `done` stops the killer once the first push settled (a -1 sentinel in `killed` could be summed back to 0 by a
    // kill that landed just after the push failed, and the loop then never ended)
    let killed = 0;
    let done = false;
    const killer = (async () => {
      while (!done && killed === 0) {
        const r = await pool.query(
          "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'",
        );
        killed += r.rows[0].n;
        await new Promise((res) => setTimeout(res, 1));
      }
    })();
    const first = await a.desk.team()!.push({ batchSize: 3 }).then(() => 'completed', (e: Error) => e.message);
    done = true;
    await killer;
    expect(typeof first).toBe('string');
    await a.desk.team()!.push();
    const hub = await hubRows(pool);
    expect(hub.turns).toEqual(deskRows(a.desk.db).turns);
    expect(hub.turns.length).toBe(300);
  });

  it('a session deleted at a desk disappears from the hub with its turns', async () => {
    const { pool, a } = await setup();
    const r = await a.desk.engine.ask({ text: 'Battery of the X1?', customerId: 'cust-G' });
    await a.desk.team()!.push();
    expect((await pool.query('SELECT count(*)::int AS n FROM hub_turns')).rows[0].n).toBe(2);
    a.desk.sessions.deleteSession(r.sessionId);
    await a.desk.team()!.push();
    const hub = await hubRows(pool);
    expect(hub.sessions).toEqual([]);
    expect(hub.turns).toEqual([]);
    expect(hub.ledger.length).toBe(1);
  });
});
