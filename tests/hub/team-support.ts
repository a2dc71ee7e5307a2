// Team tests: desks (real SQLite, fake Kimi) attached to a hub (real PostgreSQL from pg-cluster.ts).
import pg from 'pg';
import { startFixture, type Fixture } from '../support/engine-fixture';
import { migrateHub } from '../../src/main/hub/migrations';
import { hubMigrationModules } from '../../src/main/hub/modules';
import type { Db } from '../../src/main/db';

export interface TeamDesk extends Fixture {
  name: string;
}

export async function hubPool(url: string): Promise<pg.Pool> {
  const pool = new pg.Pool({ connectionString: url, max: 4, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => {}); // idle clients die when a test stops the hub
  const c = await pool.connect();
  try {
    await migrateHub(c, hubMigrationModules);
  } finally {
    c.release();
  }
  return pool;
}

export async function teamDesk(name: string, pool: pg.Pool, env?: Record<string, string>): Promise<TeamDesk> {
  const f = await startFixture(env ? { env } : {});
  f.desk.attachTeamHub(pool, name);
  return Object.assign(f, { name });
}

export interface Snapshot {
  sessions: string[];
  turns: string[];
  ledger: string[];
}

const iso = (v: unknown): string => new Date(v as string).toISOString();

/** JSON with object keys sorted at every level (jsonb does not keep key order). */
export function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v as object).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** A desk's rows, keyed like the hub's (desk uid + local id), in one canonical text form each. */
export function deskRows(db: Db): Snapshot {
  const uid = (db.prepare('SELECT desk_uid FROM outbox_state').get() as { desk_uid: string }).desk_uid;
  const sessions = (db.prepare('SELECT * FROM sessions').all() as Record<string, unknown>[]).map((s) =>
    JSON.stringify([uid, s.id, s.customer_id, s.title, iso(s.created_at), iso(s.updated_at), s.turn_count]),
  );
  const turns = (db.prepare('SELECT * FROM turns').all() as Record<string, unknown>[]).map((t) =>
    JSON.stringify([uid, Number(t.id), t.session_id, t.seq, t.speaker, t.text, t.status, t.meta === null ? null : canonical(JSON.parse(t.meta as string)), iso(t.created_at), iso(t.updated_at)]),
  );
  const ledger = (db.prepare('SELECT * FROM usage_ledger').all() as Record<string, unknown>[]).map((l) =>
    JSON.stringify([uid, Number(l.id), iso(l.at), l.session_id, l.model, l.outcome, l.mode, Number(l.cost_pico), l.latency_ms, l.prompt_tokens, l.completion_tokens]),
  );
  return { sessions: sessions.sort(), turns: turns.sort(), ledger: ledger.sort() };
}

export async function hubRows(pool: pg.Pool): Promise<Snapshot> {
  const s = await pool.query('SELECT desk_uid::text, session_id, customer_id, title, created_at, updated_at, turn_count FROM hub_sessions');
  const t = await pool.query('SELECT desk_uid::text, turn_id, session_id, seq, speaker, text, status, meta, created_at, updated_at FROM hub_turns');
  const l = await pool.query(
    'SELECT desk_uid::text, id, at, session_id, model, outcome, mode, cost_pico, latency_ms, prompt_tokens, completion_tokens FROM hub_usage',
  );
  return {
    sessions: s.rows.map((r) => JSON.stringify([r.desk_uid, r.session_id, r.customer_id, r.title, iso(r.created_at), iso(r.updated_at), r.turn_count])).sort(),
    turns: t.rows
      .map((r) => JSON.stringify([r.desk_uid, Number(r.turn_id), r.session_id, r.seq, r.speaker, r.text, r.status, canonical(r.meta), iso(r.created_at), iso(r.updated_at)]))
      .sort(),
    ledger: l.rows
      .map((r) =>
        JSON.stringify([r.desk_uid, Number(r.id), iso(r.at), r.session_id, r.model, r.outcome, r.mode, Number(r.cost_pico), r.latency_ms, r.prompt_tokens, r.completion_tokens]),
      )
      .sort(),
  };
}

export function union(...snaps: Snapshot[]): Snapshot {
  return {
    sessions: snaps.flatMap((s) => s.sessions).sort(),
    turns: snaps.flatMap((s) => s.turns).sort(),
    ledger: snaps.flatMap((s) => s.ledger).sort(),
  };
}

/** The text of every message of a recorded chat request. */
export function promptText(body: unknown): string {
  return (body as { messages: { role: string; content: string }[] }).messages.map((m) => `${m.role}: ${m.content}`).join('\n');
}
