// Usage ledger, pricing and report shapes shared by main and renderer. No node, electron or react imports.
import { z } from 'zod';

/** How one attempt ended. `retried`: this attempt failed and another attempt of the same question followed. */
export const UsageOutcome = z.enum(['ok', 'interrupted', 'aborted', 'error', 'retried', 'offline']);
export type UsageOutcome = z.infer<typeof UsageOutcome>;

export const UsageMode = z.enum(['online', 'offline']);
export type UsageMode = z.infer<typeof UsageMode>;

const tokens = z.number().int().min(0);
const ms = z.number().finite().min(0);

/** What the engine hands to `UsageLedger.record` for one attempt. Strict: unknown keys (e.g. a key) are rejected. */
export const UsageRecordInput = z
  .strictObject({
    /** ISO time; defaults to the ledger clock. */
    at: z.string().optional(),
    sessionId: z.string().min(1),
    turnId: z.number().int().nullable().optional(),
    model: z.string().min(1).max(200),
    /** 1-based attempt number of this question. */
    attempt: z.number().int().min(1),
    promptTokens: tokens,
    completionTokens: tokens,
    cachedTokens: tokens,
    /** True when the counts are local estimates (the stream broke before usage arrived). */
    estimated: z.boolean(),
    ttftMs: ms.nullable(),
    latencyMs: ms,
    tokensPerSecond: z.number().finite().min(0).nullable(),
    /** Computed from the pricing table at record time when not given. */
    costUsd: z.number().finite().min(0).optional(),
    outcome: UsageOutcome,
    errorType: z.string().max(500).optional(),
    mode: UsageMode,
  })
  .refine((r) => r.cachedTokens <= r.promptTokens, {
    message: 'cachedTokens cannot exceed promptTokens',
    path: ['cachedTokens'],
  });
export type UsageRecordInput = z.input<typeof UsageRecordInput>;

/** One stored ledger row. */
export const UsageRow = z.object({
  id: z.number().int(),
  at: z.string(),
  sessionId: z.string(),
  turnId: z.number().int().nullable(),
  model: z.string(),
  attempt: z.number().int(),
  promptTokens: tokens,
  completionTokens: tokens,
  cachedTokens: tokens,
  estimated: z.boolean(),
  ttftMs: z.number().nullable(),
  latencyMs: z.number(),
  tokensPerSecond: z.number().nullable(),
  costUsd: z.number(),
  /** False when the model had no price at record time (cost recorded as 0). */
  priced: z.boolean(),
  outcome: UsageOutcome,
  errorType: z.string().nullable(),
  mode: UsageMode,
});
export type UsageRow = z.infer<typeof UsageRow>;

/** `called`: a model we send requests to. `comparison`: listed only to compare costs. */
export const PriceRole = z.enum(['called', 'comparison']);
export type PriceRole = z.infer<typeof PriceRole>;

const usdPerMillion = z.number().finite().min(0).max(100_000);

/** Prices in USD per 1M tokens. */
export const PriceInput = z.strictObject({
  input: usdPerMillion,
  cachedInput: usdPerMillion,
  output: usdPerMillion,
});
export type PriceInput = z.infer<typeof PriceInput>;

export const PriceEntry = z.object({
  model: z.string(),
  input: z.number(),
  cachedInput: z.number(),
  output: z.number(),
  role: PriceRole,
  provider: z.string(),
  note: z.string(),
  updatedAt: z.string(),
});
export type PriceEntry = z.infer<typeof PriceEntry>;

/** What the same tokens would have cost on another model of the pricing table (current prices). */
export const ModelComparison = z.object({
  model: z.string(),
  role: PriceRole,
  costUsd: z.number(),
  costPer1kQueries: z.number().nullable(),
});
export type ModelComparison = z.infer<typeof ModelComparison>;

const countsByOutcome = z.record(UsageOutcome, z.number().int());

/** Aggregate figures of a group of attempts (one day × model, one model, or everything). */
export const UsageFigures = z.object({
  /** Answered questions: final attempts (every outcome except `retried`). */
  requests: z.number().int(),
  attempts: z.number().int(),
  promptTokens: z.number().int(),
  cachedTokens: z.number().int(),
  completionTokens: z.number().int(),
  /** Attempts whose token counts were estimates. */
  estimatedAttempts: z.number().int(),
  /** Attempts recorded without a price (cost counted as 0). */
  unpricedAttempts: z.number().int(),
  outcomes: countsByOutcome,
  costUsd: z.number(),
  /** costUsd × 1000 / requests; null without requests. */
  costPer1kQueries: z.number().nullable(),
  comparisons: z.array(ModelComparison),
});
export type UsageFigures = z.infer<typeof UsageFigures>;

export const UsageReportRow = UsageFigures.extend({ day: z.string(), model: z.string() });
export type UsageReportRow = z.infer<typeof UsageReportRow>;

export const UsageModelTotal = UsageFigures.extend({ model: z.string() });
export type UsageModelTotal = z.infer<typeof UsageModelTotal>;

/** How the answers of a range went (stored answer turns): offline, escalated, no information, thumbs up / down. */
export const AnswerQuality = z.object({
  answers: z.number().int(),
  offline: z.number().int(),
  escalations: z.number().int(),
  noInformation: z.number().int(),
  feedbackUp: z.number().int(),
  feedbackDown: z.number().int(),
});
export type AnswerQuality = z.infer<typeof AnswerQuality>;

export const UsageReport = z.object({
  since: z.string().nullable(),
  until: z.string().nullable(),
  /** Days are calendar days at this offset from UTC (minutes). */
  utcOffsetMinutes: z.number().int(),
  /** Rows by day ascending, then model. */
  rows: z.array(UsageReportRow),
  byModel: z.array(UsageModelTotal),
  totals: UsageFigures,
  /** The model-written answers only: offline answers (model "offline", $0) left out, so cost per 1,000 agrees with the by-model chart. */
  online: UsageFigures.optional(),
  /** Offline answers in the range (composed from the catalog, no model call, no cost). */
  offlineRequests: z.number().int().optional(),
  quality: AnswerQuality.optional(),
});
export type UsageReport = z.infer<typeof UsageReport>;

export const LatencyBucket = z.enum(['hour', 'day']);
export type LatencyBucket = z.infer<typeof LatencyBucket>;

export const LatencyFigures = z.object({
  attempts: z.number().int(),
  ttftP50: z.number().nullable(),
  ttftP95: z.number().nullable(),
  latencyP50: z.number().nullable(),
  latencyP95: z.number().nullable(),
  tokensPerSecondAvg: z.number().nullable(),
});
export type LatencyFigures = z.infer<typeof LatencyFigures>;

export const LatencyPoint = LatencyFigures.extend({
  /** Bucket label: `YYYY-MM-DD` (day) or `YYYY-MM-DDTHH:00` (hour), at the series' UTC offset. */
  bucket: z.string(),
});
export type LatencyPoint = z.infer<typeof LatencyPoint>;

export const LatencySeries = z.object({
  bucket: LatencyBucket,
  utcOffsetMinutes: z.number().int(),
  model: z.string().nullable(),
  points: z.array(LatencyPoint),
  totals: LatencyFigures,
});
export type LatencySeries = z.infer<typeof LatencySeries>;
