// Where a streaming answer goes while it grows: kept in memory, persisted to its turn at the first delta and then
// at most every `persistMs` (1 s: a killed process loses at most the last second of text; every end — complete,
// failed, stopped — writes the whole text), and announced as throttled snapshots (a renderer applies them once per
// frame; HTTP gets every delta through onDelta). Nothing per token touches the database.

export interface SinkOptions {
  /** Where text goes (a TurnWriter: never throws, keeps text in memory while the database is busy or full). */
  sessions: { appendText(id: number, delta: string): void };
  answerTurnId: number;
  initialText?: string;
  /** Default PERSIST_MS. */
  persistMs?: number;
  progressMs?: number;
  now?: () => number;
  onDelta?: (delta: string) => void;
  onSnapshot?: (text: string) => void;
}

/** How often a growing answer's text is written (each write is an UPDATE of the turn and a page of the WAL: at
 * 200 answers/s every 250 ms was ~8 writes per answer, most of the turn pages each commit wrote). */
export const PERSIST_MS = 1_000;

export class StreamSink {
  private text: string;
  private persistedLength: number;
  private lastPersist = 0;
  private lastProgress = 0;
  private progressTimer: NodeJS.Timeout | null = null;
  private readonly now: () => number;

  constructor(private readonly o: SinkOptions) {
    this.text = o.initialText ?? '';
    this.persistedLength = this.text.length;
    this.now = o.now ?? (() => Date.now());
  }

  get value(): string {
    return this.text;
  }

  push(delta: string): void {
    if (!delta) return;
    this.text += delta;
    this.o.onDelta?.(delta);
    const t = this.now();
    if (t - this.lastPersist >= (this.o.persistMs ?? PERSIST_MS)) this.persist(t);
    this.scheduleSnapshot(t);
  }

  /** Writes whatever is not stored yet. */
  persist(t = this.now()): void {
    if (this.text.length === this.persistedLength) return;
    this.o.sessions.appendText(this.o.answerTurnId, this.text.slice(this.persistedLength));
    this.persistedLength = this.text.length;
    this.lastPersist = t;
  }

  private scheduleSnapshot(t: number): void {
    if (!this.o.onSnapshot) return;
    const every = this.o.progressMs ?? 33;
    if (t - this.lastProgress >= every) {
      this.lastProgress = t;
      this.o.onSnapshot?.(this.text);
      return;
    }
    if (this.progressTimer) return;
    this.progressTimer = setTimeout(() => {
      this.progressTimer = null;
      this.lastProgress = this.now();
      this.o.onSnapshot?.(this.text);
    }, every);
  }

  close(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    this.persist();
  }
}
