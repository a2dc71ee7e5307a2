// `npm run bench -- hub-team [--only drain|drain-logins|history|report|visible] [--answers 20] [--desks 50] [--turns 1000] [--asks 60] [--ledger 1000000]`
// (also run at the end of `npm run bench -- hub`):
//  1. outbox drain: N desks × M turns (+ their sessions and ledger rows) pushed at once to one hub, with hub
//     connections killed inside pushes (3 rounds) and the pushes resumed — rows/s, lost and duplicated rows counted;
//  2. customer history at ask time: time to first token through the whole engine with the hub (this customer's
//     turns at another desk fetched and merged) against the same desk with no hub — added ms p50/p95;
//  3. the team report over L ledger rows (rollup tables kept by the hub's triggers) — ms p50/p95.
//  4. an answer at the hub: how long after an ask ends its final answer row is at the hub (another desk or `serve`
//     node asked about the customer next would see it), with the push an answer's end asks for against the
//     background interval alone (what desks did before 2026-12-03).
// Targets: history adds ≤ 10 ms p50 on loopback; the report answers in ≤ 500 ms at 1,000,000 rows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Bench } from './registry';
import { openDatabase, migrate, type Db } from '../src/main/db';
import { MODULE_MIGRATIONS } from '../src/main/schema';
import { SessionStore } from '../src/main/sessions/store';
import { UsageLedger } from '../src/main/usage/ledger';
import { LocalOutbox } from '../src/main/hub/outbox-local';
import { pushOutbox } from '../src/main/hub/outbox-push';
import { PUSH_EVERY_MS, startBackgroundPush } from '../src/main/hub/outbox-handlers';
import { migrateHub } from '../src/main/hub/migrations';
import { hubMigrationModules } from '../src/main/hub/modules';
import { teamReport } from '../src/main/hub/team-report';
import { PRICE_SEEDS } from '../src/main/usage/migrations';
import { openDesk, type Desk } from '../src/main/desk';
import { importRecords } from '../src/main/catalog';
import { startPgCluster, type PgCluster } from '../tests/support/pg-cluster-core';
import { startFakeKimi } from '../tests/support/fake-kimi';
import { PRODUCTS } from '../tests/support/engine-fixture';
import { numberOption, out, pct } from './util';

const load = (): string => `load ${loadavg().map((x) => x.toFixed(1)).join(' ')}`;

function pool(url: string, max = 2): pg.Pool {
  const p = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  p.on('error', () => {});
  return p;
}

function deskDb(dir: string, i: number): Db {
  const db = openDatabase(join(dir, `desk-${i}.sqlite`));
  for (const [m, migrations] of MODULE_MIGRATIONS) migrate(db, m, migrations);
  new LocalOutbox(db).enable();
  return db;
}

/** M turns in sessions of 10 (customer/assistant pairs), one ledger row per answer. */
function fillDesk(db: Db, turns: number, i: number): void {
  const sessions = new SessionStore(db);
  const ledger = new UsageLedger(db);
  db.transaction(() => {
    for (let t = 0; t < turns; t += 10) {
      const s = sessions.createSession({ customerId: `cust-${(i * 7 + t) % 500}` });
      for (let k = 0; k < 10 && t + k < turns; k++) {
        const turn = sessions.addTurn(s.id, { speaker: k % 2 === 0 ? 'customer' : 'assistant', text: `desk ${i} turn ${t + k}: ${'lorem ipsum '.repeat(8)}` });
        if (k % 2 === 1) {
          ledger.record({ sessionId: s.id, turnId: turn.id, model: 'kimi-k2.6', attempt: 1, promptTokens: 3000, completionTokens: 200, cachedTokens: 1000, estimated: false, ttftMs: 400, latencyMs: 1800, tokensPerSecond: 60, outcome: 'ok', mode: 'online' });
        }
      }
    }
  })();
}

/** `url` with another user and password (a desk login). */
function asLogin(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = user;
  u.password = password;
  return u.toString();
}

