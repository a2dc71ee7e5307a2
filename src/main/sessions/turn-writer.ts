// Writes of a live answer that must never be lost and never break the answer: streamed text, the final status
// and meta, the question's status. Every write is queued in memory in order and applied with a short busy wait;
// when the database is busy (an import in another process), full, read-only or failing, the writes stay queued,
// the stream goes on, and a timer retries until they are saved. Nothing here throws into a stream: trouble is a
// typed state (`state`) the caller may show.
import type { Db } from '../db';
import type { Turn } from '../../shared/domain';
import { INDEX_BATCH, type NewTurn, type SessionStore, type TurnFinal, type TurnPatch } from './store';
import { WRITER_PID } from './recovery';
import { checkId } from './rows';
import { BusyWait, describe, type Op } from './turn-ops';
import { databaseFile, storageProblem, StorageError, type StorageKind, type StorageProblem } from './storage';

export type StorageState =
  | { ok: true }
  | { ok: false; kind: StorageKind; code: StorageProblem['code']; message: string; since: string; pending: number };

export interface TurnWriterOptions {
  /** Busy wait of one write attempt, ms (the connection's own busy_timeout is restored after it). Default 20. */
  busyMs?: number;
  /** Streamed text waits at most this long for the writes of other answers (one commit for all); 0: the end of
   * this event-loop turn. Default 50 (the stream sink itself writes a growing answer every 250 ms). */
  batchMs?: number;
  /** Turns stored or finished are added to the turn text index at most this long after (one index segment for all
   * of them; search finds them meanwhile by their text). Default 500. */
  indexMs?: number;
  /** First retry delay, ms (doubles up to maxRetryMs). Default 25. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told when the state changes (ok → trouble, trouble → ok). */
  onState?: (s: StorageState) => void;
  log?: (msg: string) => void;
  clock?: () => Date;
}

