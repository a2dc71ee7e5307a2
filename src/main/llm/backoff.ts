// Retry policy: jittered exponential backoff, honouring server hints, and an abortable sleep.
import type { LlmError } from './errors';

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  /** First backoff step; doubles per retry. */
  baseDelayMs: number;
  /** Cap of the exponential backoff. */
  maxDelayMs: number;
  /** Longest server-requested wait (Retry-After / "try again after S seconds") we sit through; longer → give up. */
  maxHintDelayMs: number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** In [0, 1); injectable for tests. */
  random?: () => number;
}

export const DEFAULT_RETRY_POLICY: Readonly<Required<Omit<RetryPolicy, 'sleep' | 'random'>>> = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxHintDelayMs: 20_000,
};

/** Resolves after `ms`, or at once when `signal` aborts (the caller checks `signal.aborted`). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted || ms <= 0) return resolve();
    const done = (): void => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * How long to wait before retry number `retry` (1 = first retry) after `err`, or null when the server asks for
 * longer than `maxHintDelayMs` (then we stop and tell the agent how long to wait).
 * - With a hint: the hint plus up to 10 % jitter.
 * - Without: equal-jitter exponential, d = min(maxDelay, base·2^(retry−1)), delay ∈ [d/2, d); rate limits wait ≥ 1 s.
 */
export function backoffDelay(retry: number, err: LlmError, policy: RetryPolicy): number | null {
  const random = policy.random ?? Math.random;
  if (err.retryAfterMs !== undefined) {
    if (err.retryAfterMs > policy.maxHintDelayMs) return null;
    return Math.round(err.retryAfterMs * (1 + 0.1 * random()));
  }
  const d = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const delay = Math.round(d / 2 + (random() * d) / 2);
  return err.kind === 'rate_limit' ? Math.max(1_000, delay) : delay;
}
