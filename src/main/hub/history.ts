// Customer history across desks: at ask time, the engine asks the hub for this customer's (or this session's)
// turns written at OTHER desks, with a short deadline. Never on the failure path of an answer: a slow or
// unreachable hub means local history only (and a notice), and after a failure the hub is not asked again for a
// few seconds so later answers pay nothing.
import { msFromEnv } from './config';
import type { Turn } from '../../shared/domain';
import { Speaker, TurnStatus } from '../../shared/domain';
import type { TeamHistoryMeta } from '../../shared/team';

export interface HistoryQuery {
  customerId: string | null;
  sessionId: string;
  /** Only turns created before this instant (ISO). */
  before: string;
  /** At most this many turns, newest first at the hub (default 60). */
  limit?: number;
}

export type HistoryResult = { ok: true; turns: Turn[]; desks: string[] } | { ok: false; reason: string };

/** What the engine calls; implemented over the hub below. */
export interface CustomerHistorySource {
  fetch(q: HistoryQuery, deadlineMs?: number): Promise<HistoryResult>;
  /**
   * Sends the query now and returns a handle to wait for it later: the engine starts it before retrieval so the
   * hub works while the desk searches its catalog. `wait` allows `deadlineMs` from the moment it is called.
   */
  begin?(q: HistoryQuery): { wait(deadlineMs?: number): Promise<HistoryResult> };
}

