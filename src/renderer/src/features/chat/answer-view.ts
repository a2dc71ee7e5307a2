// What an answer bubble shows, from a live result (this run) or from a stored turn's meta (earlier runs).
// Pure: no React, no DOM.
import { z } from 'zod';
import { Citation, ContextBreakdown, SentDoc, type AnswerResult } from '../../../../shared/answer';
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

const Escalation = z.object({ needed: z.boolean(), reason: z.string().nullable() });
const ErrorShape = z.object({ type: z.string(), message: z.string() });

function field<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | null {
  const r = schema.safeParse(value);
  return r.success ? r.data : null;
}

/** Reads the engine's turn meta leniently: a missing or malformed field is just absent. */
export function viewFromTurn(turn: Turn): AnswerView {
  const m = turn.meta ?? {};
  return {
    text: turn.text,
    status: turn.status,
    mode: turn.status === 'offline' || m.mode === 'offline' ? 'offline' : 'online',
    citations: field(z.array(Citation), m.citations) ?? [],
    sentDocs: field(z.array(SentDoc), m.sentDocs) ?? [],
    unsupported: field(z.array(z.number().int()), m.unsupportedCitations) ?? [],
    noInformation: field(z.boolean(), m.noInformation) ?? false,
    escalation: field(Escalation, m.escalation),
    error: field(ErrorShape, m.error),
    context: field(ContextBreakdown, m.context),
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

