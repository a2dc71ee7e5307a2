// The turn writer's queued operations, how each is applied and described when it could not be saved (the log /
// stderr), and the connection's busy wait it sets around each attempt.
import type { Db } from '../db';
import type { SessionStore } from './store';
import type { Turn } from '../../shared/domain';
import type { CheckedTurn, TurnFinal, TurnPatch } from './turn-input';

export type Op =
  | { kind: 'append'; turnId: number; text: string }
  | { kind: 'update'; turnId: number; patch: TurnPatch }
  | { kind: 'answered'; turnId: number }
  | { kind: 'run'; label: string; run: () => void }
  | { kind: 'ensure'; sessionId: string; customerId: string | null; agentId?: string | null }
  | { kind: 'finish'; turnId: number; final: TurnFinal; metaJson?: string }
  | { kind: 'insert'; sessionId: string; turns: CheckedTurn[]; done: (t: Turn[]) => void; failed: (err: unknown) => void };

export function describe(op: Op): string {
  switch (op.kind) {
    case 'append':
      return `turn ${op.turnId}: text not saved: ${JSON.stringify(op.text)}`;
    case 'update':
      return `turn ${op.turnId}: ${op.patch.status ?? 'update'} not saved${op.patch.text !== undefined ? `: ${JSON.stringify(op.patch.text)}` : ''}`;
    case 'answered':
      return `turn ${op.turnId}: answered mark not saved`;
    case 'run':
      return `${op.label} not saved`;
    case 'ensure':
      return `session ${op.sessionId} not created`;
    case 'finish':
      return `turn ${op.turnId}: ${op.final.status} not saved: ${JSON.stringify(op.final.text)}`;
    case 'insert':
      return op.turns.map((t) => `session ${op.sessionId}: ${t.speaker} turn not saved: ${JSON.stringify(t.text)}`).join('; ');
  }
}

/** busy_timeout read and set through prepared statements (a flush per event-loop turn must not re-prepare them). */
export class BusyWait {
  private readonly read;
  private readonly statements = new Map<number, { run(): unknown }>();

  constructor(private readonly db: Db) {
    this.read = db.prepare('PRAGMA busy_timeout').pluck();
  }

  /** Runs `fn` with the connection's busy wait set to `busyMs` (null: as it is), restored after. */
  with<T>(busyMs: number | null, fn: () => T): T {
    let previous: number | undefined;
    try {
      if (busyMs !== null) {
        previous = this.read.get() as number;
        this.set(Math.max(0, Math.trunc(busyMs)));
      }
      return fn();
    } finally {
      try {
        if (previous !== undefined) this.set(previous);
      } catch {
        // the connection is closed
      }
    }
  }

  private set(ms: number): void {
    let stmt = this.statements.get(ms);
    if (!stmt) {
      stmt = this.db.prepare(`PRAGMA busy_timeout = ${ms}`);
      if (this.statements.size < 16) this.statements.set(ms, stmt);
    }
    stmt.run();
  }
}

/** Applies one queued op inside the batch's transaction; an insert's result is handed over after the commit. */
function applyOp(store: SessionStore, op: Op, after: (() => void)[]): void {
  switch (op.kind) {
    case 'append':
      store.appendText(op.turnId, op.text);
      return;
    case 'update':
      store.patchTurnIn(op.turnId, op.patch);
      return;
    case 'finish':
      store.finishTurnIn(op.turnId, op.final, op.metaJson);
      return;
    case 'answered':
      store.markAnsweredQuiet(op.turnId);
      return;
    case 'run':
      op.run();
      return;
    case 'ensure':
      store.createIfMissingIn(op.sessionId, op.customerId ?? null, op.agentId ?? null);
      return;
    case 'insert': {
      const turns = store.addTurnsIn(op.sessionId, op.turns);
      after.push(() => op.done(turns));
    }
  }
}

/** An ensure and the insert into the same session that follows it (a question): `SessionStore.createWithTurnsIn`
 * when the session is new, else as two ops. A failure is the op's it belongs to, as when applied apart. */
function applyEnsureInsert(
  store: SessionStore,
  ensure: Op & { kind: 'ensure' },
  insert: Op & { kind: 'insert' },
  after: (() => void)[],
  isStorage: (err: unknown) => boolean,
  dropped: (op: Op, err: unknown) => void,
): void {
  let created = false;
  try {
    created = store.createSessionFor(ensure.sessionId, ensure.customerId ?? null, ensure.agentId ?? null, insert.turns);
  } catch (err) {
    if (isStorage(err)) throw err;
    dropped(ensure, err);
  }
  try {
    if (!created) return applyOp(store, insert, after);
    const turns = store.insertTurnsIn(insert.sessionId, 0, insert.turns);
    after.push(() => insert.done(turns));
  } catch (err) {
    if (isStorage(err)) throw err;
    after.push(() => insert.failed(err));
  }
}

