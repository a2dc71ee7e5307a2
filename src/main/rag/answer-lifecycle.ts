// One owner for an answer's state: start → stream → persist → analyse → finish. Every write to the answer turn
// (text, status, typed meta) and to its question's status goes through here; engine.ts only decides what to do.
//
// Seams:
//  - `TurnWriter` (sessions/turn-writer.ts) is where every write lands: it never throws into a stream and keeps
//    the text in memory while SQLite is busy or full (EngineDeps.turns).
//  - `AskCallbacks` (engine-api.ts) are called from here only: onDelta, onFirstToken, onProgress, onStreamEnd, and
//    onNotice when storage is in trouble.
import type { Turn, TurnStatus } from '../../shared/domain';
import type { ContextBreakdown, SentDoc } from '../../shared/answer';
import type { AnswerErrorInfo } from '../../shared/errors';
import type { AnswerTurnMeta } from '../../shared/turn-meta';
import type { TeamHistoryMeta } from '../../shared/team';
import type { AskCallbacks, AskProgress } from '../engine-api';
import type { NewTurn } from '../sessions/store';
import type { TurnMeta } from '../sessions/rows';
import type { TurnWriter } from '../sessions/turn-writer';
import { WRITER_PID } from '../sessions/recovery';
import { StreamSink } from './engine-sink';
import type { Analysis } from './engine-result';

export interface LifecycleOptions {
  writer: TurnWriter;
  requestId: string;
  sessionId: string;
  question: Turn;
  /** The streaming answer turn stored with the question (`reservedAnswer`), when there is one. */
  answerTurnId?: number;
  callbacks?: AskCallbacks;
  started: number;
  now: () => number;
  persistMs?: number;
  progressMs?: number;
}

type Phase = 'prepared' | 'streaming' | 'finished';

/** The answer turn stored in the question's transaction (one commit before any network call): streaming and
 * empty; the online path streams into it, the offline paths write their answer over it, a failure marks it. */
export function reservedAnswer(requestId: string): NewTurn {
  const meta: AnswerTurnMeta = { mode: 'online', requestId };
  return { speaker: 'assistant', text: '', status: 'streaming', meta };
}

/** A question's reserved answer when the question fails before answering (retrieval threw): marked failed with
 * the question queued, as `fail` does mid-answer — never left streaming. */
export function failReserved(writer: TurnWriter, answerTurnId: number, questionTurnId: number, err: unknown): void {
  const message = `Something went wrong inside Deskmate: ${err instanceof Error ? err.message : String(err)}. Your question is saved.`;
  writer.updateTurn(answerTurnId, { status: 'error', meta: { error: { type: 'internal', message } } });
  writer.updateTurn(questionTurnId, { status: 'queued' });
}

export class AnswerLifecycle {
  private phase: Phase = 'prepared';
  private turnId: number | null = null;
  private initialText = '';
  private sink: StreamSink | null = null;
  private firstToken = false;
  private streamEnded = false;
  sentDocs: SentDoc[] = [];
  context: ContextBreakdown | null = null;
  /** How the history was gathered when a team hub is configured (stored as meta.teamHistory). */
  teamHistory: TeamHistoryMeta | undefined;

  /** The answer turn's meta as stored before its final write (which writes the whole meta: no read-merge). */
  private baseMeta: TurnMeta = {};

  /** The question answered (provisional until `stored` when its commit overlaps the request). */
  private question: Turn;

  constructor(private readonly o: LifecycleOptions) {
    this.question = o.question;
    if (o.answerTurnId !== undefined) this.stored(o.question, o.answerTurnId);
  }

  /** The question and the reserved answer turn, once committed. */
  stored(question: Turn, answerTurnId: number): void {
    this.question = question;
    this.turnId = answerTurnId;
    this.baseMeta = { ...reservedAnswer(this.o.requestId).meta, [WRITER_PID]: process.pid };
  }

  get answerTurnId(): number | null {
    return this.turnId;
  }

  /** The text streamed so far (including a continued answer's earlier text). */
  get text(): string {
    return this.sink?.value ?? this.initialText;
  }

