// Reads the current state of the rows an outbox batch names, from the desk's SQLite tables.
import type { Db } from '../db';
import type { OutboxEntry } from './outbox-local';
import type { SessionRow, TurnRow } from '../sessions/rows';
import type { LedgerRow } from '../usage/ledger';

/** The rows as the desk's own stores read them (one definition each: sessions/rows.ts, usage/ledger.ts). */
export type SessionOut = Omit<SessionRow, 'archived_at'>;
export type TurnOut = TurnRow;

export interface LedgerOut extends LedgerRow {
  /** From the answer turn's meta: 1/0, null while the answer is still streaming. */
  escalated: number | null;
  no_information: number | null;
  turn_status: string | null;
}

export interface OutboxBatch {
  maxSeq: number;
  entries: number;
  sessions: SessionOut[];
  deletedSessions: string[];
  turns: TurnOut[];
  deletedTurns: number[];
  ledger: LedgerOut[];
  /** Ledger rows whose answer is still being written: pushed later, with its flags. */
  ledgerLater: string[];
}

const CHUNK = 500;

function byIds<T>(db: Db, sql: (placeholders: string) => string, ids: readonly (string | number)[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    out.push(...db.prepare<unknown[], T>(sql(part.map(() => '?').join(','))).all(...part));
  }
  return out;
}

/** The rows of `entries` as they are now; call inside the transaction that claimed them. */
export function readBatch(db: Db, entries: readonly OutboxEntry[]): OutboxBatch {
  const refs = { session: new Set<string>(), turn: new Set<string>(), ledger: new Set<string>() };
  for (const e of entries) refs[e.kind].add(e.ref);
  const sessionIds = [...refs.session];
  const turnIds = [...refs.turn].map(Number);
  const ledgerIds = [...refs.ledger].map(Number);

  const sessions = byIds<SessionOut>(
    db,
    (p) => `SELECT id, customer_id, title, created_at, updated_at, turn_count FROM sessions WHERE id IN (${p})`,
    sessionIds,
  );
  const turns = byIds<TurnOut>(db, (p) => `SELECT * FROM turns WHERE id IN (${p})`, turnIds);
  const ledgerAll = byIds<LedgerOut>(
    db,
    (p) => `SELECT l.*, t.status AS turn_status,
        CASE WHEN t.meta IS NULL THEN NULL ELSE COALESCE(json_extract(t.meta, '$.escalation.needed'), 0) END AS escalated,
        CASE WHEN t.meta IS NULL THEN NULL ELSE COALESCE(json_extract(t.meta, '$.noInformation'), 0) END AS no_information
      FROM usage_ledger l LEFT JOIN turns t ON t.id = l.turn_id WHERE l.id IN (${p})`,
    ledgerIds,
  );
  const foundSessions = new Set(sessions.map((s) => s.id));
  const foundTurns = new Set(turns.map((t) => t.id));
  const later = ledgerAll.filter((l) => l.turn_status === 'streaming');
  return {
    maxSeq: entries.length ? entries[entries.length - 1].seq : 0,
    entries: entries.length,
    sessions,
    deletedSessions: sessionIds.filter((id) => !foundSessions.has(id)),
    turns,
    deletedTurns: turnIds.filter((id) => !foundTurns.has(id)),
    ledger: ledgerAll.filter((l) => l.turn_status !== 'streaming'),
    ledgerLater: later.map((l) => String(l.id)),
  };
}

/** Rows the batch carries to the hub (a deletion counts as one). */
export function batchRows(b: OutboxBatch): number {
  return b.sessions.length + b.deletedSessions.length + b.turns.length + b.deletedTurns.length + b.ledger.length;
}
