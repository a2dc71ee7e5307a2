// The outcome of one question, as the engine reports it to every surface (CLI --json, HTTP, renderer).
import { z } from 'zod';
import { AnswerErrorInfo } from './errors';

export const Citation = z.object({ n: z.number().int(), productId: z.string(), name: z.string() });
export type Citation = z.infer<typeof Citation>;

export const Usage = z.object({
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  totalTokens: z.number().int(),
  estimated: z.boolean(),
});
export type Usage = z.infer<typeof Usage>;

/** How the model window was spent for this request (the context meter). */
export const ContextBreakdown = z.object({
  window: z.number().int(),
  reservedOutput: z.number().int(),
  system: z.number().int(),
  history: z.number().int(),
  documents: z.number().int(),
  message: z.number().int(),
  margin: z.number().int(),
  total: z.number().int(),
  droppedTurns: z.number().int(),
  droppedDocs: z.number().int(),
});
export type ContextBreakdown = z.infer<typeof ContextBreakdown>;

export const AnswerMode = z.enum(['online', 'offline']);
export const AnswerStatus = z.enum(['complete', 'interrupted', 'error']);

export const AnswerError = z.object({ type: z.string(), message: z.string(), retryable: z.boolean() });
export type AnswerError = z.infer<typeof AnswerError>;

export const SentDoc = z.object({
  n: z.number().int(),
  productId: z.string(),
  name: z.string(),
  kind: z.enum(['product', 'policy', 'manual', 'ticket']),
  /** A product with a long manual: the passages of it that were sent, as [start, end) character offsets in the
   * manual (the rest of it was not; absent: the whole document went, or it was cut short). */
  manualRanges: z
    .array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]))
    .max(200)
    .optional(),
});
export type SentDoc = z.infer<typeof SentDoc>;

export const AnswerResult = z.object({
  answer: z.string(),
  mode: AnswerMode,
  status: AnswerStatus,
  citations: z.array(Citation),
  unsupportedCitations: z.array(z.number().int()),
  noInformation: z.boolean(),
  escalation: z.object({ needed: z.boolean(), reason: z.string().nullable() }),
  usage: Usage,
  costUsd: z.number(),
  ttftMs: z.number().nullable(),
  latencyMs: z.number(),
  attempts: z.number().int(),
  sessionId: z.string(),
  /** The stored customer turn and the stored answer turn. */
  questionTurnId: z.number().int(),
  answerTurnId: z.number().int().nullable(),
  model: z.string(),
  sentDocs: z.array(SentDoc),
  context: ContextBreakdown.nullable(),
  /** True when the question was kept to be re-asked online (offline answers). */
  queued: z.boolean(),
  /** In the shared vocabulary (src/shared/errors.ts). */
  error: AnswerErrorInfo.nullable(),
});
export type AnswerResult = z.infer<typeof AnswerResult>;