/**
 * `logins`: every desk pushes through its own login in role deskmate_desk (`deskmate hub roles`), so row-level
 * security checks every row it writes; otherwise as the hub owner (not bound by the policies).
 */
async function drainBench(cluster: PgCluster, desks: number, turns: number, logins = false): Promise<void> {
  const url = await cluster.createDb(logins ? 'bench_drain_logins' : 'bench_drain');
  const admin = pool(url, 1);
  const c = await admin.connect();
  await migrateHub(c, hubMigrationModules);
  const deskUrls: string[] = [];
  if (logins) {
    await c.query(`DO $do$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'deskmate_desk') THEN CREATE ROLE deskmate_desk NOLOGIN; END IF; END $do$`);
    for (const g of hubMigrationModules.flatMap((m) => m.grants?.desk ?? [])) await c.query(g.replace(/\{role\}/g, 'deskmate_desk'));
    await c.query('GRANT USAGE ON SCHEMA public TO deskmate_desk; GRANT SELECT ON deskmate_hub_migrations TO deskmate_desk');
    for (let i = 0; i < desks; i++) {
      await c.query(`DROP ROLE IF EXISTS bench_desk_${i}; CREATE ROLE bench_desk_${i} LOGIN PASSWORD 'bench-pw-${i}' IN ROLE deskmate_desk`);
      deskUrls.push(asLogin(url, `bench_desk_${i}`, `bench-pw-${i}`));
    }
  }
  c.release();
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-bench-outbox-'));
  try {
    const dbs = Array.from({ length: desks }, (_, i) => deskDb(dir, i));
    dbs.forEach((db, i) => fillDesk(db, turns, i));
    const expected = dbs.reduce((n, db) => n + new LocalOutbox(db).status().waiting, 0);
    const pools = dbs.map((_, i) => pool(logins ? deskUrls[i] : url, 1));
    out(`outbox drain${logins ? ', each desk through its own login (row-level security)' : ''}: ${desks} desks × ${turns} turns → ${expected.toLocaleString('en-US')} rows (sessions + turns + ledger) waiting (${load()})`);
    const started = performance.now();
    // Connections are killed while they are inside a push (backends 'active' or 'idle in transaction' on this
    // database): up to 3 rounds, each as soon as a push is in flight after the last; the desks push again until
    // empty. A push cut that way fails and is resumed, so `failed pushes resumed` counts the kills that landed.
    let done = false;
    let inFlight = 0;
    let killed = 0;
    let rounds = 0;
    const killer = (async () => {
      while (!done && rounds < 3) {
        await new Promise((res) => setTimeout(res, rounds === 0 ? 100 : 150));
        if (inFlight === 0) continue;
        const r = await admin
          .query<{ n: number }>(
            `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity
              WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IN ('active', 'idle in transaction')`,
          )
          .catch(() => ({ rows: [{ n: 0 }] }));
        if (r.rows[0].n > 0) {
          killed += r.rows[0].n;
          rounds++;
        }
      }
    })();
    let failures = 0;
    await Promise.all(
      dbs.map(async (db, i) => {
        for (let attempt = 0; attempt < 20; attempt++) {
          inFlight++;
          try {
            const r = await pushOutbox(db, pools[i], { deskName: `bench-${i}`, batchSize: 1000 });
            if (r.waiting === 0) return;
          } catch {
            failures++;
            await new Promise((res) => setTimeout(res, 50));
          } finally {
            inFlight--;
          }
        }
      }),
    );
    done = true;
    await killer;
    const ms = performance.now() - started;
    const counts = (await admin.query(`SELECT (SELECT count(*) FROM hub_sessions)::int AS s, (SELECT count(*) FROM hub_turns)::int AS t, (SELECT count(*) FROM hub_usage)::int AS l,
      (SELECT count(*) FROM (SELECT desk_uid, turn_id FROM hub_turns GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS dup,
      (SELECT coalesce(sum(requests), 0) FROM hub_usage_hourly)::int AS rollup`)).rows[0] as { s: number; t: number; l: number; dup: number; rollup: number };
    const local = dbs.reduce(
      (a, db) => {
        const n = (q: string): number => (db.prepare(q).get() as { n: number }).n;
        return { s: a.s + n('SELECT count(*) AS n FROM sessions'), t: a.t + n('SELECT count(*) AS n FROM turns'), l: a.l + n('SELECT count(*) AS n FROM usage_ledger') };
      },
      { s: 0, t: 0, l: 0 },
    );
    const hubRows = counts.s + counts.t + counts.l;
    const lost = local.s - counts.s + (local.t - counts.t) + (local.l - counts.l);
    out(`  ${hubRows.toLocaleString('en-US')} rows at the hub in ${(ms / 1000).toFixed(2)} s → ${Math.round(hubRows / (ms / 1000)).toLocaleString('en-US')} rows/s` +
      ` (${Math.round(counts.t / (ms / 1000)).toLocaleString('en-US')} turns/s); backends killed while seen inside a push: ${killed} in ${rounds} rounds, failed pushes resumed: ${failures}`);
    out(`  lost: ${lost} (local ${local.s}/${local.t}/${local.l} vs hub ${counts.s}/${counts.t}/${counts.l} sessions/turns/ledger); duplicated: ${counts.dup}; rollup requests ${counts.rollup} = ledger ${counts.l}: ${counts.rollup === counts.l}`);
    await Promise.all(pools.map((p) => p.end()));
    for (const db of dbs) db.close();
  } finally {
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A migrated hub database, a fake Kimi and desks on it (a catalog each, attached to the hub unless told not to). */
async function deskBench(cluster: PgCluster, db: string): Promise<{ hub: pg.Pool; mk(name: string, attach?: boolean): Promise<Desk>; close(desks: Desk[]): Promise<void> }> {
  const url = await cluster.createDb(db);
  const hub = pool(url, 4);
  const c = await hub.connect();
  await migrateHub(c, hubMigrationModules);
  c.release();
  const kimi = await startFakeKimi({ script: { ttftMs: 5, answer: 'The battery lasts up to 15 hours [Doc-1].' } });
  const dirs: string[] = [];
  return {
    hub,
    async mk(name, attach = true) {
      const dataDir = mkdtempSync(join(tmpdir(), `deskmate-${db.replace(/_/g, '-')}-`));
      dirs.push(dataDir);
      const desk = openDesk({ dataDir, env: { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-bench-0123456789', KIMI_MODEL: 'kimi-k2.6', DESKMATE_PROFILE: 'fast' }, resourcesDir: null, tokenizerMode: 'inline' });
      await importRecords(desk.db, PRODUCTS);
      if (attach) desk.attachTeamHub(hub, name);
      return desk;
    },
    async close(desks) {
      for (const d of desks) await d.close();
      await kimi.close();
      await hub.end();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    },
  };
}

async function historyBench(cluster: PgCluster, asks: number): Promise<void> {
  const { mk, close } = await deskBench(cluster, 'bench_history');
  const other = await mk('other-desk', true);
  const withHub = await mk('desk-hub', true);
  const noHub = await mk('desk-local', false);
  try {
    // The customer's earlier conversation at another desk: 5 sessions of 4 turns.
    for (let s = 0; s < 5; s++) {
      for (let q = 0; q < 2; q++) await other.engine.ask({ text: `Earlier question ${s}.${q} about the ThinkPad X1 battery`, customerId: 'cust-bench', sessionId: `earlier-${s}` });
    }
    await other.team()!.push();
    const ttft = async (desk: Desk, i: number): Promise<number> => {
      let first = Number.NaN;
      await desk.engine.ask({ text: `How long does the X1 battery last? (${i})`, customerId: 'cust-bench' }, { callbacks: { onFirstToken: (ms) => (first = ms) } });
      return first;
    };
    for (let i = 0; i < 5; i++) {
      await ttft(withHub, -i);
      await ttft(noHub, -i);
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < asks; i++) {
      // Alternated so load on the shared box hits both the same way.
      a.push(await ttft(withHub, i));
      b.push(await ttft(noHub, i));
    }
    const last = withHub.sessions.listSessions({ limit: 1 })[0];
    const turns = withHub.sessions.getTurns(last.id);
    const meta = turns[turns.length - 1].meta?.teamHistory as { turns?: number } | undefined;
    const fetches: number[] = [];
    for (let i = 0; i < asks; i++) {
      const t0 = performance.now();
      await withHub.team()!.history.fetch({ customerId: 'cust-bench', sessionId: 'x', before: new Date().toISOString() });
      fetches.push(performance.now() - t0);
    }
    const d50 = pct(a, 50) - pct(b, 50);
    const d95 = pct(a, 95) - pct(b, 95);
    out(`customer history at ask time (${asks} asks each, alternated; ${meta?.turns ?? 0} turns from another desk merged per ask; ${load()}):`);
    out(`  TTFT with hub p50 ${pct(a, 50).toFixed(1)} ms p95 ${pct(a, 95).toFixed(1)} ms · no hub p50 ${pct(b, 50).toFixed(1)} ms p95 ${pct(b, 95).toFixed(1)} ms`);
    out(`  added: p50 ${d50.toFixed(1)} ms, p95 ${d95.toFixed(1)} ms (target ≤ 10 ms p50: ${d50 <= 10 ? 'met' : 'NOT met'}); the hub query alone p50 ${pct(fetches, 50).toFixed(2)} ms p95 ${pct(fetches, 95).toFixed(2)} ms`);
  } finally {
    await close([other, withHub, noHub]);
  }
}

async function visibleBench(cluster: PgCluster, answers: number): Promise<void> {
  const { hub, mk, close } = await deskBench(cluster, 'bench_visible');
  const soon = await mk('desk-soon');
  const interval = await mk('desk-interval');
  soon.startBackground(); // the desk's own background push: every PUSH_EVERY_MS, and soon after each answer
  const intervalOnly = startBackgroundPush(() => interval.team(), interval.bus); // the same push, never asked
  const visible = async (desk: Desk, i: number): Promise<number> => {
    const r = await desk.engine.ask({ text: `How long does the X1 battery last? (${i})`, customerId: `cust-${i}` });
    const t0 = performance.now();
    const uid = new LocalOutbox(desk.db).deskUid();
    for (;;) {
      const q = await hub.query("SELECT 1 FROM hub_turns WHERE desk_uid = $1 AND turn_id = $2 AND status <> 'streaming'", [uid, r.answerTurnId]);
      if (q.rowCount) return performance.now() - t0;
      await new Promise((res) => setTimeout(res, 5));
    }
  };
  try {
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < answers; i++) {
      // Alternated, each after a random pause so the asks fall anywhere in the interval (asked right after a push,
      // an answer would wait nearly the whole interval).
      await new Promise((res) => setTimeout(res, Math.random() * PUSH_EVERY_MS));
      a.push(await visible(soon, i));
      await new Promise((res) => setTimeout(res, Math.random() * PUSH_EVERY_MS));
      b.push(await visible(interval, i));
    }
    out(`an answer at the hub after its ask ended (${answers} answers each, alternated; polled every 5 ms; ${load()}):`);
    out(`  pushed soon after it ends (now): p50 ${pct(a, 50).toFixed(0)} ms, p95 ${pct(a, 95).toFixed(0)} ms, max ${Math.max(...a).toFixed(0)} ms`);
    out(`  background interval alone (${PUSH_EVERY_MS} ms, before): p50 ${pct(b, 50).toFixed(0)} ms, p95 ${pct(b, 95).toFixed(0)} ms, max ${Math.max(...b).toFixed(0)} ms`);
  } finally {
    intervalOnly.stop();
    await close([soon, interval]);
  }
}

async function reportBench(cluster: PgCluster, rows: number): Promise<void> {
  const url = await cluster.createDb('bench_report');
  const hub = pool(url, 4);
  const c = await hub.connect();
  await migrateHub(c, hubMigrationModules);
  const t0 = performance.now();
  await c.query(`INSERT INTO hub_desks SELECT ('00000000-0000-0000-0000-' || lpad(d::text, 12, '0'))::uuid, 'desk-' || d FROM generate_series(1, 50) d`);
  // In chunks of 100k (one trigger run each, like pushes of many batches).
  for (let from = 1; from <= rows; from += 100_000) {
    await c.query(
      `INSERT INTO hub_usage (desk_uid, id, at, session_id, turn_id, model, attempt, prompt_tokens, completion_tokens, cached_tokens,
         estimated, ttft_ms, latency_ms, tokens_per_second, cost_pico, priced, outcome, error_type, mode, escalated, no_information)
       SELECT ('00000000-0000-0000-0000-' || lpad((1 + i % 50)::text, 12, '0'))::uuid, i, timestamptz '2026-10-01' + i * interval '2.6 second',
         's' || (i / 10), i, (ARRAY['kimi-k2.6', 'kimi-k3', 'offline'])[1 + i % 3], 1, 3000, 300, 1000, false, 400 + random() * 500,
         1000 + random() * 4000, 50, 3000000000, true, CASE WHEN i % 97 = 0 THEN 'retried' ELSE 'ok' END, null,
         CASE WHEN i % 3 = 2 THEN 'offline' ELSE 'online' END, i % 13 = 0, i % 17 = 0
       FROM generate_series($1::int, $2::int) i`,
      [from, Math.min(rows, from + 99_999)],
    );
  }
  await c.query('VACUUM ANALYZE');
  c.release();
  const loadMs = performance.now() - t0;
  const prices = PRICE_SEEDS.map((p) => ({ ...p, updatedAt: '' }));
  const times: number[] = [];
  let desks = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = await teamReport(hub, prices, { since: '2026-10-01', until: '2026-12-31' });
    times.push(performance.now() - t);
    desks = r.byDesk.length;
  }
  const hourly = (await hub.query('SELECT count(*)::int AS n FROM hub_usage_hourly')).rows[0] as { n: number };
  out(`team report over ${rows.toLocaleString('en-US')} ledger rows (${desks} desks × 3 models; rollups: ${hourly.n.toLocaleString('en-US')} hourly rows; loaded in ${(loadMs / 1000).toFixed(1)} s; ${load()}):`);
  out(`  p50 ${pct(times, 50).toFixed(0)} ms, p95/max ${pct(times, 95).toFixed(0)} ms of 7 runs (target ≤ 500 ms: ${pct(times, 50) <= 500 ? 'met' : 'NOT met'})`);
  await hub.end();
}

export async function runHubTeamBench(args: string[], cluster?: PgCluster): Promise<void> {
  const own = cluster ?? (await startPgCluster());
  try {
    const k = args.indexOf('--only');
    const only = k >= 0 ? args[k + 1] : undefined;
    if (!only || only === 'drain') await drainBench(own, numberOption(args, 'desks', 50, 1), numberOption(args, 'turns', 1000, 10));
    if (!only || only === 'drain' || only === 'drain-logins') await drainBench(own, numberOption(args, 'desks', 50, 1), numberOption(args, 'turns', 1000, 10), true);
    if (!only || only === 'history') await historyBench(own, numberOption(args, 'asks', 60, 5));
    if (!only || only === 'visible') await visibleBench(own, numberOption(args, 'answers', 20, 5));
    if (!only || only === 'report') await reportBench(own, numberOption(args, 'ledger', 1_000_000, 1000));
  } finally {
    if (!cluster) own.destroy();
  }
}

export const hubTeamBench: Bench = { name: 'hub-team', run: (args) => runHubTeamBench(args) };
