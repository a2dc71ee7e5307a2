// Turning what happened into the AnswerResult every surface shows, and into ledger rows (one per attempt).
import type { Turn } from '../../shared/domain';
import type { AnswerResult, ContextBreakdown, SentDoc } from '../../shared/answer';
import type { UsageLedger } from '../usage/ledger';
import { picoToUsd } from '../usage/pricing';
import type { AttemptRecord, CompletionResult } from '../llm/run';
import type { AnswerErrorInfo } from '../../shared/errors';
import type { Assembled } from './budget';
import type { Candidate } from './engine-docs';
import { errorCodeOf } from '../llm/errors';

export interface Analysis {
  citations: { n: number; productId: string; name: string }[];
  unsupportedCitations: number[];
  noInformation: boolean;
  escalation: { needed: boolean; reason: string | null };
}

interface PreparedLike {
  sessionId: string;
  question: Turn;
}

/** Writes each attempt as a ledger row; returns the summed cost in USD. */
export function recordAttempts(ledger: Pick<UsageLedger, 'pricing' | 'record'>, attempts: readonly AttemptRecord[], ctx: { sessionId: string; turnId: number }): number {
  let pico = 0;
  for (const a of attempts) {
    const price = ledger.pricing.price(a.model, a.usage);
    pico += price.costPico;
    ledger.record({
      at: new Date(a.startedAt).toISOString(),
      sessionId: ctx.sessionId,
      turnId: ctx.turnId,
      model: a.model,
      attempt: a.attempt,
      promptTokens: a.usage.promptTokens,
      completionTokens: a.usage.completionTokens,
      cachedTokens: Math.min(a.usage.cachedTokens, a.usage.promptTokens),
      estimated: a.estimated,
      ttftMs: a.ttftMs,
      latencyMs: a.latencyMs,
      tokensPerSecond: a.tokensPerSecond,
      outcome: a.outcome,
      mode: 'online',
      ...(a.errorType ? { errorType: a.errorType } : {}),
    });
  }
  return picoToUsd(pico);
}

/** An LLM failure in the shared vocabulary; after streamed text a broken connection is a drop. */
export function errorInfo(err: NonNullable<CompletionResult['error']>, streamed: boolean): AnswerErrorInfo {
  const type = errorCodeOf(err.kind, { streamed });
  const message =
    type === 'dropped' ? 'The connection dropped while Kimi was answering. The partial answer is kept and continues when the network is back.' : err.agentMessage;
  return { type, message, ...(err.upstreamType ? { upstream: err.upstreamType } : {}) };
}

export function resultFromCompletion(o: {
  p: PreparedLike;
  completion: CompletionResult;
  text: string;
  /** Text arrived in this request (a failure after it is a drop, not "unreachable"). */
  streamed: boolean;
  answerTurnId: number;
  sentDocs: SentDoc[];
  context: ContextBreakdown | null;
  analysis: Analysis;
  model: string;
  costUsd: number;
}): AnswerResult {
  const c = o.completion;
  const status = c.status === 'complete' ? 'complete' : c.status === 'error' && o.text.trim() === '' ? 'error' : 'interrupted';
  const err = c.error;
  return {
    answer: o.text,
    mode: 'online',
    status,
    citations: o.analysis.citations,
    unsupportedCitations: o.analysis.unsupportedCitations,
    noInformation: o.analysis.noInformation,
    escalation: o.analysis.escalation,
    usage: { ...c.usage, estimated: c.estimated },
    costUsd: o.costUsd,
    ttftMs: c.ttftMs,
    latencyMs: c.latencyMs,
    attempts: c.attempts.length,
    sessionId: o.p.sessionId,
    questionTurnId: o.p.question.id,
    answerTurnId: o.answerTurnId,
    model: o.model,
    sentDocs: o.sentDocs,
    context: o.context,
    queued: false,
    error: c.status === 'aborted' ? { type: 'stopped', message: 'Stopped. The partial answer is kept.' } : err ? errorInfo(err, o.streamed) : null,
  };
}

export function offlineResult(o: {
  p: PreparedLike;
  answerTurnId: number;
  text: string;
  sentDocs: SentDoc[];
  analysis: Analysis;
  latencyMs: number;
  reason: AnswerErrorInfo | null;
  model: string;
}): AnswerResult {
  return {
    answer: o.text,
    mode: 'offline',
    status: 'complete',
    citations: o.analysis.citations,
    unsupportedCitations: o.analysis.unsupportedCitations,
    noInformation: o.analysis.noInformation,
    escalation: o.analysis.escalation,
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0, estimated: false },
    costUsd: 0,
    ttftMs: null,
    latencyMs: o.latencyMs,
    attempts: 0,
    sessionId: o.p.sessionId,
    questionTurnId: o.p.question.id,
    answerTurnId: o.answerTurnId,
    model: o.model,
    sentDocs: o.sentDocs,
    context: null,
    queued: true,
    error: o.reason,
  };
}

/** The context meter's figures of an assembled request. */
export function toBreakdown(a: Assembled): ContextBreakdown {
  const b = a.breakdown;
  return {
    window: b.window,
    reservedOutput: b.reservedOutput,
    system: b.system + b.overhead,
    history: b.history,
    documents: b.documents,
    message: b.message,
    margin: b.margin,
    total: b.total,
    droppedTurns: a.droppedTurns,
    droppedDocs: a.droppedDocs,
  };
}

/** The documents an assembled request sends, as the result lists them: with a manual's passages sent (not the whole
 * manual; not cut short), where they are in it. The sent documents are the first of the candidates, in order. */
export function sent(a: Assembled, candidates: readonly Candidate[] = []): SentDoc[] {
  return a.sentDocs.map(({ n, productId, name, kind, truncated }, i) => {
    const m = candidates[i]?.budget.id === productId ? candidates[i]!.manual : undefined;
    if (!m || truncated || m.chosen.length === m.passages.texts.length) return { n, productId, name, kind };
    const r = m.passages.ranges;
    return { n, productId, name, kind, manualRanges: m.chosen.map((c) => [r[2 * c]!, r[2 * c + 1]!] as [number, number]) };
  });
}
