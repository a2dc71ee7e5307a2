// Token counts of what a prompt is made of: exact counts once per document (stored in the catalog) and per system
// prompt, safe upper bounds until the encoder is ready, and the "fits by upper bound" shortcut that skips exact
// counting when the whole prompt fits anyway.
import type { Turn } from '../../shared/domain';
import { setTokenCounts } from '../catalog';
import { manualTokens, type Candidate } from './engine-docs';
import { docBound } from './budget';
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
    // What is counted, and where each count goes: a document's stored count (its rendered body: with a manual,
    // without the passages), a passage's count kept with its rendering.
    const texts: string[] = [];
    const put: ((n: number) => void)[] = [];
    const stored: (readonly [string, number])[] = [];
    const storeFor = (c: Candidate) => (n: number) => {
      if (c.catalog !== null) stored.push([c.budget.id, n]);
    };
    for (const c of missing) {
      const m = c.manual;
      if (!m) {
        texts.push(c.budget.text);
        put.push((n) => ((c.budget.tokens = n), storeFor(c)(n)));
        continue;
      }
      if (m.baseTokens === null) {
        texts.push(m.base);
        put.push((n) => ((m.baseTokens = n), storeFor(c)(n)));
      }
      for (const i of m.chosen) {
        if (m.passages.tokens[i]! >= 0) continue;
        texts.push(m.passages.texts[i]!);
        put.push((n) => (m.passages.tokens[i] = n));
      }
    }
    if (!systemCounts.has(prompt)) {
      texts.push(prompt);
      put.push((n) => systemCounts.set(prompt, n));
    }
    if (texts.length === 0) return;
    const counts = await deps.tokenizer.countMany(texts);
    if (!deps.tokenizer.exact) return;
    put.forEach((f, i) => f(counts[i]!));
    for (const c of missing) if (c.manual) c.budget.tokens = manualTokens(c.manual);
    if (stored.length > 0) setTokenCounts(deps.db, stored);
  }

  return {
    cache,
    systemTokens: (prompt) => systemCounts.get(prompt),
    countMissing,
    fitsByUpperBound(room, prompt, p) {
      let total = upperBound(prompt) + upperBound(p.question.text) + 64;
      for (const t of p.history) total += upperBound(t.text) + 8;
      for (const c of p.candidates) total += docBound(c.budget) + 16;
      return total <= room;
    },
    countLater(p, prompt) {
      void countMissing(p.candidates, prompt)
        .then(() => primeTurns(p.history, cache, deps.tokenizer))
        .catch(() => {});
    },
  };
}
