// The Kimi layer's public surface (import from here, not from the files).
export { MODEL_TABLE, DEFAULT_FALLBACK_WINDOW, resolveModel, type ModelInfo, type ResolvedModel } from './models';
export {
  kimiConfigFromEnv,
  timeoutsFor,
  PROFILE_TIMEOUTS,
  AUTO_BOUNDS,
  DEFAULT_BASE_URL,
  DEFAULT_MODEL,
  type KimiConfig,
  type ConnectionProfile,
  type Timeouts,
  type ObservedLatency,
} from './config';
export { LlmError, classifyError, agentMessageFor, TRANSIENT_KINDS, type LlmErrorKind } from './errors';
export { redactSecrets } from './redact';
export { normaliseStream, parseUsage } from './stream';
export { createKimiClient, createKimiClientCache, buildChatBody, type KimiClientOptions } from './client';
export { DEFAULT_RETRY_POLICY, backoffDelay, sleep, type RetryPolicy } from './backoff';
export {
  runCompletion,
  continueRequest,
  estimateUsage,
  estimateTokens,
  type AttemptRecord,
  type AttemptOutcome,
  type CompletionResult,
  type CompletionStatus,
  type RetryNotice,
  type RunCompletionOptions,
} from './run';
export { createLatencyTracker, type LatencySample } from './latency';
export type { ChatMessage, ChatRequest, Usage, StreamEvent, StreamOptions, KimiClient, PingResult, Clock } from './types';
