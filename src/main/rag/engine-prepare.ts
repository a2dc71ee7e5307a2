// Before a question is answered (engine.ts): its turns stored — or, with `questionCommitMs`, queued to be committed
// while the request goes out — and its reads in one read transaction (the session's history, the searches, the
// documents), with the team hub's history query started.
import { randomUUID } from 'node:crypto';
import type { Turn } from '../../shared/domain';
import type { AskRequest } from '../engine-api';
import type { NewTurn } from '../sessions/store';
import type { TurnWriter } from '../sessions/turn-writer';
import { retrieve } from './retrieval';
import { callerDocs, loadCandidates, type Candidate } from './engine-docs';
import { passageTerms } from './passages';
import { failReserved, reservedAnswer } from './answer-lifecycle';
import { relevant } from './engine-policy';
import { startTeamHistory, type TeamHistoryMerge } from '../hub/history';
import type { EngineDeps } from './engine-deps';

export interface Prepared {
  requestId: string;
  sessionId: string;
  question: Turn;
  /** The streaming answer turn stored with a new question (one transaction). */
  answerTurnId?: number;
  /** The question's commit when it overlaps the request (`questionCommitMs`): `question` is provisional (id 0) and
   * `answerTurnId` unset until it resolves. */
  stored?: Promise<void>;
  history: Turn[];
  candidates: Candidate[];
  team: TeamHistoryMerge; // other desks' turns: the hub query goes out before retrieval, merged when answering
}

/** The customer's message before the question (its words help choose manual passages for a follow-up). */
function previousQuestion(history: readonly Turn[]): string | undefined {
  for (let i = history.length - 1; i >= 0; i--) if (history[i]!.speaker === 'customer') return history[i]!.text;
  return undefined;
}

/** The id of a question not committed yet (`questionCommitMs`); SQLite's rowids start at 1. */
const PROVISIONAL = 0;