/** Callbacks told once, all together, at the next `wake()`. */
export class Waiters {
  private list: (() => void)[] = [];

  get size(): number {
    return this.list.length;
  }

  next(): Promise<void> {
    return new Promise((r) => this.list.push(r));
  }

  wake(): void {
    if (this.list.length === 0) return;
    const w = this.list;
    this.list = [];
    for (const r of w) r();
  }
}

/** Callbacks each waiting for one queued op to leave the queue (saved, or dropped as never writable). */
export class OpWaiters {
  private list: { op: Op; r: () => void }[] = [];

  get size(): number {
    return this.list.length;
  }

  next(op: Op): Promise<void> {
    return new Promise((r) => this.list.push({ op, r }));
  }

  /** Tells those whose op is no longer in `queue`. */
  wakeSaved(queue: readonly Op[]): void {
    if (this.list.length === 0) return;
    const q = new Set(queue);
    const w = this.list;
    this.list = w.filter((x) => q.has(x.op));
    for (const x of w) if (!q.has(x.op)) x.r();
  }

  wakeAll(): void {
    const w = this.list;
    this.list = [];
    for (const x of w) x.r();
  }
}

export interface BatchResult {
  /** How many ops from the front were applied (the rest: the next transaction). */
  applied: number;
  /** Told after the commit (an insert's turns, or why it failed). */
  after: (() => void)[];
  /** A write left a turn to index. */
  indexing: boolean;
}

/**
 * The body of the writer's batch transaction: the first `n` ops, in order. A storage problem (`isStorage`) is
 * rethrown (the whole batch rolls back and stays queued); any other failure drops that one write (`dropped`; an
 * insert's caller is told) and the rest goes on. Streamed text of an answer whose final state (its whole text)
 * comes later in the batch is not written first. Past `budgetMs` the ops applied so far are committed alone.
 */
export function applyBatch(
  store: SessionStore,
  ops: readonly Op[],
  n: number,
  budgetMs: number,
  isStorage: (err: unknown) => boolean,
  dropped: (op: Op, err: unknown) => void,
): BatchResult {
  return store.atOneTime(() => applyOps(store, ops, n, budgetMs, isStorage, dropped));
}

function applyOps(
  store: SessionStore,
  ops: readonly Op[],
  n: number,
  budgetMs: number,
  isStorage: (err: unknown) => boolean,
  dropped: (op: Op, err: unknown) => void,
): BatchResult {
  const r: BatchResult = { applied: n, after: [], indexing: false };
  const t0 = performance.now();
  let finished: Set<number> | undefined;
  let skip: Set<number> | undefined;
  for (let i = n - 1; i >= 0; i--) {
    const op = ops[i]!;
    if (op.kind === 'finish') (finished ??= new Set()).add(op.turnId);
    else if (op.kind === 'append' && finished?.has(op.turnId)) (skip ??= new Set()).add(i);
  }
  for (let i = 0; i < n; i++) {
    if (i > 0 && performance.now() - t0 >= budgetMs) {
      r.applied = i; // a long batch is split: the event loop (and the other process's lock wait) get a turn
      break;
    }
    const op = ops[i]!;
    if (skip?.has(i)) continue;
    if (op.kind !== 'append' && op.kind !== 'ensure' && op.kind !== 'run') r.indexing = true;
    const next = i + 1 < n ? ops[i + 1]! : undefined;
    if (op.kind === 'ensure' && next?.kind === 'insert' && next.sessionId === op.sessionId) {
      // a question into a session that may be new: a new one is inserted whole with its turns (no read, no update)
      r.indexing = true;
      i++;
      applyEnsureInsert(store, op, next, r.after, isStorage, dropped);
      continue;
    }
    try {
      applyOp(store, op, r.after);
    } catch (err) {
      if (isStorage(err)) throw err;
      if (op.kind === 'insert') r.after.push(() => op.failed(err));
      else dropped(op, err);
    }
  }
  return r;
}

/**
 * Moves the questions (their sessions and turns) ahead of the other queued writes, each group in its order: a
 * question waits for the commit that stores it, the agent's answer waits for that, and behind a long queue of
 * streamed text and final states (an overloaded process, a long hold of the lock) a batch of `batchBudgetMs` might
 * not reach it for seconds. Safe: an insert or ensure depends only on the inserts and ensures before it (a session's
 * turn numbers); every other write names a turn that was committed already.
 */
export function questionsFirst(ops: Op[]): void {
  const firstOther = ops.findIndex((op) => !isQuestion(op));
  if (firstOther < 0 || !ops.some((op, i) => i > firstOther && isQuestion(op))) return;
  const questions = ops.filter(isQuestion);
  const others = ops.filter((op) => !isQuestion(op));
  ops.splice(0, ops.length, ...questions, ...others);
}

function isQuestion(op: Op): boolean {
  return op.kind === 'insert' || op.kind === 'ensure';
}
