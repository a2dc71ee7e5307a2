// When the turn text index is brought up to date (TurnWriter): once within `indexMs` of a batch that left turns to
// index (one pass for everything stored meanwhile, with whatever an earlier run or another process left pending),
// in passes of their own transaction that take the write lock only if it is free.
import { INDEX_BATCH, type SessionStore } from './store';
import type { BusyWait } from './turn-ops';
import { storageProblem } from './storage';

/** Turns indexed per transaction by the timer's passes. */
const INDEX_STEP = 100;

export class IndexPasses {
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly busy: BusyWait,
    private readonly store: SessionStore,
    private readonly path: string | undefined,
    private readonly indexMs = 500,
  ) {}

  /** A pass within `indexMs` (one for everything stored until then). */
  schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.pass();
    }, this.indexMs);
    this.timer.unref();
  }

  /** One indexing pass of ≤ INDEX_STEP turns in its own transaction (~25 µs a turn: a few ms of the loop and the
   * lock), only if the lock is free (no wait); more pending: the next pass in the next event-loop turn; busy or
   * failing: tried again later (the turns stay findable by their text meanwhile). `waitMs`: a synchronous wait
   * and every pending turn (close only). */
  private pass(waitMs = 0): void {
    const step = waitMs > 0 ? INDEX_BATCH : INDEX_STEP;
    try {
      const more = this.busy.with(waitMs, () => this.store.indexPending(step) >= step);
      if (more && !this.closed) setImmediate(() => this.pass());
    } catch (err) {
      if (storageProblem(err, this.path) !== undefined) this.schedule(); // else: the connection is closed
    }
  }

  /** No more passes; one last one (waiting up to 5 s for the lock) when one was due. */
  close(): void {
    this.closed = true;
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.pass(5_000);
  }
}
