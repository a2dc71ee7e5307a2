// The typed `meta` of a stored answer turn: written only by the engine's answer lifecycle
// (src/main/rag/answer-lifecycle.ts), read by the renderer, the CLI and retrieval (citations of earlier turns).
import { z } from 'zod';
import { Citation, ContextBreakdown, SentDoc, Usage } from './answer';
import { AnswerErrorInfo, toErrorCode } from './errors';
import { TeamHistoryMeta } from './team';

export const Escalation = z.object({ needed: z.boolean(), reason: z.string().nullable() });
export type Escalation = z.infer<typeof Escalation>;

export const AnswerTurnMeta = z.object({
  mode: z.enum(['online', 'offline']),
  /** The request writing this turn (set at start; the renderer finds a live stream by it). */
  requestId: z.string().optional(),
  model: z.string().optional(),
  citations: z.array(Citation).optional(),
  unsupportedCitations: z.array(z.number().int()).optional(),
  noInformation: z.boolean().optional(),
  escalation: Escalation.optional(),
  sentDocs: z.array(SentDoc).optional(),
  context: ContextBreakdown.nullable().optional(),
  usage: Usage.optional(),
  costUsd: z.number().optional(),
  ttftMs: z.number().nullable().optional(),
  latencyMs: z.number().optional(),
  /** Offline answers: which documents the composer found facts in. */
  fits: z.boolean().optional(),
  error: AnswerErrorInfo.nullable().optional(),
  /** A drop mid-answer was continued automatically once (never twice). */
  autoContinued: z.boolean().optional(),
  /** Team hub: earlier turns of this customer from other desks were in the prompt, or why not (local only). */
  teamHistory: TeamHistoryMeta.optional(),
});
export type AnswerTurnMeta = z.infer<typeof AnswerTurnMeta>;

function field<T extends z.ZodType>(schema: T, value: unknown): z.output<T> | undefined {
  const r = schema.safeParse(value);
  return r.success ? r.data : undefined;
}

/**
 * Reads stored meta leniently, field by field: a missing or malformed field is absent, never an error (turns
 * written by older versions still show). Old error types (`aborted`, Moonshot types) map onto the vocabulary.
 */
export function readAnswerMeta(meta: unknown): Partial<AnswerTurnMeta> {
  if (typeof meta !== 'object' || meta === null || Array.isArray(meta)) return {};
  const m = meta as Record<string, unknown>;
  const out: Partial<AnswerTurnMeta> = {};
  const shape = AnswerTurnMeta.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    if (key === 'error') continue;
    const v = field(shape[key], m[key]);
    if (v !== undefined) (out as Record<string, unknown>)[key] = v;
  }
  const e = m.error;
  if (e === null) out.error = null;
  else if (typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string') {
    const raw = e as { type: string; message?: unknown; upstream?: unknown };
    out.error = {
      type: toErrorCode(raw.type),
      message: typeof raw.message === 'string' ? raw.message : '',
      ...(typeof raw.upstream === 'string' ? { upstream: raw.upstream } : {}),
    };
  }
  return out;
}