/** pg.Pool / pg.Client: the history query is a named (prepared once per connection) statement. */
export interface HistoryQueryable {
  query(q: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

export const HISTORY_DEADLINE_MS = 150;

/** DESKMATE_HUB_HISTORY_MS: the deadline for a hub far away (1–10,000 ms; default 150). A bad value: the default and a warning. */
export function historyDeadlineFrom(env: NodeJS.ProcessEnv): { ms: number; warning?: string } {
  return msFromEnv(env, 'DESKMATE_HUB_HISTORY_MS', HISTORY_DEADLINE_MS, 1, 10_000);
}
const BACKOFF_MS = 5_000;

const HISTORY_SQL = `
  SELECT t.desk_uid::text AS desk_uid, COALESCE(d.name, t.desk_uid::text) AS desk, t.turn_id, t.session_id, t.seq, t.speaker,
    t.text, t.status, t.meta -> 'citations' AS citations, t.created_at, t.updated_at
  FROM hub_sessions s
  JOIN hub_turns t ON t.desk_uid = s.desk_uid AND t.session_id = s.session_id
  LEFT JOIN hub_desks d ON d.desk_uid = t.desk_uid
  WHERE (s.customer_id = $1 OR s.session_id = $2) AND s.desk_uid <> $3::uuid AND t.created_at < $4::timestamptz
    AND t.status IN ('complete', 'interrupted', 'offline', 'queued')
  ORDER BY t.created_at DESC, t.turn_id DESC
  LIMIT $5`;

interface HistoryRow {
  desk_uid: string;
  desk: string;
  turn_id: string;
  session_id: string;
  seq: number;
  speaker: string;
  text: string;
  status: string;
  citations: unknown;
  created_at: Date;
  updated_at: Date;
}

/** A negative id no local turn has, stable for one remote turn (token counts are cached by turn id). */
function foreignId(deskUid: string, turnId: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${deskUid}:${turnId}`) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return -(h * 2048 + (Number(turnId) % 2048)) - 1;
}

function toTurn(r: HistoryRow): Turn | null {
  const speaker = Speaker.safeParse(r.speaker);
  const status = TurnStatus.safeParse(r.status === 'queued' ? 'complete' : r.status);
  if (!speaker.success || !status.success) return null;
  return {
    id: foreignId(r.desk_uid, String(r.turn_id)),
    sessionId: r.session_id,
    seq: r.seq,
    speaker: speaker.data,
    text: r.text,
    status: status.data,
    createdAt: new Date(r.created_at).toISOString(),
    updatedAt: new Date(r.updated_at).toISOString(),
    meta: { fromDesk: r.desk, fromDeskId: r.desk_uid, ...(Array.isArray(r.citations) ? { citations: r.citations } : {}) },
  };
}

export function hubHistorySource(
  hub: HistoryQueryable,
  deskUid: () => string,
  now: () => number = Date.now,
  deadline = HISTORY_DEADLINE_MS,
): CustomerHistorySource {
  let downUntil = 0;
  let lastReason = 'team hub unreachable';
  const begin = (q: HistoryQuery): { wait(deadlineMs?: number): Promise<HistoryResult> } => {
    if (now() < downUntil) {
      const reason = lastReason;
      return { wait: () => Promise.resolve({ ok: false, reason }) };
    }
    // sent at once when the pool has an idle connection (pg writes the query synchronously)
    const query = hub
      .query({ name: 'deskmate_team_history', text: HISTORY_SQL, values: [q.customerId, q.sessionId, deskUid(), q.before, q.limit ?? 60] })
      .then((res): HistoryResult => {
        downUntil = 0; // answered, if late (a first connection after a while idle): the hub is not down
        const turns = (res.rows as HistoryRow[]).map(toTurn).filter((t): t is Turn => t !== null).reverse();
        const desks = [...new Set(turns.map((t) => String(t.meta?.fromDesk)))];
        return { ok: true, turns, desks };
      })
      .catch((err: unknown): HistoryResult => {
        lastReason = `team hub unreachable (${err instanceof Error ? err.message : String(err)})`.slice(0, 200);
        downUntil = now() + BACKOFF_MS;
        return { ok: false, reason: lastReason };
      });
    return {
      async wait(deadlineMs = deadline) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<HistoryResult>((resolve) => {
          timer = setTimeout(() => {
            downUntil = now() + BACKOFF_MS;
            lastReason = `team hub did not answer within ${deadlineMs} ms`;
            resolve({ ok: false, reason: lastReason });
          }, deadlineMs);
        });
        try {
          return await Promise.race([query, late]);
        } finally {
          clearTimeout(timer);
        }
      },
    };
  };
  return { begin, fetch: (q, deadlineMs) => begin(q).wait(deadlineMs) };
}

/** Local turns and other desks' turns in one timeline (oldest first), the budget keeping the newest. */
export function mergeHistory(local: readonly Turn[], foreign: readonly Turn[]): Turn[] {
  if (foreign.length === 0) return [...local];
  // Local turns keep their order; a foreign turn goes before the first local turn created after it.
  const out: Turn[] = [];
  let i = 0;
  for (const l of local) {
    while (i < foreign.length && foreign[i].createdAt <= l.createdAt) out.push(foreign[i++]);
    out.push(l);
  }
  while (i < foreign.length) out.push(foreign[i++]);
  return out;
}

/** Merges the local history with what the hub gave (or says the desk answers with its own history only). */
export type TeamHistoryMerge = (local: Turn[], notice?: (message: string) => void) => Promise<{ history: Turn[]; team?: TeamHistoryMeta }>;

/**
 * What the engine does once the question is stored: the hub query goes out now (before retrieval), the merge
 * happens when the prompt is assembled. Never throws; without a source (no hub) the history stays as it is and no
 * meta is added.
 */
export function startTeamHistory(
  source: CustomerHistorySource | undefined,
  sessions: { getSession(id: string): { customerId: string | null } | undefined },
  sessionId: string,
  question: Pick<Turn, 'createdAt'>,
  /** The request's customer, for a session whose row may not be committed yet. */
  requestCustomerId: string | null = null,
): TeamHistoryMerge {
  if (!source) return (local) => Promise.resolve({ history: local });
  const customerId = sessions.getSession(sessionId)?.customerId ?? requestCustomerId;
  const q: HistoryQuery = { customerId, sessionId, before: question.createdAt };
  const failed = (err: unknown): HistoryResult => ({ ok: false, reason: String(err) });
  let pending: { wait(deadlineMs?: number): Promise<HistoryResult> } | null = null;
  try {
    pending = source.begin?.(q) ?? null;
  } catch (err) {
    pending = { wait: () => Promise.resolve(failed(err)) };
  }
  return async (local, notice) => {
    const r = await (pending ? pending.wait() : source.fetch(q)).catch(failed);
    if (!r.ok) {
      if (customerId) notice?.('Team hub unreachable: earlier conversations at other desks are not included (this desk’s history only).');
      return { history: local, team: { source: 'local', reason: r.reason } };
    }
    return { history: mergeHistory(local, r.turns), team: { source: 'hub', turns: r.turns.length, desks: r.desks } };
  };
}

/** Fetch and merge in one step (startTeamHistory without the overlap). */
export function withTeamHistory(
  source: CustomerHistorySource | undefined,
  sessions: { getSession(id: string): { customerId: string | null } | undefined },
  p: { sessionId: string; question: Turn; history: Turn[] },
  notice?: (message: string) => void,
): Promise<{ history: Turn[]; team?: TeamHistoryMeta }> {
  return startTeamHistory(source, sessions, p.sessionId, p.question)(p.history, notice);
}
