// Drains the desk's outbox into the hub: batches read locally, each upserted in one PostgreSQL transaction, then
// acknowledged locally. A push cut at any point (hub down, kill -9) leaves the batch in the outbox; the next push
// sends it again and the upserts make the repeat a no-op. Delivery at least once, effect exactly once.
import type { Db } from '../db';
import { LocalOutbox } from './outbox-local';
import { batchRows, readBatch, type OutboxBatch } from './outbox-rows';

/** The part of a pg client/pool a push needs. */
export interface HubQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}
/** A client that can hold a transaction (pg.PoolClient / pg.Client). */
export interface HubTxClient extends HubQueryable {
  release?(err?: Error | boolean): void;
  on?(event: 'error', listener: (err: Error) => void): unknown;
  off?(event: 'error', listener: (err: Error) => void): unknown;
}
export interface HubConnector {
  connect(): Promise<HubTxClient>;
}

export interface PushOptions {
  deskName: string;
  /** Outbox entries per hub transaction (default 1000). */
  batchSize?: number;
  /** Stop after this many batches (default: until empty). */
  maxBatches?: number;
  signal?: AbortSignal;
  now?: () => Date;
}

export interface PushResult {
  /** Rows upserted or deleted at the hub in this push. */
  pushed: number;
  batches: number;
  /** Rows still waiting afterwards. */
  waiting: number;
}

const SESSION_UPSERT = `
  INSERT INTO hub_sessions (desk_uid, session_id, customer_id, title, created_at, updated_at, turn_count)
  SELECT $1::uuid, * FROM unnest($2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::timestamptz[], $7::int[])
  ON CONFLICT (desk_uid, session_id) DO UPDATE SET customer_id = EXCLUDED.customer_id, title = EXCLUDED.title,
    created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at, turn_count = EXCLUDED.turn_count
  WHERE hub_sessions.updated_at <= EXCLUDED.updated_at`;

const TURN_UPSERT = `
  INSERT INTO hub_turns (desk_uid, turn_id, session_id, seq, speaker, text, status, meta, created_at, updated_at)
  SELECT $1::uuid, * FROM unnest($2::bigint[], $3::text[], $4::int[], $5::text[], $6::text[], $7::text[], $8::jsonb[],
    $9::timestamptz[], $10::timestamptz[])
  ON CONFLICT (desk_uid, turn_id) DO UPDATE SET session_id = EXCLUDED.session_id, seq = EXCLUDED.seq,
    speaker = EXCLUDED.speaker, text = EXCLUDED.text, status = EXCLUDED.status, meta = EXCLUDED.meta,
    created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
  WHERE hub_turns.updated_at <= EXCLUDED.updated_at`;

const USAGE_UPSERT = `
  INSERT INTO hub_usage (desk_uid, id, at, session_id, turn_id, model, attempt, prompt_tokens, completion_tokens,
    cached_tokens, estimated, ttft_ms, latency_ms, tokens_per_second, cost_pico, priced, outcome, error_type, mode,
    escalated, no_information)
  SELECT $1::uuid, * FROM unnest($2::bigint[], $3::timestamptz[], $4::text[], $5::bigint[], $6::text[], $7::int[],
    $8::int[], $9::int[], $10::int[], $11::bool[], $12::float8[], $13::float8[], $14::float8[], $15::bigint[],
    $16::bool[], $17::text[], $18::text[], $19::text[], $20::bool[], $21::bool[])
  ON CONFLICT (desk_uid, id) DO UPDATE SET escalated = EXCLUDED.escalated, no_information = EXCLUDED.no_information
  WHERE (hub_usage.escalated, hub_usage.no_information) IS DISTINCT FROM (EXCLUDED.escalated, EXCLUDED.no_information)`;

