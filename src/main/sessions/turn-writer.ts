// Writes of a live answer that must never be lost and never break the answer: streamed text, the final status
// and meta, the question's status. Every write is queued in memory in order and applied in one transaction that
// takes the write lock only if it is free (busy_timeout 0 for the attempt): SQLite's own busy wait SLEEPS on the
// event loop, so when another connection holds the lock (the other `serve` process, an import) a timer tries again
// 1, 2, 4, 8 ms later instead (turn-health.ts). Nothing here throws into a stream: trouble (full, read-only, busy
// for longer than `busyMs`) is a typed state (`state`) the caller may show; the writes stay queued until saved.
import type { Db } from '../db';
import type { Turn } from '../../shared/domain';
import { type NewTurn, type SessionStore, type TurnFinal, type TurnPatch } from './store';
import { WRITER_PID } from './recovery';
import { checkId, serialiseMeta } from './rows';
import { applyBatch, BusyWait, describe, OpWaiters, questionsFirst, Waiters, type BatchResult, type Op } from './turn-ops';
import { databaseFile, storageProblem, type StorageProblem } from './storage';
import { WriteHealth, type StorageState, type TurnWriterOptions } from './turn-health';
import { IndexPasses } from './turn-index-passes';

export type { StorageState, TurnWriterOptions } from './turn-health';