export class TurnWriter {
  private readonly ops: Op[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** A flush within `batchMs` (streamed text and usage rows of every live answer, one commit). */
  private soon: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private delay: number;
  private current: StorageState = { ok: true };
  private waiters: (() => void)[] = [];
  private readonly path: string | undefined;
  private readonly busy: BusyWait;
  /** Told after the next attempt to apply the queue (saved or not): `settled()`. */
  private settleWaiters: (() => void)[] = [];
  /** The next indexing of pending turn text (`SessionStore.indexPending`). */
  private indexTimer: NodeJS.Timeout | null = null;
  /** A write in the last batch left a turn to index. */
  private indexing = false;
  private closed = false;
  /** The batch's transaction, made once (better-sqlite3 builds a wrapper per `db.transaction` call). */
  private readonly applyTx: () => void;

  constructor(
    private readonly db: Db,
    private readonly store: SessionStore,
    private readonly o: TurnWriterOptions = {},
  ) {
    this.delay = o.retryMs ?? 25;
    this.path = databaseFile(db);
    this.busy = new BusyWait(db);
    // IMMEDIATE: a read-then-write never fails with SQLITE_BUSY_SNAPSHOT
    this.applyTx = db.transaction(() => this.applyBatch()).immediate;
  }

  /** Indexes pending turn text within `indexMs` (once for everything stored meanwhile, with whatever an earlier
   * run or another process left pending). */
  private scheduleIndex(): void {
    if (this.indexTimer || this.closed) return;
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null;
      this.indexNow();
    }, this.o.indexMs ?? 500);
    this.indexTimer.unref();
  }

  /** One indexing pass in its own transaction; busy or failing: tried again later (the turns stay findable). */
  private indexNow(): void {
    let more: boolean;
    try {
      more = this.withBusy(this.o.busyMs ?? 20, () => this.store.indexPending() >= INDEX_BATCH);
    } catch (err) {
      more = storageProblem(err, this.path) !== undefined; // else: the connection is closed
    }
    if (more) this.scheduleIndex();
  }

  /** Runs `fn` with the connection's busy wait set to `busyMs` (null: as it is), restored after. */
  private withBusy<T>(busyMs: number | null, fn: () => T): T {
    return this.busy.with(busyMs, fn);
  }

  /** Storage trouble now (with what is waiting), or ok. */
  get state(): StorageState {
    return this.current.ok ? this.current : { ...this.current, pending: this.ops.length };
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

  /** Updates a turn (final text, status, meta) after what was queued before: applied now, or with the next batch
   * (`batch`; `settled()` tells when). Never throws. */
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
   * text index). `settled()` resolves once that batch was tried. Never throws.
   */
  finishTurn(turnId: number, final: TurnFinal): void {
    this.ops.push({ kind: 'finish', turnId, final });
    this.later();
  }

  /** Marks a queued question answered: now, or with the next batch (`batch`). Never throws. */
  markAnswered(turnId: number, opts: { batch?: boolean } = {}): void {
    this.ops.push({ kind: 'answered', turnId });
    if (opts.batch) this.later();
    else this.flush();
  }

  /**
   * Resolves after the next attempt to save what is queued now: saved (`state.ok`), or kept in memory because the
   * database is busy, full or read-only (`state` says which; the retries go on). At once when nothing is queued.
   */
  settled(): Promise<void> {
    if (this.ops.length === 0) return Promise.resolve();
    this.later();
    return new Promise((r) => this.settleWaiters.push(r));
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
   * Adds a turn. Saved now when the database allows; otherwise the turn is kept in memory (saved when the database
   * frees up) and a StorageError says why and that it is kept. Bad input still throws as the store does.
   */
  addTurn(sessionId: string, turn: NewTurn): Turn {
    return this.addTurns(sessionId, [turn])[0]!;
  }

  /**
   * Adds turns of one session in one transaction (a question and the answer that will stream into it), as addTurn.
   * When they cannot be saved now, only the first `keep` stay queued (the question; not an answer that will never
   * stream) and a StorageError says so.
   */
  addTurns(sessionId: string, turns: readonly NewTurn[], opts: { keep?: number } = {}): Turn[] {
    const checked = this.store.checkTurns(
      turns.map((t) => (t.status === 'streaming' ? { ...t, meta: { ...t.meta, [WRITER_PID]: process.pid } } : t)),
    );
    let saved: Turn[] | undefined;
    let failure: unknown;
    const op: Op = { kind: 'insert', sessionId, turns: checked, done: (t) => (saved = t), failed: (e) => (failure = e) };
    this.ops.push(op);
    this.flush(null); // the caller needs the id now: wait as long as the connection's busy_timeout allows
    if (saved) return saved;
    if (failure !== undefined) throw failure;
    if (opts.keep !== undefined && opts.keep < checked.length) {
      checked.length = opts.keep;
      if (opts.keep === 0) this.ops.splice(this.ops.indexOf(op), 1);
    }
    const s = this.state;
    if (s.ok) throw new Error('turn not saved'); // unreachable: a pending op always comes with a problem state
    throw new StorageError({
      kind: s.kind,
      code: s.code,
      sqliteCode: '',
      message: `${s.message} This ${turns[0]?.speaker === 'customer' ? 'question' : 'turn'} is kept in memory and saved as soon as the database can be written.`,
    });
  }

  /** Resolves when nothing is queued (or after `timeoutMs`; then false). */
  async drain(timeoutMs = 5_000): Promise<boolean> {
    if (this.ops.length === 0) return true;
    this.flush();
    if (this.ops.length === 0) return true;
    let t: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((r) => this.waiters.push(() => r(true))),
      new Promise<boolean>((r) => (t = setTimeout(() => r(false), timeoutMs))),
    ]);
    clearTimeout(t);
    return done;
  }

  /** Stops retrying; returns a description of each write that was not saved (for the log / stderr). */
  close(): string[] {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.cancelSoon();
    this.flush(5_000);
    this.closed = true;
    if (this.indexTimer) {
      clearTimeout(this.indexTimer);
      this.indexTimer = null;
      this.indexNow();
    }
    const lost = this.ops.map((op) => describe(op));
    this.ops.length = 0;
    this.settle();
    return lost;
  }

  /**
   * Applies the queued writes (one transaction) unless the database lacks storage or is busy. Never throws. `busyMs`: how long it
   * may wait for a lock (null: the connection's busy_timeout).
   */
  flush(busyMs: number | null = this.o.busyMs ?? 20): void {
    if (this.ops.length === 0) return this.settle();
    try {
      this.withBusy(busyMs, () => this.applyQueued());
      this.recovered();
      if (this.indexing) {
        this.indexing = false;
        this.scheduleIndex();
      }
    } catch (err) {
      // the pragma itself failed (closed connection): keep everything queued
      const p = storageProblem(err, this.path);
      if (p) this.trouble(p);
    } finally {
      this.settle();
    }
  }

  private settle(): void {
    if (this.settleWaiters.length === 0) return;
    const w = this.settleWaiters;
    this.settleWaiters = [];
    for (const r of w) r();
  }

  /**
   * Applies every queued write in one IMMEDIATE transaction (one commit for all of them). A storage problem rolls the
   * whole batch back and throws; the batch stays queued, in order, for the retry. A write that can never succeed
   * (the session was deleted meanwhile, bad input) is dropped and the rest goes on.
   */
  private applyQueued(): void {
    this.batch = this.ops.length;
    this.after = [];
    this.applyTx();
    this.ops.splice(0, this.batch);
    const after = this.after;
    this.after = [];
    for (const f of after) f();
  }

  private batch = 0;
  private after: (() => void)[] = [];

  /** The body of the batch's transaction: the first `batch` ops, in order. */
  private applyBatch(): void {
    const batch = this.batch;
    const after: (() => void)[] = (this.after = []);
    // Streamed text of an answer whose final state (its whole text) comes later in this batch is not written first.
    let finished: Set<number> | undefined;
    let skip: Set<number> | undefined;
    for (let i = batch - 1; i >= 0; i--) {
      const op = this.ops[i]!;
      if (op.kind === 'finish') (finished ??= new Set()).add(op.turnId);
      else if (op.kind === 'append' && finished?.has(op.turnId)) (skip ??= new Set()).add(i);
    }
    for (let i = 0; i < batch; i++) {
      const op = this.ops[i]!;
      if (skip?.has(i)) continue;
      if (op.kind !== 'append' && op.kind !== 'ensure' && op.kind !== 'run') this.indexing = true;
      try {
        this.apply(op, after);
      } catch (err) {
        if (storageProblem(err, this.path)) throw err;
        if (op.kind === 'insert') after.push(() => op.failed(err));
        else this.o.log?.(`deskmate: dropped a write (${describe(op)}): ${(err as Error).message}`);
      }
    }
  }

  private apply(op: Op, after: (() => void)[]): void {
    switch (op.kind) {
      case 'append':
        this.store.appendText(op.turnId, op.text);
        return;
      case 'update':
        this.store.patchTurnIn(op.turnId, op.patch);
        return;
      case 'finish':
        this.store.finishTurnIn(op.turnId, op.final);
        return;
      case 'answered':
        this.store.markAnsweredQuiet(op.turnId);
        return;
      case 'run':
        op.run();
        return;
      case 'ensure':
        this.store.createIfMissingIn(op.sessionId, op.customerId ?? null, op.agentId ?? null);
        return;
      case 'insert': {
        const turns = this.store.addTurnsIn(op.sessionId, op.turns);
        after.push(() => op.done(turns));
      }
    }
  }

  private trouble(p: StorageProblem): void {
    if (this.current.ok || this.current.kind !== p.kind) {
      this.current = { ok: false, kind: p.kind, code: p.code, message: p.message, since: (this.o.clock?.() ?? new Date()).toISOString(), pending: 0 };
      this.o.onState?.(this.state);
      if (p.kind !== 'busy') this.o.log?.(`deskmate: ${p.message}`);
    }
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.flush();
      }, this.delay);
      this.timer.unref();
      this.delay = Math.min(this.delay * 2, this.o.maxRetryMs ?? 1_000);
    }
  }

  private recovered(): void {
    this.delay = this.o.retryMs ?? 25;
    if (!this.current.ok) {
      this.current = { ok: true };
      this.o.onState?.(this.current);
    }
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}
