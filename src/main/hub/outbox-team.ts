// One desk's team side, once a hub is attached: the outbox push (a step of `deskmate sync` and of the background
// sync loop), its state for stats and the desk ("team sync paused — N waiting"), customer history for the engine,
// and the team report.
import type { Db } from '../db';
import type { PriceEntry } from '../../shared/usage';
import type { OutboxState, TeamReport } from '../../shared/team';
import type { TimeRange } from '../usage/ledger';
import { LocalOutbox } from './outbox-local';
import type pg from 'pg';
import { pushOutbox, type PushResult } from './outbox-push';
import { toHubError } from './errors';
import { checkHubSchema } from './migrations';
import { hubMigrationModules } from './modules';
import { hubHistorySource, type CustomerHistorySource } from './history';
import { teamReport } from './team-report';

export type TeamHubPool = pg.Pool;

export interface TeamHub {
  readonly deskName: string;
  readonly history: CustomerHistorySource;
  /** Pushes everything waiting; one push at a time (a second caller waits for the running one, then pushes). */
  push(opts?: { batchSize?: number; signal?: AbortSignal }): Promise<PushResult>;
  outbox(): OutboxState;
  report(prices: readonly PriceEntry[], range?: TimeRange): Promise<TeamReport>;
  /**
   * Keeps one hub connection open (a cheap query at most every `everyMs`): the customer-history query at ask time
   * then never pays a connection set-up (several round trips + SCRAM) inside its 150 ms deadline.
   */
  warm(everyMs?: number): Promise<void>;
}

export function outboxState(db: Db, paused: boolean): OutboxState {
  const s = new LocalOutbox(db).status();
  return { enabled: s.enabled, waiting: s.waiting, pushed: s.pushed, lastPushAt: s.lastPushAt, lastError: s.lastError, paused };
}

/** The desk's outbox state without a hub attached (e.g. for `deskmate stats` before a connection is made). */
export function localOutboxState(db: Db): OutboxState {
  const s = new LocalOutbox(db).status();
  return outboxState(db, s.lastError !== null);
}

/**
 * Attaches a hub: recording starts (every existing row is enqueued the first time). `url` only names the hub in
 * errors (redacted); the pool belongs to the caller.
 */
export function createTeamHub(db: Db, pool: TeamHubPool, deskName: string, url?: string, opts: { historyDeadlineMs?: number } = {}): TeamHub {
  const outbox = new LocalOutbox(db);
  outbox.enable();
  const deskUid = outbox.deskUid();
  let running: Promise<PushResult> | null = null;
  // what this process saw on its last push; null until it pushes (then the stored last error says it: a `serve`
  // follower never pushes, the leader does)
  let paused: boolean | null = null;
  let schemaChecked = false;
  let warmedAt = 0;
  const pushNow = async (opts: { batchSize?: number; signal?: AbortSignal }): Promise<PushResult> => {
    try {
      if (!schemaChecked) {
        const c = await pool.connect();
        const onError = (): void => {}; // a connection dropped while held: the query reports it
        c.on('error', onError);
        try {
          await checkHubSchema(c, hubMigrationModules, ['team']);
          const id = await c.query<{ id: string | null }>('SELECT hub_id::text AS id FROM hub_info');
          if (id.rows[0]?.id) outbox.bindHub(id.rows[0].id);
          c.off('error', onError);
          c.release();
        } catch (err) {
          c.off('error', onError);
          c.release(err instanceof Error ? err : true); // never back into the pool
          throw err;
        }
        schemaChecked = true;
      }
      const r = await pushOutbox(db, pool, { deskName, ...opts });
      paused = false;
      return r;
    } catch (err) {
      paused = true;
      const e = toHubError(err, url, 'pushing the outbox');
      outbox.noteError(e.message);
      throw e;
    }
  };
  return {
    deskName,
    history: hubHistorySource(pool, () => deskUid, Date.now, opts.historyDeadlineMs),
    async push(opts = {}) {
      while (running) await running.catch(() => {});
      running = pushNow(opts);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
    async warm(everyMs = 20_000) {
      if (Date.now() - warmedAt < everyMs) return;
      warmedAt = Date.now();
      await pool.query('SELECT 1').catch(() => {}); // a hub that is down: the next push or ask reports it
    },
    outbox: () => {
      const o = outboxState(db, false);
      return { ...o, paused: paused ?? o.lastError !== null };
    },
    report: (prices, range) => teamReport(pool, prices, range).catch((err: unknown) => Promise.reject(toHubError(err, url, 'reading the team report'))),
  };
}