export class TurnWriter {
  private readonly ops: Op[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** A flush within `batchMs` (streamed text and usage rows of every live answer, one commit). */
  private soon: NodeJS.Timeout | NodeJS.Immediate | null = null;
  /** The commit of the questions that arrived in this event-loop turn (`saveTurns`). */
  private turnFlush: NodeJS.Immediate | null = null;
  /** A grouped commit of questions (`saveTurns` with `groupMs`): at most one per `groupMs`. */
  private groupFlush: NodeJS.Timeout | null = null;
  /** When the last transaction was tried (performance.now()). */
  private lastAttemptAt = -Infinity;
  private readonly health: WriteHealth;
  /** Told when the queue was saved (`drain`). */
  private readonly waiters = new Waiters();
  private readonly path: string | undefined;
  private readonly busy: BusyWait;
  /** Each told once its op was saved, or at trouble (not a short wait for the lock): `settled()`. */
  private readonly settleWaiters = new OpWaiters();
  /** Told after every attempt (saveTurns waits with these). */
  private readonly attemptWaiters = new Waiters();
  /** The indexing of pending turn text (`SessionStore.indexPending`). */
  private readonly index: IndexPasses;
  /** A write in the last batch left a turn to index. */
  private indexing = false;
  private closed = false;
  /** The batch's transaction, made once (better-sqlite3 builds a wrapper per `db.transaction` call). */
  private readonly applyTx: (n: number) => BatchResult;

  constructor(
    private readonly db: Db,
    private readonly store: SessionStore,
    private readonly o: TurnWriterOptions = {},
  ) {
    this.health = new WriteHealth(o);
    this.path = databaseFile(db);
    this.busy = new BusyWait(db);
    this.index = new IndexPasses(this.busy, store, this.path, o.indexMs);
    // IMMEDIATE: a read-then-write never fails with SQLITE_BUSY_SNAPSHOT
    this.applyTx = db.transaction((n: number) =>
      applyBatch(this.store, this.ops, n, o.batchBudgetMs ?? 4, (err) => storageProblem(err, this.path) !== undefined, (op, err) => this.o.log?.(`deskmate: dropped a write (${describe(op)}): ${(err as Error).message}`)),
    ).immediate;
  }

  /** Storage trouble now (with what is waiting), or ok. A wait for the lock shorter than `busyMs` is not trouble. */
  get state(): StorageState {
    const s = this.health.current;
    return s.ok ? s : { ...s, pending: this.ops.length };
  }

  /** Writes waiting for the database. */
  get pending(): number {
    return this.ops.length;
  }

  /** Appends streamed text to a turn (queued; merged with the append before it). Never throws. */
  appendText(turnId: number, delta: string): void {
    if (!delta) return;
    const last = this.ops[this.ops.length - 1];
    if (last?.kind === 'append' && last.turnId === turnId) last.text += delta;
    else this.ops.push({ kind: 'append', turnId, text: delta });
    this.later();
  }

  /** Updates a turn (final text, status, meta) after what was queued before: applied now if the lock is free, or
   * with the next batch (`batch`; `settled()` tells when). Never throws. */
  updateTurn(turnId: number, patch: TurnPatch, opts: { batch?: boolean } = {}): void {
    // A streaming turn names its writer, so a later start can tell an orphan (kill -9) from a live answer.
    if (patch.status === 'streaming') patch = { ...patch, meta: { ...patch.meta, [WRITER_PID]: process.pid } };
    this.ops.push({ kind: 'update', turnId, patch });
    if (opts.batch) this.later();
    else this.flush();
  }

  /**
   * An answer's final state written whole (text, status, every meta key: no read of the row), with the next batch:
   * the final writes of every answer that ended within `batchMs` share one commit (and one segment of the turn
   * text index). `settled()` resolves once that batch was saved (or met trouble). Never throws.
   */
  finishTurn(turnId: number, final: TurnFinal): void {
    let metaJson: string | undefined; // serialised now, not while the batch holds the write lock
    try {
      metaJson = serialiseMeta(final.meta);
    } catch {} // bad meta: the batch drops this write and says why
    this.ops.push({ kind: 'finish', turnId, final, metaJson });
    this.later();
  }

  /** Marks a queued question answered: now if the lock is free, or with the next batch (`batch`). Never throws. */
  markAnswered(turnId: number, opts: { batch?: boolean } = {}): void {
    this.ops.push({ kind: 'answered', turnId });
    if (opts.batch) this.later();
    else this.flush();
  }

  /**
   * Resolves once what is queued now was tried and saved (`state.ok`) — waiting for another connection's lock up to
   * `busyMs` without blocking the event loop — or kept in memory because the database is busy for longer, full or
   * read-only (`state` says which; the retries go on). At once when nothing is queued.
   */
  settled(): Promise<void> {
    const last = this.ops[this.ops.length - 1];
    if (!last) return Promise.resolve();
    this.later();
    return this.settleWaiters.next(last);
  }

  /**
   * Creates the session if missing (as SessionStore.ensureSession), queued like the rest: a full or read-only
   * database does not lose the question that follows. Bad ids still throw. Applied with the next insert (the
   * question that follows: one transaction) or at the end of this event-loop turn; `flush()` applies it now.
   */
  ensureSession(sessionId: string, opts: { customerId?: string | null; agentId?: string | null } = {}): void {
    checkId(sessionId, 'session id');
    const customerId = opts.customerId == null ? null : checkId(opts.customerId, 'customerId');
    const agentId = opts.agentId == null ? null : checkId(opts.agentId, 'agentId');
    this.ops.push({ kind: 'ensure', sessionId, customerId, agentId });
    this.later();
  }

  /** Any other write that belongs with the answer (its usage rows), applied in order and retried like the rest:
   * with the next update, insert or mark (the answer's final state, one transaction), else at the end of this
   * event-loop turn; `flush()` applies it now. */
  defer(label: string, run: () => void): void {
    this.ops.push({ kind: 'run', label, run });
    this.later();
  }

  /** Streamed text waits up to `batchMs`, so the writes of every answer that streamed meanwhile share one
   * transaction (one commit instead of one per write and event-loop turn); the next update, insert or mark applies
   * them first (the queue keeps its order). */
  private later(): void {
    if (this.soon) return;
    const run = (): void => {
      this.soon = null;
      this.flush();
    };
    const ms = this.o.batchMs ?? 50;
    this.soon = ms > 0 ? setTimeout(run, ms) : setImmediate(run);
  }

  private cancelSoon(): void {
    if (!this.soon) return;
    if ((this.o.batchMs ?? 50) > 0) clearTimeout(this.soon as NodeJS.Timeout);
    else clearImmediate(this.soon as NodeJS.Immediate);
    this.soon = null;
  }

  /**
   * Adds a turn now, waiting for a busy lock synchronously (up to the connection's busy_timeout): for callers that
   * need the id at once outside `deskmate serve`'s hot path (a re-ask's new answer turn, an offline answer). Saved
   * now when the database allows; otherwise kept in memory and a StorageError says why. Bad input throws.
   */
  addTurn(sessionId: string, turn: NewTurn): Turn {
    return this.addTurns(sessionId, [turn])[0]!;
  }

  /** addTurn for several turns of one session in one transaction (see saveTurns for `keep`). Blocks while the lock
   * is held elsewhere (SQLite's busy wait sleeps): prefer `saveTurns`. */
  addTurns(sessionId: string, turns: readonly NewTurn[], opts: { keep?: number } = {}): Turn[] {
    const { op, result } = this.queueInsert(sessionId, turns);
    this.flushAll(null, op); // the caller needs the id now: wait as long as the connection's busy_timeout allows
    return result() ?? this.kept(op, turns, opts.keep);
  }

  /**
   * Adds turns of one session in one transaction (a question and the answer that will stream into it) and resolves
   * once they are committed. While another connection holds the write lock the event loop is never blocked: the
   * attempt is retried by a timer for up to `questionWaitMs`. When they cannot be saved (busy for longer, full,
   * read-only), only the first `keep` stay queued (the question; not an answer that will never stream) and a
   * StorageError says so. Bad input throws as the store does.
   */
  async saveTurns(sessionId: string, turns: readonly NewTurn[], opts: { keep?: number; groupMs?: number } = {}): Promise<Turn[]> {
    const { op, result } = this.queueInsert(sessionId, turns);
    await this.saved(op, undefined, opts.groupMs ?? 0);
    return result() ?? this.kept(op, turns, opts.keep);
  }

  /** A new turn of this session is queued and not committed yet (its seq is not known). */
  hasPendingInsert(sessionId: string): boolean {
    return this.ops.some((op) => op.kind === 'insert' && op.sessionId === sessionId);
  }

  /** Waits (without blocking the event loop) until what is queued now is saved: true, or false after `waitMs` or
   * on trouble other than a held lock. */
  async saveQueued(waitMs?: number): Promise<boolean> {
    const last = this.ops[this.ops.length - 1];
    return !last || this.saved(last, waitMs);
  }

  /** Tries now, then after each retry until `op` left the queue (true), the wait ran out or the trouble is not a
   * held lock (false). */
  private async saved(op: Op, waitMs = this.o.questionWaitMs ?? 5_000, groupMs = 0): Promise<boolean> {
    const until = Date.now() + waitMs;
    if (groupMs > 0) this.flushGrouped(groupMs);
    else this.flushThisTurn();
    for (;;) {
      await this.attemptWaiters.next();
      if (this.closed) return false;
      if (!this.ops.includes(op)) return true;
      const p = this.health.lastProblem;
      if ((p && p.kind !== 'busy') || Date.now() >= until) return false;
      // a held lock: the retry timer keeps the process alive (a one-shot `deskmate ask`); saved up to a split batch
      // (or the attempt failed otherwise): the rest in the next turn
      if (p && this.timer) this.timer.ref();
      else this.flushThisTurn();
    }
  }

  /** One commit at the end of this event-loop turn for every question that arrived in it: fewer transactions, so
   * less time holding the write lock that the other serving process may be waiting for. */
  private flushThisTurn(): void {
    if (this.turnFlush) return;
    this.turnFlush = setImmediate(() => {
      this.turnFlush = null;
      this.flush();
    });
  }

  /**
   * A commit within `ms` of the last transaction, else at the end of this event-loop turn: a busy process commits the
   * questions of the last `ms` together (the engine sends the request meanwhile, see EngineDeps.questionCommitMs)
   * instead of one commit per question — each commit writes the B-tree pages it touched to the WAL again.
   */
  private flushGrouped(ms: number): void {
    if (this.turnFlush || this.groupFlush) return;
    const wait = this.lastAttemptAt + ms - performance.now();
    if (wait < 1) return this.flushThisTurn();
    this.groupFlush = setTimeout(() => {
      this.groupFlush = null;
      this.flush();
    }, wait);
  }

  private queueInsert(sessionId: string, turns: readonly NewTurn[]): { op: Op & { kind: 'insert' }; result: () => Turn[] | undefined } {
    const checked = this.store.checkTurns(
      turns.map((t) => (t.status === 'streaming' ? { ...t, meta: { ...t.meta, [WRITER_PID]: process.pid } } : t)),
    );
    let saved: Turn[] | undefined;
    let failure: { err: unknown } | undefined;
    const op: Op & { kind: 'insert' } = { kind: 'insert', sessionId, turns: checked, done: (t) => (saved = t), failed: (err) => (failure = { err }) };
    this.ops.push(op);
    return {
      op,
      result: () => {
        if (failure) throw failure.err;
        return saved;
      },
    };
  }

  /** The insert could not be saved now: keep its first `keep` turns queued and say why. */
  private kept(op: Op & { kind: 'insert' }, turns: readonly NewTurn[], keep: number | undefined): never {
    if (keep !== undefined && keep < op.turns.length) {
      op.turns.length = keep;
      const at = this.ops.indexOf(op);
      if (keep === 0 && at >= 0) this.ops.splice(at, 1);
    }
    throw this.health.notSavedError(turns[0]?.speaker === 'customer' ? 'question' : 'turn');
  }

  /** Resolves when nothing is queued (or after `timeoutMs`; then false). */
  async drain(timeoutMs = 5_000): Promise<boolean> {
    if (this.ops.length === 0) return true;
    this.flush();
    if (this.ops.length === 0) return true;
    let t: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      this.waiters.next().then(() => true),
      new Promise<boolean>((r) => (t = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(t);
    return done;
  }

  /** Stops retrying (after one last attempt that may wait up to 5 s for the lock); returns a description of each
   * write that was not saved (for the log / stderr). */
  close(): string[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cancelSoon();
    if (this.turnFlush) clearImmediate(this.turnFlush);
    this.turnFlush = null;
    if (this.groupFlush) clearTimeout(this.groupFlush);
    this.groupFlush = null;
    this.flushAll(5_000);
    this.closed = true;
    this.index.close();
    const lost = this.ops.map((op) => describe(op));
    this.ops.length = 0;
    this.settleWaiters.wakeAll();
    this.attemptWaiters.wake();
    return lost;
  }

  /** Flushes (transactions of `batchBudgetMs` each) until nothing — or `op` no longer — is queued, or one fails. */
  private flushAll(waitMs: number | null, op?: Op): void {
    for (let before = Infinity; this.ops.length > 0 && this.ops.length < before; ) {
      before = this.ops.length;
      this.flush(waitMs);
      if (this.health.lastProblem !== null || (op !== undefined && !this.ops.includes(op))) return;
    }
  }

  /**
   * Applies the queued writes (one transaction) unless the database lacks storage or another connection holds the
   * write lock. Never throws. `waitMs`: how long it may wait for the lock, synchronously — SQLite's busy wait
   * sleeps on the event loop (null: the connection's busy_timeout). Default 0: a held lock means a timer retry.
   */
  flush(waitMs: number | null = 0): void {
    if (this.ops.length === 0) {
      this.settleWaiters.wakeAll();
      return this.attemptWaiters.wake();
    }
    let waiting = false;
    let saved = false;
    try {
      this.busy.with(waitMs, () => this.applyQueued());
      saved = true;
      this.recovered();
      if (this.indexing) {
        this.indexing = false;
        this.index.schedule();
      }
    } catch (err) {
      // the pragma itself failed (closed connection): keep everything queued
      const p = storageProblem(err, this.path);
      if (p) waiting = this.failed(p);
    } finally {
      if (saved || waiting) this.settleWaiters.wakeSaved(this.ops);
      else this.settleWaiters.wakeAll();
      this.attemptWaiters.wake();
    }
  }

  /**
   * Applies every queued write in one IMMEDIATE transaction (one commit for all of them). A storage problem rolls the
   * whole batch back and throws; the batch stays queued, in order, for the retry. A write that can never succeed
   * (the session was deleted meanwhile, bad input) is dropped and the rest goes on.
   */
  private applyQueued(): void {
    this.lastAttemptAt = performance.now();
    questionsFirst(this.ops);
    const r = this.applyTx(this.ops.length);
    this.ops.splice(0, r.applied);
    if (this.ops.length > 0) this.flushThisTurn(); // split past the budget: the rest in the next turn
    if (r.indexing) this.indexing = true;
    for (const f of r.after) f();
  }

  /** An attempt met `p`: retried by a timer; true while it is only a short wait for the lock (not over for
   * `settled()`, not reported). */
  private failed(p: StorageProblem): boolean {
    const f = this.health.failed(p);
    if (f.changed) {
      this.o.onState?.(this.state);
      if (p.kind !== 'busy') this.o.log?.(`deskmate: ${p.message}`);
    }
    this.retry(f.retryMs);
    return f.waiting;
  }

  private retry(ms: number): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flush();
    }, ms);
    if (this.settleWaiters.size === 0 && this.attemptWaiters.size === 0) this.timer.unref();
  }

  private recovered(): void {
    if (this.health.saved()) this.o.onState?.(this.health.current);
    if (this.ops.length === 0) this.waiters.wake();
  }
}
