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
  };
}

/** A citation number is unsupported when the engine flagged it or no document with that number was sent. */
export function isUnsupported(view: Pick<AnswerView, 'unsupported' | 'sentDocs'>, n: number): boolean {
  return view.unsupported.includes(n) || !view.sentDocs.some((d) => d.n === n);
}

