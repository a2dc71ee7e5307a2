// The turn writer's health as the agent may see it, and its retry policy. Another connection holding the write lock
// for less than `busyMs` is a short wait — retried 1, 2, 4, 8 ms later and never reported; longer, or any other
// problem (full, read-only, failing), is trouble: a typed state, retried 25 ms … 1 s later.
import { StorageError, type StorageKind, type StorageProblem } from './storage';

export type StorageState =
  | { ok: true }
  | { ok: false; kind: StorageKind; code: StorageProblem['code']; message: string; since: string; pending: number };

export interface TurnWriterOptions {
  /** How long writes wait for another connection's write lock before the state says `busy` (and `settled()`
   * resolves anyway), ms. The wait never blocks the event loop (timer retries, see lockRetryMs). Default 1000 (two busy
   * serving processes on a loaded machine: waits of 0.3–0.9 s were seen when a lock holder was descheduled). */
  busyMs?: number;
  /** How long a question (`saveTurns`) waits for the lock before it is kept in memory and a StorageError says so
   * (SQLite's busy_timeout of every connection: 5 s). Default 5000. */
  questionWaitMs?: number;
  /** First retry while the lock is held elsewhere, ms (doubles up to 8). Default 1. */
  lockRetryMs?: number;
  /** A transaction applies queued writes for at most about this long, ms; the rest is committed in the next
   * event-loop turn (bounds how long one batch holds the loop and the write lock). Default 4. */
  batchBudgetMs?: number;
  /** Streamed text waits at most this long for the writes of other answers (one commit for all); 0: the end of
   * this event-loop turn. Default 50 (the stream sink itself writes a growing answer every second). */
  batchMs?: number;
  /** Turns stored or finished are added to the turn text index at most this long after (one index segment for all
   * of them; search finds them meanwhile by their text). Default 500. */
  indexMs?: number;
  /** First retry delay of other trouble (full, read-only …), ms (doubles up to maxRetryMs). Default 25. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Told when the state changes (ok → trouble, trouble → ok). */
  onState?: (s: StorageState) => void;
  log?: (msg: string) => void;
  clock?: () => Date;
}

/** The state, the last problem met and when to retry; no timers (the writer owns them). */
export class WriteHealth {
  private delay: number;
  private lockDelay: number;
  /** When the writes began waiting for another connection's lock (null: they are not). */
  private lockedSince: number | null = null;
  /** What the last failed attempt met (null after a success). */
  lastProblem: StorageProblem | null = null;
  current: StorageState = { ok: true };

  constructor(private readonly o: TurnWriterOptions) {
    this.delay = o.retryMs ?? 25;
    this.lockDelay = o.lockRetryMs ?? 1;
  }

  /** Why a write is kept in memory instead of saved (`what`: "question" or "turn"): the state, else the last problem. */
  notSavedError(what: string): Error {
    const p = this.current.ok ? this.lastProblem : this.current;
    if (!p) {
      // no storage trouble: the writes queued before it took longer than the wait (an overloaded process)
      return new StorageError({
        kind: 'busy',
        code: 'storage_busy',
        sqliteCode: '',
        message: `Deskmate is behind with its writes. This ${what} is kept in memory and saved as soon as the writes before it are.`,
      });
    }
    return new StorageError({
      kind: p.kind,
      code: p.code,
      sqliteCode: '',
      message: `${p.message} This ${what} is kept in memory and saved as soon as the database can be written.`,
    });
  }

  /** An attempt met `p`: retry after `retryMs`; `waiting`: a short wait for the lock (the attempt goes on, not
   * trouble); `changed`: the state changed (tell onState). */
  failed(p: StorageProblem): { retryMs: number; waiting: boolean; changed: boolean } {
    this.lastProblem = p;
    let retryMs: number;
    if (p.kind === 'busy') {
      const now = Date.now();
      this.lockedSince ??= now;
      retryMs = this.lockDelay;
      this.lockDelay = Math.min(this.lockDelay * 2, 8);
      if (now - this.lockedSince < (this.o.busyMs ?? 1_000)) return { retryMs, waiting: true, changed: false };
    } else {
      retryMs = this.delay;
      this.delay = Math.min(this.delay * 2, this.o.maxRetryMs ?? 1_000);
    }
    const changed = this.current.ok || this.current.kind !== p.kind;
    if (changed) this.current = { ok: false, kind: p.kind, code: p.code, message: p.message, since: (this.o.clock?.() ?? new Date()).toISOString(), pending: 0 };
    return { retryMs, waiting: false, changed };
  }

  /** An attempt saved: true when this ends trouble. */
  saved(): boolean {
    this.delay = this.o.retryMs ?? 25;
    this.lockDelay = this.o.lockRetryMs ?? 1;
    this.lockedSince = null;
    this.lastProblem = null;
    if (this.current.ok) return false;
    this.current = { ok: true };
    return true;
  }
}
