// Token counts of what a prompt is made of: exact counts once per document (stored in the catalog) and per system
// prompt, safe upper bounds until the encoder is ready, and the "fits by upper bound" shortcut that skips exact
// counting when the whole prompt fits anyway.
import type { Turn } from '../../shared/domain';
import { setTokenCounts } from '../catalog';
import type { Candidate } from './engine-docs';
import type { EngineDeps } from './engine-deps';
import { TokenCache, primeTurns } from './token-cache';
import { upperBound } from './tokens';

/** What of a prepared question goes into the prompt besides the system prompt. */
export interface PromptParts {
  question: Turn;
  history: Turn[];
  candidates: Candidate[];
}

export interface PromptCounts {
  /** Exact counts of turns, kept across questions. */
  readonly cache: TokenCache;
  /** Exact count of a system prompt, once counted. */
  systemTokens(prompt: string): number | undefined;
  /** Exact counts for what has none yet (once ever per document). Until the encoder is ready, nothing is counted. */
  countMissing(candidates: Candidate[], prompt: string): Promise<void>;
  fitsByUpperBound(room: number, prompt: string, p: PromptParts): boolean;
  /** After an answer: exact counts for the documents and turns it used, stored for the next question. */
  countLater(p: PromptParts, prompt: string): void;
}

export function createPromptCounts(deps: Pick<EngineDeps, 'tokenizer' | 'db'>): PromptCounts {
  const cache = new TokenCache();
  const systemCounts = new Map<string, number>();

  async function countMissing(candidates: Candidate[], prompt: string): Promise<void> {
    if (!deps.tokenizer.exact) return;
    const missing = candidates.filter((c) => c.budget.tokens === null);
    const texts = missing.map((c) => c.budget.text);
    if (!systemCounts.has(prompt)) texts.push(prompt);
    if (texts.length === 0) return;
    const counts = await deps.tokenizer.countMany(texts);
    if (!deps.tokenizer.exact) return;
    missing.forEach((c, i) => (c.budget.tokens = counts[i]));
    if (!systemCounts.has(prompt)) systemCounts.set(prompt, counts[counts.length - 1]);
    const stored = missing.filter((c) => c.catalog !== null).map((c) => [c.budget.id, c.budget.tokens as number] as const);
    if (stored.length > 0) setTokenCounts(deps.db, stored);
  }

  return {
    cache,
    systemTokens: (prompt) => systemCounts.get(prompt),
    countMissing,
    fitsByUpperBound(room, prompt, p) {
      let total = upperBound(prompt) + upperBound(p.question.text) + 64;
      for (const t of p.history) total += upperBound(t.text) + 8;
      for (const c of p.candidates) total += (c.budget.tokens ?? upperBound(c.budget.text)) + 16;
      return total <= room;
    },
    countLater(p, prompt) {
      void countMissing(p.candidates, prompt)
        .then(() => primeTurns(p.history, cache, deps.tokenizer))
        .catch(() => {});
    },
  };
}
