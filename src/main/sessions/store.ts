// Customer sessions and their turns, over the desk's SQLite database (see migrations.ts).
import { randomUUID } from 'node:crypto';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';
import type { SessionSummary, Turn } from '../../shared/domain';
import { SessionInputError, SessionNotFoundError, TurnNotFoundError } from './errors';
import {
  checkId,
  checkText,
  parseMeta,
  serialiseMeta,
  titleFrom,
  toSummary,
  toTurn,
  MetaCache,
  type SessionRow,
  type TurnRow,
} from './rows';
import { sessionFilter } from './search';
import { INDEX_BATCH, TurnIndex } from './turn-index';
import { checkPatch, checkTurn, type CheckedTurn, type NewTurn, type QueuedQuestion, type TurnFinal, type TurnPatch } from './turn-input';

export type { CheckedTurn, NewTurn, QueuedQuestion, TurnFinal, TurnPatch } from './turn-input';

export const LIST_LIMIT_MAX = 1000;

/** A finished answer leaves its session's time alone when that time is at most this old (`finishTurnIn`). */
export const FINISH_TOUCH_MS = 5_000;

export { INDEX_BATCH } from './turn-index';

export class SessionStore {
  private readonly q;
  private setAgent: Statement | undefined;
  private insertWithAgent: Statement | undefined;
  private insertCounted: Statement | undefined;
  private insertCountedWithAgent: Statement | undefined;
  /** The time of every write in a batch (`atOneTime`): read once, not per row. */
  private fixedNow: string | null = null;
  /** The batch indexing of turn text (migration 5). */
  private readonly index: TurnIndex;
  private readonly metas = new MetaCache();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
    private readonly newId: () => string = randomUUID,
  ) {
    this.index = new TurnIndex(db);
    this.q = {
      session: db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?'),
      insertSession: db.prepare(
        'INSERT INTO sessions (id, customer_id, title, title_auto, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      insertSessionIfMissing: db.prepare(
        'INSERT OR IGNORE INTO sessions (id, customer_id, title, title_auto, created_at, updated_at) VALUES (?, ?, \'\', 1, ?, ?)',
      ),
      fillCustomer: db.prepare('UPDATE sessions SET customer_id = ? WHERE id = ? AND customer_id IS NULL'),
      rename: db.prepare('UPDATE sessions SET title = ?, title_auto = 0 WHERE id = ?'),
      deleteSession: db.prepare('DELETE FROM sessions WHERE id = ?'),
      touch: db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ?'),
      touchIfOlder: db.prepare('UPDATE sessions SET updated_at = ? WHERE id = ? AND updated_at < ?'),
      bumpTurns: db.prepare('UPDATE sessions SET turn_count = ?, updated_at = ? WHERE id = ?'),
      // new turns and, from a first customer question, the automatic title: one UPDATE (one outbox trigger run)
      bumpTurnsTitled: db.prepare(
        "UPDATE sessions SET turn_count = ?, updated_at = ?, title = CASE WHEN title_auto = 1 AND title = '' THEN ? ELSE title END WHERE id = ?",
      ),
      turn: db.prepare<[number], TurnRow>('SELECT * FROM turns WHERE id = ?'),
      sessionOf: db.prepare<[number], string>('SELECT session_id FROM turns WHERE id = ?').pluck(),
      insertTurn: db.prepare(
        'INSERT INTO turns (session_id, seq, speaker, text, status, meta, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      updateTurn: db.prepare('UPDATE turns SET text = ?, status = ?, meta = ?, updated_at = ? WHERE id = ?'),
      setStatus: db.prepare('UPDATE turns SET status = ?, updated_at = ? WHERE id = ?'),
      appendText: db.prepare('UPDATE turns SET text = text || ?, updated_at = ? WHERE id = ?'),
      turnsBefore: db.prepare<[string, number, number], TurnRow>(
        'SELECT * FROM turns WHERE session_id = ? AND seq < ? ORDER BY seq DESC LIMIT ?',
      ),
      queued: db.prepare<[], TurnRow>(
        "SELECT * FROM turns WHERE status = 'queued' AND speaker = 'customer' ORDER BY id",
      ),
      markAnswered: db.prepare("UPDATE turns SET status = 'complete', updated_at = ? WHERE id = ? AND status = 'queued'"),
    };
    // Transaction wrappers made once (better-sqlite3 builds a new wrapper per `db.transaction` call). IMMEDIATE:
    // a read-then-write never fails with SQLITE_BUSY_SNAPSHOT. Inside a caller's transaction they are savepoints.
    this.tx = {
      createIfMissing: db.transaction((id: string, customerId: string | null, agentId: string | null) => this.createIfMissingIn(id, customerId, agentId)).immediate,
      // Outside the turn writer a turn is indexed at once (with whatever else is pending).
      addTurns: db.transaction((sessionId: string, turns: readonly CheckedTurn[]) => {
        const out = this.addTurnsIn(sessionId, turns);
        this.indexPendingIn();
        return out;
      }).immediate,
      patchTurn: db.transaction((id: number, patch: TurnPatch) => {
        this.patchTurnIn(id, patch);
        this.indexPendingIn();
      }).immediate,
      indexPending: db.transaction((limit: number) => this.indexPendingIn(limit)).immediate,
    };
  }

  private readonly tx: {
    createIfMissing: (id: string, customerId: string | null, agentId: string | null) => void;
    addTurns: (sessionId: string, turns: readonly CheckedTurn[]) => Turn[];
    patchTurn: (id: number, patch: TurnPatch) => void;
    indexPending: (limit: number) => number;
  };

  private now(): string {
    return this.fixedNow ?? this.clock().toISOString();
  }

  /** Runs `fn` (a batch of writes) with one time for all of its rows. */
  atOneTime<T>(fn: () => T): T {
    if (this.fixedNow !== null) return fn();
    this.fixedNow = this.clock().toISOString();
    try {
      return fn();
    } finally {
      this.fixedNow = null;
    }
  }

  private requireSession(id: string): SessionRow {
    const row = this.q.session.get(id);
    if (!row) throw new SessionNotFoundError(id);
    return row;
  }

  private requireTurn(id: number): TurnRow {
    if (!Number.isSafeInteger(id)) throw new SessionInputError(`turn id must be an integer, got ${String(id)}`);
    const row = this.q.turn.get(id);
    if (!row) throw new TurnNotFoundError(id);
    return row;
  }

  createSession(opts: { customerId?: string | null; title?: string; id?: string } = {}): SessionSummary {
    const id = opts.id === undefined ? this.newId() : checkId(opts.id, 'session id');
    const customerId = opts.customerId == null ? null : checkId(opts.customerId, 'customerId');
    const title = opts.title === undefined ? '' : checkText(opts.title, 'title').trim();
    if (this.q.session.get(id)) throw new SessionInputError(`session already exists: "${id}"`);
    const now = this.now();
    this.q.insertSession.run(id, customerId, title, title === '' ? 1 : 0, now, now);
    return toSummary(this.requireSession(id));
  }

  getSession(id: string): SessionSummary | undefined {
    const row = this.q.session.get(id);
    return row ? toSummary(row) : undefined;
  }

  /** Returns the session, creating it first if missing (clients choose their session ids). Idempotent. */
  ensureSession(id: string, opts: { customerId?: string | null; agentId?: string | null } = {}): SessionSummary {
    this.createIfMissing(id, opts);
    return toSummary(this.requireSession(id));
  }

  /** ensureSession without reading the session back (the turn writer's path: it needs no summary). */
  createIfMissing(id: string, opts: { customerId?: string | null; agentId?: string | null } = {}): void {
    checkId(id, 'session id');
    const customerId = opts.customerId == null ? null : checkId(opts.customerId, 'customerId');
    const agentId = opts.agentId == null ? null : checkId(opts.agentId, 'agentId');
    this.tx.createIfMissing(id, customerId, agentId);
  }

  /** createIfMissing with checked ids, inside the caller's transaction (the turn writer's batch). */
  createIfMissingIn(id: string, customerId: string | null, agentId: string | null): void {
    const now = this.now();
    // A new session is inserted whole (customer and agent with it): no UPDATE after, no outbox trigger run for it.
    // (prepared on first use: a store over an older schema, before migration 4, never has an agent)
    const inserted =
      agentId === null
        ? this.q.insertSessionIfMissing.run(id, customerId, now, now)
        : (this.insertWithAgent ??= this.db.prepare(
            "INSERT OR IGNORE INTO sessions (id, customer_id, agent_id, title, title_auto, created_at, updated_at) VALUES (?, ?, ?, '', 1, ?, ?)",
          )).run(id, customerId, agentId, now, now);
    if (inserted.changes > 0) return;
    this.fillIn(id, customerId, agentId);
  }

  /** An existing session asked into again: the customer when it had none, the agent asking now. */
  private fillIn(id: string, customerId: string | null, agentId: string | null): void {
    if (customerId !== null) this.q.fillCustomer.run(customerId, id);
    // the agent asking now (a session handed over to another agent shows the latest)
    // only when it changes: an unchanged session is not rewritten (nor queued for the hub) on every question;
    if (agentId !== null) (this.setAgent ??= this.db.prepare('UPDATE sessions SET agent_id = ? WHERE id = ? AND agent_id IS NOT ?')).run(agentId, id, agentId);
  }

  /** Newest activity first. `query` matches title, customer id, session id, or a turn holding every term. */
  listSessions(opts: { query?: string; limit?: number; offset?: number; archived?: boolean } = {}): SessionSummary[] {
    const limit = clampInt(opts.limit ?? 50, 1, LIST_LIMIT_MAX, 'limit');
    const offset = clampInt(opts.offset ?? 0, 0, Number.MAX_SAFE_INTEGER, 'offset');
    const filter = opts.query === undefined ? undefined : sessionFilter(checkText(opts.query, 'query'));
    const archived = opts.archived ? 's.archived_at IS NOT NULL' : 's.archived_at IS NULL';
    const sql = `SELECT s.* FROM sessions s WHERE ${archived}${filter ? ` AND (${filter.where})` : ''}
      ORDER BY s.updated_at DESC, s.id LIMIT ? OFFSET ?`;
    const rows = this.db.prepare<unknown[], SessionRow>(sql).all(...(filter?.params ?? []), limit, offset);
    return rows.map(toSummary);
  }

  renameSession(id: string, title: string): SessionSummary {
    this.requireSession(id);
    this.q.rename.run(checkText(title, 'title').trim(), id);
    return toSummary(this.requireSession(id));
  }

  /** Archives (or brings back) a session: archived ones leave the default list, nothing is deleted. */
  setArchived(id: string, archived: boolean): SessionSummary {
    this.requireSession(id);
    this.db.prepare('UPDATE sessions SET archived_at = ? WHERE id = ?').run(archived ? this.now() : null, id);
    return toSummary(this.requireSession(id));
  }

  /** Sets or clears the customer / ticket reference the agent gives a session. */
  setCustomer(id: string, customerId: string | null): SessionSummary {
    this.requireSession(id);
    const value = customerId === null || customerId.trim() === '' ? null : checkId(customerId.trim(), 'customerId');
    this.db.prepare('UPDATE sessions SET customer_id = ? WHERE id = ?').run(value, id);
    return toSummary(this.requireSession(id));
  }

  /** Deletes the session and its turns. Returns false when it did not exist. */
  deleteSession(id: string): boolean {
    return this.q.deleteSession.run(id).changes > 0;
  }

  addTurn(sessionId: string, input: NewTurn): Turn {
    return this.tx.addTurns(sessionId, [checkTurn(input)])[0]!;
  }

  /** Several turns of one session in one transaction (a question and its streaming answer), in order. */
  addTurns(sessionId: string, inputs: readonly NewTurn[]): Turn[] {
    return this.tx.addTurns(sessionId, inputs.map(checkTurn));
  }

  /** Checks new turns (throws SessionInputError naming the field); `addTurnsIn` takes what this returns. */
  checkTurns(inputs: readonly NewTurn[]): CheckedTurn[] {
    return inputs.map(checkTurn);
  }

  /** addTurns inside the caller's transaction: one read of the session, the inserts, one UPDATE of the session
   * (turn count, time, and the automatic title from the first customer question). */
  addTurnsIn(sessionId: string, turns: readonly CheckedTurn[]): Turn[] {
    const session = this.requireSession(sessionId);
    const now = this.now();
    const out = this.insertTurnsIn(sessionId, session.turn_count, turns, now);
    const seq = session.turn_count + turns.length;
    const title = autoTitle(turns);
    if (title !== null) this.q.bumpTurnsTitled.run(seq, now, title, sessionId);
    else this.q.bumpTurns.run(seq, now, sessionId);
    return out;
  }

  /** The turn rows alone, numbered after `lastSeq` (the session's row is the caller's: `addTurnsIn`, or
   * `createSessionFor` that counted them already). Inside the caller's transaction. */
  insertTurnsIn(sessionId: string, lastSeq: number, turns: readonly CheckedTurn[], now = this.now()): Turn[] {
    let seq = lastSeq;
    const out: Turn[] = [];
    for (const t of turns) {
      seq++;
      const info = this.q.insertTurn.run(sessionId, seq, t.speaker, t.text, t.status, t.meta, now, now);
      // The row as stored (no read back: every column is known here).
      out.push(toTurn({ id: Number(info.lastInsertRowid), session_id: sessionId, seq, speaker: t.speaker, text: t.text, status: t.status, meta: t.meta, created_at: now, updated_at: now }));
    }
    return out;
  }

  /**
   * createIfMissingIn for a session whose first turns follow at once (a question into a new session): a new session
   * is inserted already counting `turns` and titled from them — the caller then inserts them with `insertTurnsIn`
   * (no read of the session, no UPDATE of it: one row write instead of three statements). Returns false when the
   * session existed (its customer and agent were filled in as createIfMissingIn does; add the turns with addTurnsIn).
   */
  createSessionFor(id: string, customerId: string | null, agentId: string | null, turns: readonly CheckedTurn[]): boolean {
    const now = this.now();
    const title = autoTitle(turns) ?? '';
    const inserted =
      agentId === null
        ? (this.insertCounted ??= this.db.prepare(
            'INSERT OR IGNORE INTO sessions (id, customer_id, title, title_auto, created_at, updated_at, turn_count) VALUES (?, ?, ?, 1, ?, ?, ?)',
          )).run(id, customerId, title, now, now, turns.length)
        : (this.insertCountedWithAgent ??= this.db.prepare(
            'INSERT OR IGNORE INTO sessions (id, customer_id, agent_id, title, title_auto, created_at, updated_at, turn_count) VALUES (?, ?, ?, ?, 1, ?, ?, ?)',
          )).run(id, customerId, agentId, title, now, now, turns.length);
    if (inserted.changes > 0) return true;
    this.fillIn(id, customerId, agentId);
    return false;
  }

  /** Chronological. With `limit`, the last `limit` turns (before `beforeSeq` when given) — for paging back. */
  getTurns(sessionId: string, opts: { limit?: number; beforeSeq?: number } = {}): Turn[] {
    this.requireSession(sessionId);
    const limit = opts.limit === undefined ? -1 : clampInt(opts.limit, 1, Number.MAX_SAFE_INTEGER, 'limit');
    const before = opts.beforeSeq === undefined ? Number.MAX_SAFE_INTEGER : clampInt(opts.beforeSeq, 1, Number.MAX_SAFE_INTEGER, 'beforeSeq');
    return this.q.turnsBefore.all(sessionId, before, limit).reverse().map((r) => this.metas.turn(r));
  }

  /** All turns of a session, in order; none for a session not stored (yet) or still empty (its row says so: the
   * turns are not searched for then). */
  turnsIfAny(sessionId: string): Turn[] {
    if (!this.q.session.get(sessionId)?.turn_count) return [];
    return this.q.turnsBefore.all(sessionId, Number.MAX_SAFE_INTEGER, -1).reverse().map((r) => this.metas.turn(r));
  }

  getTurn(id: number): Turn | undefined {
    const row = this.q.turn.get(id);
    return row ? toTurn(row) : undefined;
  }

  updateTurn(id: number, patch: TurnPatch): Turn {
    this.patchTurn(id, patch);
    return toTurn(this.requireTurn(id));
  }

  /** updateTurn without reading the turn back (the turn writer's path: it discards the result). */
  patchTurn(id: number, patch: TurnPatch): void {
    this.tx.patchTurn(id, patch);
  }

  /** patchTurn inside the caller's transaction. */
  patchTurnIn(id: number, patch: TurnPatch): void {
    checkPatch(patch);
    const now = this.now();
    if (patch.text === undefined && patch.meta === undefined && patch.status !== undefined) {
      // a status change only (a question queued): no read of the row
      if (this.q.setStatus.run(patch.status, now, id).changes === 0) throw new TurnNotFoundError(id);
      this.q.touch.run(now, this.sessionOf(id));
      return;
    }
    const row = this.requireTurn(id);
    const meta = patch.meta === undefined ? row.meta : JSON.stringify({ ...parseMeta(row.meta), ...patch.meta });
    this.q.updateTurn.run(patch.text ?? row.text, patch.status ?? row.status, meta, now, id);
    this.q.touch.run(now, row.session_id);
  }

  /** An answer's final text, status and whole meta, inside the caller's transaction: one UPDATE of the turn, no read
   * (the caller knows the meta; nothing else writes a streaming turn's meta). The session's time moves only when
   * it is more than `FINISH_TOUCH_MS` older (an answer that ends seconds after its question, which set the time,
   * rewrites neither the session row nor its place in `sessions_by_time`: ~1.5 WAL pages per answer).
   * `metaJson`: `f.meta` serialised already (serialiseMeta), outside the transaction. */
  finishTurnIn(id: number, f: TurnFinal, metaJson = serialiseMeta(f.meta)): void {
    const now = this.now();
    if (this.q.updateTurn.run(f.text, f.status, metaJson, now, id).changes === 0) throw new TurnNotFoundError(id);
    this.q.touchIfOlder.run(now, f.sessionId, new Date(Date.parse(now) - FINISH_TOUCH_MS).toISOString());
  }

  /** Appends streamed text: one UPDATE, no read. */
  appendText(id: number, delta: string): void {
    checkText(delta, 'delta');
    if (this.q.appendText.run(delta, this.now(), id).changes === 0) throw new TurnNotFoundError(id);
  }

  /** Customer questions kept while offline, oldest first, to re-ask online. */
  listQueued(): QueuedQuestion[] {
    return this.q.queued.all().map((r) => ({ turn: toTurn(r), sessionId: r.session_id }));
  }

  /** Marks a queued question answered (status complete). Other statuses are left as they are. */
  markAnswered(turnId: number): Turn {
    this.markAnsweredQuiet(turnId);
    return toTurn(this.requireTurn(turnId));
  }

  /** markAnswered without reading the turn back. */
  markAnsweredQuiet(turnId: number): void {
    this.requireTurn(turnId);
    this.q.markAnswered.run(this.now(), turnId);
  }

  /**
   * Brings the turn text index up to date for up to `limit` pending turns (oldest first), in one transaction:
   * stale entries out, the text of turns that are not streaming in. Returns how many it took (`limit`: maybe more).
   * The turn writer calls it every ~half second: one index segment for every turn stored meanwhile.
   */
  indexPending(limit = INDEX_BATCH): number {
    return this.tx.indexPending(limit);
  }

  /** indexPending inside the caller's transaction. */
  indexPendingIn(limit = INDEX_BATCH): number {
    return this.index.pendingIn(limit);
  }

  private sessionOf(turnId: number): string {
    return (this.q.sessionOf.get(turnId) as string | undefined) ?? '';
  }
}

/** The automatic title: from the first customer turn with text, if any. */
function autoTitle(turns: readonly CheckedTurn[]): string | null {
  for (const t of turns) if (t.speaker === 'customer' && t.text.trim() !== '') return titleFrom(t.text);
  return null;
}

function clampInt(v: unknown, min: number, max: number, field: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new SessionInputError(`${field} must be an integer from ${min} to ${max}, got ${String(v)}`);
  }
  return v;
}
