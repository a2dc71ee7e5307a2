// Small policies of the engine: which retrieved documents are worth sending, what the agent reads while a retry waits.
import type { CatalogHit } from '../../shared/domain';

/**
 * Drops the long tail of weak matches: documents scoring under `floor` × the best score (at least 3 kept).
 * Documents found through the conversation (score 0: looked up by id) are always kept. Every document sent is
 * paid for as input tokens on every question, and noise dilutes the model's grounding.
 */
export function relevant(hits: CatalogHit[], floor: number): CatalogHit[] {
  const best = Math.max(0, ...hits.map((h) => h.score));
  if (best <= 0 || floor <= 0) return hits;
  return hits.filter((h, i) => i < 3 || h.score === 0 || h.score >= best * floor);
}

const RETRY_REASON: Partial<Record<string, string>> = {
  network: "Can't reach Kimi",
  timeout: 'Kimi is slow to answer',
  server: 'Kimi had a server error',
  overloaded: 'Kimi is busy',
  rate_limit: 'Kimi rate limit reached',
  stream_error: 'The answer stream failed before any text',
};

/** What the agent sees while a retry waits: why, and when the next try starts. */
export function retryNotice(kind: string, delayMs: number, failedAttempt: number): string {
  const secs = Math.max(1, Math.round(delayMs / 1000));
  return `${RETRY_REASON[kind] ?? 'Kimi failed'} — trying again in ${secs} s (attempt ${failedAttempt + 1}). Your question is saved.`;
}
