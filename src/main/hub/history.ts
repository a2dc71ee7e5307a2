// Customer history across desks: at ask time, the engine asks the hub for this customer's (or this session's)
// turns written at OTHER desks, with a short deadline. Never on the failure path of an answer: a slow or
// unreachable hub means local history only (and a notice), and after a failure the hub is not asked again for a
// few seconds so later answers pay nothing.
import type { Turn } from '../../shared/domain';
import { Speaker, TurnStatus } from '../../shared/domain';
import type { TeamHistoryMeta } from '../../shared/team';
import type { HubQueryable } from './outbox-push';

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
}

export const HISTORY_DEADLINE_MS = 150;
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

export function hubHistorySource(hub: HubQueryable, deskUid: () => string, now: () => number = Date.now): CustomerHistorySource {
  let downUntil = 0;
  let lastReason = 'team hub unreachable';
  return {
    async fetch(q, deadlineMs = HISTORY_DEADLINE_MS) {
      if (now() < downUntil) return { ok: false, reason: lastReason };
      const query = hub
        .query(HISTORY_SQL, [q.customerId, q.sessionId, deskUid(), q.before, q.limit ?? 60])
        .then((res): HistoryResult => {
          const turns = (res.rows as HistoryRow[]).map(toTurn).filter((t): t is Turn => t !== null).reverse();
          const desks = [...new Set(turns.map((t) => String(t.meta?.fromDesk)))];
          return { ok: true, turns, desks };
        })
        .catch((err: unknown): HistoryResult => {
          lastReason = `team hub unreachable (${err instanceof Error ? err.message : String(err)})`.slice(0, 200);
          downUntil = now() + BACKOFF_MS;
          return { ok: false, reason: lastReason };
        });
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

/**
 * What the engine does before assembling: fetch, merge, and say what happened. Never throws; without a source
 * (no hub) the history stays as it is and no meta is added.
 */
export async function withTeamHistory(
  source: CustomerHistorySource | undefined,
  sessions: { getSession(id: string): { customerId: string | null } | undefined },
  p: { sessionId: string; question: Turn; history: Turn[] },
  notice?: (message: string) => void,
): Promise<{ history: Turn[]; team?: TeamHistoryMeta }> {
  if (!source) return { history: p.history };
  const customerId = sessions.getSession(p.sessionId)?.customerId ?? null;
  const q: HistoryQuery = { customerId, sessionId: p.sessionId, before: p.question.createdAt };
  const r = await source.fetch(q).catch((err: unknown): HistoryResult => ({ ok: false, reason: String(err) }));
  if (!r.ok) {
    if (customerId) notice?.('Team hub unreachable: earlier conversations at other desks are not included (this desk’s history only).');
    return { history: p.history, team: { source: 'local', reason: r.reason } };
  }
  return { history: mergeHistory(p.history, r.turns), team: { source: 'hub', turns: r.turns.length, desks: r.desks } };
}
