// The team side through the contract (team.outbox / team.history / team.report), the background push with its
// event, `deskmate sync` pushing the outbox, `stats` showing it, and the HTTP API's customer_id.
import { afterEach, describe, expect, it } from 'vitest';
import { usePgCluster } from '../support/pg-cluster';
import { runCli } from '../support/cli';
import { hubPool, teamDesk } from './team-support';
import { startBackgroundPush } from '../../src/main/hub/outbox-handlers';
import { createTeamHub } from '../../src/main/hub/outbox-team';
import { OutboxState, TeamHistory, TeamReport } from '../../src/shared/team';
import { ChatStreamRequest, toAskRequest } from '../../src/main/http/chat-stream';

const cluster = usePgCluster();
const open: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const ctx = { transport: 'http' as const };

describe('team routes, background push, sync and stats', () => {
  it('shows the outbox, drains it in the background, and serves history and the report', async () => {
    const url = await cluster.createDb();
    const pool = await hubPool(url);
    open.push({ close: () => pool.end() });
    const a = await teamDesk('desk-a', pool);
    open.push(a);
    const b = await teamDesk('desk-b', pool);
    open.push(b);
    await a.desk.engine.ask({ text: 'Battery of the X1?', customerId: 'cust-H' });

    const before = await a.desk.dispatch('team.outbox', {}, ctx);
    expect(before.ok && OutboxState.parse(before.data)).toMatchObject({ enabled: true, paused: false });
    expect(before.ok && (before.data as OutboxState).waiting).toBe(4); // the session, question, answer, ledger row

    const events: OutboxState[] = [];
    open.push({ close: a.desk.bus.subscribe((e, p) => void (e === 'team.outbox' && events.push(p as OutboxState))) });
    const bg = startBackgroundPush(() => a.desk.team(), a.desk.bus, 20);
    open.push({ close: () => bg.stop() });
    await a.kimi.waitFor(() => events.some((e) => e.waiting === 0), 10_000);
    expect(events.at(-1)).toMatchObject({ waiting: 0, paused: false });

    const s = await b.desk.dispatch('sessions.create', { customerId: 'cust-H' }, ctx);
    const sessionId = (s as { ok: true; data: { id: string } }).data.id;
    const h = await b.desk.dispatch('team.history', { sessionId }, ctx);
    const history = TeamHistory.parse((h as { ok: true; data: unknown }).data);
    expect(history.source).toBe('hub');
    expect(history.turns.map((t) => [t.speaker, t.meta?.fromDesk])).toEqual([
      ['customer', 'desk-a'],
      ['assistant', 'desk-a'],
    ]);
    const missing = await b.desk.dispatch('team.history', { sessionId: 'nope' }, ctx);
    expect(missing.ok).toBe(false);

    const r = await b.desk.dispatch('team.report', {}, ctx);
    expect(TeamReport.parse((r as { ok: true; data: unknown }).data).byDesk.map((d) => [d.desk, d.requests])).toEqual([['desk-a', 1]]);
  });

  it('`deskmate sync` pushes the outbox; `stats` says when team sync is paused and how many rows wait', async () => {
    const url = await cluster.createDb();
    const pool = await hubPool(url);
    open.push({ close: () => pool.end() });
    const a = await teamDesk('desk-a', pool);
    open.push(a);
    await a.desk.engine.ask({ text: 'Battery of the X1?', customerId: 'cust-I', offline: true });
    const env = { DESKMATE_HUB_URL: url, DESKMATE_DESK_NAME: 'desk-a' };
    const sync = await runCli(['--data-dir', a.dataDir, '--json', 'sync'], env);
    expect(sync.err).toBe('');
    expect(JSON.parse(sync.out)).toMatchObject({ waiting: 0 });
    expect(JSON.parse(sync.out).pushed).toBeGreaterThanOrEqual(4);
    expect(Number((await pool.query('SELECT count(*) FROM hub_turns')).rows[0].count)).toBe(2);

    await a.desk.engine.ask({ text: 'And the mouse?', customerId: 'cust-I', offline: true });
    cluster.get().stop('fast');
    try {
      await expect(a.desk.team()!.push()).rejects.toThrow(/unreachable/);
      // another process on the same data (a `serve` follower, which never pushes) says paused too
      expect(createTeamHub(a.desk.db, pool, 'desk-a').outbox()).toMatchObject({ paused: true });
      const stats = await runCli(['--data-dir', a.dataDir, 'stats'], {});
      expect(stats.out).toMatch(/team sync paused — \d+ waiting/);
      const json = JSON.parse((await runCli(['--data-dir', a.dataDir, '--json', 'stats'], {})).out);
      expect(json.outbox).toMatchObject({ enabled: true, paused: true });
      expect(json.outbox.waiting).toBeGreaterThan(0);
      expect(JSON.stringify(json)).not.toContain(url);
    } finally {
      cluster.get().start();
    }
  });

  it('an answer that ends is pushed soon, without waiting for the background interval', async () => {
    const url = await cluster.createDb();
    const pool = await hubPool(url);
    open.push({ close: () => pool.end() });
    // The interval is ten minutes: only the push an answer asks for can bring its rows to the hub in this test.
    const a = await teamDesk('desk-p', pool, { DESKMATE_HUB_PUSH_MS: '600000' });
    open.push(a);
    a.desk.startBackground();
    const hubFinal = async (): Promise<string[]> =>
      (await pool.query("SELECT speaker || ':' || status AS s FROM hub_turns ORDER BY turn_id")).rows.map((r: { s: string }) => r.s);
    await a.desk.engine.ask({ text: 'Battery of the X1?', customerId: 'cust-P' });
    await expect.poll(hubFinal, { timeout: 10_000, interval: 50 }).toEqual(['customer:complete', 'assistant:complete']);
    // a second answer goes too (the push that follows the first one's gap)
    await a.desk.engine.ask({ text: 'And the X200?', customerId: 'cust-P' });
    await expect.poll(hubFinal, { timeout: 10_000, interval: 50 }).toEqual(['customer:complete', 'assistant:complete', 'customer:complete', 'assistant:complete']);
    expect(Number((await pool.query('SELECT count(*) FROM hub_usage')).rows[0].count)).toBe(2);
    expect(a.desk.team()!.outbox().waiting).toBe(0);
  });

  it('the HTTP API carries the customer id (customer_id); user_id is the agent, never the customer', () => {
    const base = { session_id: 's1', query: 'q', user_id: 'agent-7' };
    expect(toAskRequest(ChatStreamRequest.parse({ ...base, customer_id: 'cust-J' }))).toMatchObject({ customerId: 'cust-J', agentId: 'agent-7' });
    expect(toAskRequest(ChatStreamRequest.parse(base)).customerId).toBeUndefined();
    expect(toAskRequest(ChatStreamRequest.parse(base)).agentId).toBe('agent-7');
    expect(ChatStreamRequest.safeParse({ ...base, customer_id: '' }).success).toBe(false);
  });
});