/** Sends one batch in one hub transaction. */
export async function sendBatch(client: HubQueryable, deskUid: string, deskName: string, b: OutboxBatch): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO hub_desks (desk_uid, name) VALUES ($1, $2)
       ON CONFLICT (desk_uid) DO UPDATE SET name = EXCLUDED.name, last_push_at = now(), owner = COALESCE(hub_desks.owner, current_user)`,
      [deskUid, deskName],
    );
    if (b.deletedSessions.length) {
      await client.query('DELETE FROM hub_turns WHERE desk_uid = $1 AND session_id = ANY($2::text[])', [deskUid, b.deletedSessions]);
      await client.query('DELETE FROM hub_sessions WHERE desk_uid = $1 AND session_id = ANY($2::text[])', [deskUid, b.deletedSessions]);
    }
    if (b.deletedTurns.length) {
      await client.query('DELETE FROM hub_turns WHERE desk_uid = $1 AND turn_id = ANY($2::bigint[])', [deskUid, b.deletedTurns]);
    }
    const s = b.sessions;
    if (s.length) {
      await client.query(SESSION_UPSERT, [
        deskUid,
        s.map((r) => r.id),
        s.map((r) => r.customer_id),
        s.map((r) => r.title),
        s.map((r) => r.created_at),
        s.map((r) => r.updated_at),
        s.map((r) => r.turn_count),
      ]);
    }
    const t = b.turns;
    if (t.length) {
      await client.query(TURN_UPSERT, [
        deskUid,
        t.map((r) => r.id),
        t.map((r) => r.session_id),
        t.map((r) => r.seq),
        t.map((r) => r.speaker),
        t.map((r) => r.text),
        t.map((r) => r.status),
        t.map((r) => r.meta),
        t.map((r) => r.created_at),
        t.map((r) => r.updated_at),
      ]);
    }
    const l = b.ledger;
    if (l.length) {
      await client.query(USAGE_UPSERT, [
        deskUid,
        l.map((r) => r.id),
        l.map((r) => r.at),
        l.map((r) => r.session_id),
        l.map((r) => r.turn_id),
        l.map((r) => r.model),
        l.map((r) => r.attempt),
        l.map((r) => r.prompt_tokens),
        l.map((r) => r.completion_tokens),
        l.map((r) => r.cached_tokens),
        l.map((r) => r.estimated === 1),
        l.map((r) => r.ttft_ms),
        l.map((r) => r.latency_ms),
        l.map((r) => r.tokens_per_second),
        l.map((r) => String(r.cost_pico)),
        l.map((r) => r.priced === 1),
        l.map((r) => r.outcome),
        l.map((r) => r.error_type),
        l.map((r) => r.mode),
        l.map((r) => r.escalated === 1),
        l.map((r) => r.no_information === 1),
      ]);
    }
    await client.query('COMMIT');
  } catch (err) {
    // A connection the hub killed may never answer the ROLLBACK (pg queues it on a socket that is going away): wait
    // briefly, then give up — the caller releases the client as broken and the server rolls back on disconnect.
    await Promise.race([
      client.query('ROLLBACK').catch(() => {}),
      new Promise<void>((resolve) => setTimeout(resolve, 2_000).unref()),
    ]);
    throw err;
  }
}

/**
 * Pushes the outbox until it is empty (or maxBatches). Throws when the hub fails; what was acknowledged stays
 * acknowledged and the rest waits for the next push.
 */
export async function pushOutbox(db: Db, hub: HubConnector, opts: PushOptions): Promise<PushResult> {
  const outbox = new LocalOutbox(db);
  const deskUid = outbox.deskUid();
  const size = opts.batchSize ?? 1000;
  const now = opts.now ?? (() => new Date());
  let pushed = 0;
  let batches = 0;
  let client: HubTxClient | null = null;
  // A connection the hub drops while this push holds it emits 'error' on the client (no pool listener while it is
  // checked out): without a listener that would crash the process. The failed query reports it instead.
  const onError = (): void => {};
  const release = (err?: Error | boolean): void => {
    client?.off?.('error', onError);
    client?.release?.(err);
    client = null;
  };
  try {
    while (opts.maxBatches === undefined || batches < opts.maxBatches) {
      if (opts.signal?.aborted) break;
      const batch = outbox.transaction(() => {
        const entries = outbox.claim(size);
        if (entries.length === 0) return null;
        const b = readBatch(db, entries);
        if (b.ledgerLater.length) outbox.requeue('ledger', b.ledgerLater);
        return b;
      });
      if (!batch) break;
      if (!client) {
        client = await hub.connect();
        client.on?.('error', onError);
      }
      await sendBatch(client, deskUid, opts.deskName, batch);
      const rows = batchRows(batch);
      outbox.ack(batch.maxSeq, rows, now().toISOString());
      pushed += rows;
      batches++;
      // Only rows still streaming are left: they go with a later push.
      if (rows === 0) break;
    }
  } catch (err) {
    outbox.noteError(err instanceof Error ? err.message : String(err));
    release(err instanceof Error ? err : true);
    throw err;
  } finally {
    release();
  }
  return { pushed, batches, waiting: outbox.status().waiting };
}
