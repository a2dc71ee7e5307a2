// What an answer bubble shows, from a live result (this run) or from a stored turn's meta (earlier runs).
// Pure: no React, no DOM.
import type { Citation, ContextBreakdown, SentDoc, AnswerResult } from '../../../../shared/answer';
import { readAnswerMeta } from '../../../../shared/turn-meta';
import type { Turn, TurnStatus } from '../../../../shared/domain';

export interface AnswerView {
  text: string;
  status: TurnStatus;
  mode: 'online' | 'offline';
  citations: Citation[];
  sentDocs: SentDoc[];
  unsupported: number[];
  noInformation: boolean;
  escalation: { needed: boolean; reason: string | null } | null;
  error: { type: string; message: string } | null;
  context: ContextBreakdown | null;
  /** What this answer took, shown on demand ("Details"); null when nothing was measured. */
  metrics: AnswerMetrics | null;
  /** The agent's thumbs up/down (chat.feedback), stored in the turn's meta. */
  feedback: AnswerFeedback | null;
}

export interface AnswerMetrics {
  ttftMs: number | null;
  latencyMs: number | null;
  costUsd: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  model: string | null;
  attempts: number | null;
}

export interface AnswerFeedback {
  rating: 'up' | 'down';
  reason: string | null;
}

function feedbackOf(meta: unknown): AnswerFeedback | null {
  const f = typeof meta === 'object' && meta !== null ? (meta as { feedback?: unknown }).feedback : undefined;
  if (typeof f !== 'object' || f === null) return null;
  const { rating, reason } = f as { rating?: unknown; reason?: unknown };
  if (rating !== 'up' && rating !== 'down') return null;
  return { rating, reason: typeof reason === 'string' ? reason : null };
}

/** Reads the engine's typed turn meta (src/shared/turn-meta.ts) leniently: a malformed field is just absent. */
export function viewFromTurn(turn: Turn): AnswerView {
  const m = readAnswerMeta(turn.meta);
  return {
    text: turn.text,
    status: turn.status,
    mode: turn.status === 'offline' || m.mode === 'offline' ? 'offline' : 'online',
    citations: m.citations ?? [],
    sentDocs: m.sentDocs ?? [],
    unsupported: m.unsupportedCitations ?? [],
    noInformation: m.noInformation ?? false,
    escalation: m.escalation ?? null,
    error: m.error ?? null,
    context: m.context ?? null,
    metrics:
      m.latencyMs !== undefined || m.ttftMs !== undefined || m.costUsd !== undefined
        ? {
            ttftMs: m.ttftMs ?? null,
            latencyMs: m.latencyMs ?? null,
            costUsd: m.costUsd ?? null,
            promptTokens: m.usage?.promptTokens ?? null,
            completionTokens: m.usage?.completionTokens ?? null,
            model: m.model ?? null,
            attempts: null,
          }
        : null,
    feedback: feedbackOf(turn.meta),
  };
}

export function viewFromResult(r: AnswerResult): AnswerView {
  const status: TurnStatus = r.mode === 'offline' ? 'offline' : r.status;
  return {
    text: r.answer,
    status,
    mode: r.mode,
    citations: r.citations,
    sentDocs: r.sentDocs,
    unsupported: r.unsupportedCitations,
    noInformation: r.noInformation,
    escalation: r.escalation,
    error: r.error,
    context: r.context,
    metrics: {
      ttftMs: r.ttftMs,
      latencyMs: r.latencyMs,
      costUsd: r.costUsd,
      promptTokens: r.usage.promptTokens,
      completionTokens: r.usage.completionTokens,
      model: r.model,
      attempts: r.attempts,
    },
    feedback: null,
  };
}

/** A citation number is unsupported when the engine flagged it or no document with that number was sent. */
export function isUnsupported(view: Pick<AnswerView, 'unsupported' | 'sentDocs'>, n: number): boolean {
  return view.unsupported.includes(n) || !view.sentDocs.some((d) => d.n === n);
}