/** The engine's `prepare`: what a question needs before it is answered (see the top of this file). */
export function createPrepare(deps: EngineDeps, writer: TurnWriter): (req: AskRequest) => Promise<Prepared> {
  const now = deps.now ?? (() => Date.now());
  async function prepare(req: AskRequest): Promise<Prepared> {
    const requestId = req.requestId ?? randomUUID();
    const { sessions } = deps;
    let question: Turn;
    let sessionId: string;
    let turns: Turn[] | undefined;
    let answerTurnId: number | undefined;
    if (req.questionTurnId !== undefined || req.continueAnswerTurnId !== undefined) {
      const anchor = sessions.getTurn((req.questionTurnId ?? req.continueAnswerTurnId) as number);
      if (!anchor) throw new Error(`turn ${req.questionTurnId ?? req.continueAnswerTurnId} does not exist`);
      sessionId = anchor.sessionId;
      turns = sessions.getTurns(sessionId);
      const q = anchor.speaker === 'customer' ? anchor : [...turns].reverse().find((t) => t.seq < anchor.seq && t.speaker === 'customer');
      if (!q) throw new Error(`turn ${anchor.id} has no customer question before it`);
      question = q;
    } else {
      sessionId = req.sessionId ?? randomUUID();
      // Queued when the disk is full; saved with the question below (one transaction).
      writer.ensureSession(sessionId, { customerId: req.customerId ?? null, agentId: req.agentId ?? null });
      if (req.conversationContext?.length) await writer.saveQueued();
      const q = { speaker: 'customer' as const, text: req.text, status: 'complete' as const, ...(req.agentId ? { meta: { agentId: req.agentId } } : {}) };
      const groupMs = deps.questionCommitMs ?? 0;
      if (groupMs > 0 && !req.conversationContext?.length && !writer.hasPendingInsert(sessionId)) return prepareOverlapped(req, requestId, sessionId, q, groupMs);
      // The caller's earlier conversation, into a session that has none yet: stored with the question.
      const context =
        req.conversationContext?.length && writer.pending === 0 && sessions.getTurns(sessionId, { limit: 1 }).length === 0
          ? req.conversationContext
              .filter((m) => m.role !== 'system' && m.content.trim())
              .map((m) => ({ speaker: m.role === 'user' ? ('customer' as const) : ('assistant' as const), text: m.content, status: 'complete' as const }))
          : [];
      // Persisted before any network call: nothing the agent typed is lost. The answer turn it will stream into is
      // stored in the same transaction (one commit); kept in memory with the question only if storage fails. A lock
      // held by another process (the other `serve` worker) is waited for without blocking the event loop.
      const stored = await writer.saveTurns(sessionId, [...context, q, reservedAnswer(requestId)], { keep: context.length + 1 });
      question = stored[context.length]!;
      answerTurnId = stored[context.length + 1]!.id;
    }
    try {
      return { ...readFor(req, sessionId, question, turns), requestId, answerTurnId };
    } catch (err) {
      if (answerTurnId !== undefined) failReserved(writer, answerTurnId, question.id, err); // not left streaming
      throw err;
    }
  }

  /**
   * A new question whose commit overlaps the request (`questionCommitMs`): queued with its reserved answer, committed
   * with the other questions of the next few ms. Everything stored in the session now comes before it (no other
   * insert of this session is queued), so that is its history. `stored` fills in the question and answer turns.
   */
  function prepareOverlapped(req: AskRequest, requestId: string, sessionId: string, q: NewTurn, groupMs: number): Prepared {
    const saving = writer.saveTurns(sessionId, [q, reservedAnswer(requestId)], { keep: 1, groupMs });
    const at = new Date(now()).toISOString();
    const provisional: Turn = { id: PROVISIONAL, sessionId, seq: Number.MAX_SAFE_INTEGER, speaker: 'customer', text: q.text, status: 'complete', createdAt: at, updatedAt: at, ...(q.meta ? { meta: q.meta } : {}) };
    let read: Omit<Prepared, 'requestId' | 'answerTurnId'>;
    try {
      read = readFor(req, sessionId, provisional, undefined, req.customerId ?? null);
    } catch (err) {
      saving.then(([question, answer]) => failReserved(writer, answer!.id, question!.id, err)).catch(() => {}); // not left streaming
      throw err;
    }
    const p: Prepared = { ...read, requestId };
    p.stored = saving.then(([question, answer]) => {
      p.question = question!;
      p.answerTurnId = answer!.id;
    });
    p.stored.catch(() => {}); // told where it is awaited (ask)
    return p;
  }

  // The reads of one question (the session, the searches, the documents) in one read transaction: one snapshot
  // and one set of WAL locks instead of one per statement. One wrapper for every question.
  const readTx = deps.db.transaction((req: AskRequest, sessionId: string, question: Turn, turns: Turn[] | undefined) => {
    // One read of the session: a re-ask or continue already loaded it; a session's first turn has nothing before it.
    // (a provisional question, not committed yet: every stored turn of the session comes before it)
    const history = turns
      ? turns.filter((t) => t.seq < question.seq)
      : question.id === PROVISIONAL
        ? deps.sessions.turnsIfAny(sessionId)
        : question.seq <= 1
          ? []
          : deps.sessions.getTurns(sessionId).filter((t) => t.seq < question.seq);
    const hits = relevant(retrieve({ message: question.text, history, search: deps.search, byId: deps.lookup, k: deps.retrievalK ?? 20 }), deps.relevanceFloor ?? 0.1);
    return { history, candidates: [...callerDocs(req.extraDocuments), ...loadCandidates(deps.db, hits, () => passageTerms(question.text, previousQuestion(history)))] };
  });

  function readFor(req: AskRequest, sessionId: string, question: Turn, turns: Turn[] | undefined, customerId?: string | null): Omit<Prepared, 'requestId' | 'answerTurnId'> {
    const team = startTeamHistory(deps.customerHistory?.(), deps.sessions, sessionId, question, customerId);
    const { history, candidates } = readTx(req, sessionId, question, turns);
    return { sessionId, question, history, candidates, team };
  }

  return prepare;
}
