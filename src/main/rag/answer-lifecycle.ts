// One owner for an answer's state: start → stream → persist → analyse → finish. Every write to the answer turn
// (text, status, typed meta) and to its question's status goes through here; engine.ts only decides what to do.
//
// Seams:
//  - `TurnWriter` is where turn text lands. The default is the SessionStore; a durable writer (one that keeps the
//    text in memory while SQLite is busy or full and retries later) plugs in through EngineDeps.turnWriter.
//  - `AskCallbacks` (engine-api.ts) are called from here only: onStarted, onDelta, onFirstToken, onProgress.
import type { Turn, TurnStatus } from '../../shared/domain';
import type { ContextBreakdown, SentDoc } from '../../shared/answer';
import type { AnswerErrorInfo } from '../../shared/errors';
import type { AnswerTurnMeta } from '../../shared/turn-meta';
import type { AskCallbacks, AskProgress } from '../engine-api';
import type { SessionStore } from '../sessions/store';
import { StreamSink } from './engine-sink';
import type { Analysis } from './engine-result';

/** Where answer text and state are written. SessionStore satisfies it. */
export interface TurnWriter {
  addTurn(sessionId: string, input: { speaker: 'assistant'; text: string; status: TurnStatus; meta: AnswerTurnMeta }): Turn;
  updateTurn(id: number, patch: { text?: string; status?: TurnStatus; meta?: Partial<AnswerTurnMeta> }): Turn;
  appendText(id: number, delta: string): void;
}

export interface LifecycleOptions {
  writer: TurnWriter;
  sessions: SessionStore;
  requestId: string;
  sessionId: string;
  question: Turn;
  callbacks?: AskCallbacks;
  started: number;
  now: () => number;
  persistMs?: number;
  progressMs?: number;
}

type Phase = 'prepared' | 'streaming' | 'finished';

export class AnswerLifecycle {
  private phase: Phase = 'prepared';
  private turn: Turn | null = null;
  private sink: StreamSink | null = null;
  private firstToken = false;
  sentDocs: SentDoc[] = [];
  context: ContextBreakdown | null = null;

  constructor(private readonly o: LifecycleOptions) {}

  get answerTurnId(): number | null {
    return this.turn?.id ?? null;
  }

  /** The text streamed so far (including a continued answer's earlier text). */
  get text(): string {
    return this.sink?.value ?? this.turn?.text ?? '';
  }

  /** Online start: a new streaming answer turn, or the interrupted turn being continued. */
  startOnline(continuing?: Turn): Turn {
    this.turn = continuing
      ? this.o.writer.updateTurn(continuing.id, { status: 'streaming', meta: { requestId: this.o.requestId } })
      : this.o.writer.addTurn(this.o.sessionId, {
          speaker: 'assistant',
          text: '',
          status: 'streaming',
          meta: { mode: 'online', requestId: this.o.requestId },
        });
    this.phase = 'streaming';
    this.sink = new StreamSink({
      sessions: this.o.writer,
      answerTurnId: this.turn.id,
      initialText: continuing ? continuing.text : '',
      persistMs: this.o.persistMs,
      progressMs: this.o.progressMs,
      onDelta: (d) => {
        if (!this.firstToken) {
          this.firstToken = true;
          this.o.callbacks?.onFirstToken?.(this.o.now() - this.o.started);
        }
        this.o.callbacks?.onDelta?.(d);
      },
      onSnapshot: (text) => this.progress('streaming', text),
    });
    this.progress('waiting', this.turn.text);
    return this.turn;
  }

  push(delta: string): void {
    this.sink?.push(delta);
  }

  progress(phase: AskProgress['phase'], text = this.text): void {
    if (!this.turn) return;
    this.o.callbacks?.onProgress?.({
      requestId: this.o.requestId,
      sessionId: this.o.sessionId,
      answerTurnId: this.turn.id,
      phase,
      text,
      sentDocs: this.sentDocs,
      context: this.context,
    });
  }

  /** Ends streaming: whatever is not stored yet is written. */
  closeStream(): void {
    this.sink?.close();
  }

  /** Online finish: the final text, status and meta in one write; the question's queue state follows. */
  finishOnline(o: { text: string; status: TurnStatus; meta: Omit<AnswerTurnMeta, 'mode' | 'sentDocs' | 'context'>; queue: boolean }): void {
    if (!this.turn) throw new Error('finishOnline before startOnline');
    this.closeStream();
    this.o.writer.updateTurn(this.turn.id, {
      text: o.text,
      status: o.status,
      meta: { mode: 'online', sentDocs: this.sentDocs, context: this.context, ...o.meta },
    });
    if (o.queue) this.o.sessions.updateTurn(this.o.question.id, { status: 'queued' });
    else if (this.o.sessions.getTurn(this.o.question.id)?.status === 'queued') this.o.sessions.markAnswered(this.o.question.id);
    this.phase = 'finished';
  }

  /**
   * Offline finish: the composed answer (into the online turn when one was started and nothing streamed), the
   * question queued to be asked online later.
   */
  finishOffline(o: { text: string; analysis: Analysis; fits: boolean; error: AnswerErrorInfo | null }): Turn {
    this.closeStream();
    const meta: AnswerTurnMeta = {
      mode: 'offline',
      citations: o.analysis.citations,
      unsupportedCitations: o.analysis.unsupportedCitations,
      noInformation: o.analysis.noInformation,
      escalation: o.analysis.escalation,
      sentDocs: this.sentDocs,
      context: null,
      fits: o.fits,
      error: o.error,
    };
    this.turn = this.turn
      ? this.o.writer.updateTurn(this.turn.id, { text: o.text, status: 'offline', meta })
      : this.o.writer.addTurn(this.o.sessionId, { speaker: 'assistant', text: o.text, status: 'offline', meta });
    this.o.sessions.updateTurn(this.o.question.id, { status: 'queued' });
    this.o.callbacks?.onDelta?.(o.text);
    this.progress('streaming', o.text);
    this.phase = 'finished';
    return this.turn;
  }

  /** Something inside Deskmate threw mid-answer: the turn is marked failed, with the text kept. */
  fail(error: AnswerErrorInfo): void {
    if (this.phase === 'finished' || !this.turn) return;
    try {
      this.closeStream();
      this.o.writer.updateTurn(this.turn.id, { status: 'error', meta: { error } });
      this.o.sessions.updateTurn(this.o.question.id, { status: 'queued' });
    } catch {
      // The store itself failed; the caller reports the error.
    }
    this.phase = 'finished';
  }
}