  /** Online start: the reserved answer turn, a new streaming one (a re-ask), or the interrupted turn being continued. */
  startOnline(continuing?: Turn): number {
    if (continuing) {
      this.o.writer.updateTurn(continuing.id, { status: 'streaming', meta: { requestId: this.o.requestId } });
      this.turnId = continuing.id;
      this.initialText = continuing.text;
      this.baseMeta = { ...continuing.meta, requestId: this.o.requestId, [WRITER_PID]: process.pid };
    } else if (this.turnId === null) {
      const turn = reservedAnswer(this.o.requestId);
      this.turnId = this.o.writer.addTurn(this.o.sessionId, turn).id;
      this.baseMeta = { ...turn.meta, [WRITER_PID]: process.pid };
    }
    const turnId = this.turnId;
    this.phase = 'streaming';
    this.sink = new StreamSink({
      sessions: this.o.writer,
      answerTurnId: turnId,
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
      // No listener (an HTTP stream takes every delta): no snapshot timers either.
      onSnapshot: this.o.callbacks?.onProgress ? (text) => this.progress('streaming', text) : undefined,
    });
    this.progress('waiting', this.initialText);
    return turnId;
  }

  push(delta: string): void {
    this.sink?.push(delta);
  }

  progress(phase: AskProgress['phase'], text = this.text): void {
    if (this.turnId === null) return;
    this.o.callbacks?.onProgress?.({
      requestId: this.o.requestId,
      sessionId: this.o.sessionId,
      answerTurnId: this.turnId,
      phase,
      text,
      sentDocs: this.sentDocs,
      context: this.context,
    });
  }

  /** Ends streaming: whatever is not stored yet is written; the callbacks learn it (onStreamEnd, once). */
  closeStream(): void {
    this.sink?.close();
    this.endStream();
  }

  private endStream(): void {
    if (this.streamEnded) return;
    this.streamEnded = true;
    this.o.callbacks?.onStreamEnd?.();
  }

  /**
   * Online finish: the final text, status and whole meta in one write, with the question's queue state, committed
   * with the final writes of the other answers that end within the writer's batch window (one commit for all).
   * Resolves once that batch was tried: a read after it sees the answer; storage trouble is told (onNotice).
   */
  async finishOnline(o: { text: string; status: TurnStatus; meta: Omit<AnswerTurnMeta, 'mode' | 'sentDocs' | 'context'>; queue: boolean }): Promise<void> {
    if (this.turnId === null) throw new Error('finishOnline before startOnline');
    this.closeStream();
    const meta: AnswerTurnMeta = { mode: 'online', sentDocs: this.sentDocs, context: this.context, ...this.team(), ...o.meta };
    this.o.writer.finishTurn(this.turnId, { sessionId: this.o.sessionId, text: o.text, status: o.status, meta: { ...this.baseMeta, ...meta } });
    if (o.queue) this.o.writer.updateTurn(this.question.id, { status: 'queued' }, { batch: true });
    // the question as read before this answer (a new question is stored complete: nothing to mark)
    else if (this.question.status === 'queued') this.o.writer.markAnswered(this.question.id, { batch: true });
    this.phase = 'finished';
    await this.o.writer.settled();
    this.noteStorage();
  }

  private team(): Pick<AnswerTurnMeta, 'teamHistory'> {
    return this.teamHistory ? { teamHistory: this.teamHistory } : {};
  }

  /** Storage trouble: the agent is told the text is kept in memory and saved when the database frees up. */
  private noteStorage(): void {
    const s = this.o.writer.state;
    if (!s.ok) this.o.callbacks?.onNotice?.(s.message);
  }

  /**
   * Offline finish: the composed answer (into the online turn when one was started and nothing streamed), the
   * question queued to be asked online later.
   */
  finishOffline(o: { text: string; analysis: Analysis; fits: boolean; error: AnswerErrorInfo | null }): number {
    this.sink?.close();
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
      ...this.team(),
    };
    // over the reserved (or started) answer turn: its whole meta, no read
    if (this.turnId !== null) this.o.writer.finishTurn(this.turnId, { sessionId: this.o.sessionId, text: o.text, status: 'offline', meta: { ...this.baseMeta, ...meta } });
    else this.turnId = this.o.writer.addTurn(this.o.sessionId, { speaker: 'assistant', text: o.text, status: 'offline', meta }).id;
    this.o.writer.updateTurn(this.question.id, { status: 'queued' });
    this.noteStorage();
    this.o.callbacks?.onDelta?.(o.text);
    this.endStream();
    this.progress('streaming', o.text);
    this.phase = 'finished';
    return this.turnId;
  }

  /** Something inside Deskmate threw mid-answer: the turn is marked failed, with the text kept. */
  fail(error: AnswerErrorInfo): void {
    if (this.phase === 'finished' || this.turnId === null) return;
    try {
      this.closeStream();
      this.o.writer.updateTurn(this.turnId, { status: 'error', meta: { error } });
      this.o.writer.updateTurn(this.question.id, { status: 'queued' });
    } catch {
      // The store itself failed; the caller reports the error.
    }
    this.phase = 'finished';
  }
}
