// How the engine recovers: a context-overflow retry that is always smaller than what was refused, a dropped
// answer joined with its automatic continuation, which failures get the offline answer at once, and the return
// window that judges a refund request.
import type { Assembled } from './budget';
import type { CompletionResult } from '../llm/run';
import type { Candidate } from './engine-docs';

/**
 * A context strictly smaller (in prompt tokens) than the refused one: assembled for the window the error states
 * (else the model's), then for ¾ of it, up to four times; null when nothing smaller can be built.
 */
export function shrinkAssembly(refused: Assembled, statedLimit: number | undefined, window: number, assemble: (window: number) => Assembled): Assembled | null {
  let w = Math.min(window, statedLimit ?? window);
  for (let i = 0; i < 6; i++) {
    let next: Assembled;
    try {
      next = assemble(w);
    } catch {
      return null;
    }
    if (next.breakdown.total < refused.breakdown.total) return next;
    w = Math.floor(Math.min(w, refused.breakdown.total + next.breakdown.reservedOutput + next.breakdown.margin) * 0.75);
  }
  return null;
}

/** A dropped answer and its automatic continuation as one completion (attempts, usage and time of both). */
export function joinCompletions(a: CompletionResult, b: CompletionResult): CompletionResult {
  const attempts = [...a.attempts, ...b.attempts.map((x) => ({ ...x, attempt: x.attempt + a.attempts.length }))];
  return {
    ...b,
    text: a.text + b.text,
    reasoning: a.reasoning + b.reasoning,
    usage: {
      promptTokens: a.usage.promptTokens + b.usage.promptTokens,
      completionTokens: a.usage.completionTokens + b.usage.completionTokens,
      cachedTokens: a.usage.cachedTokens + b.usage.cachedTokens,
      totalTokens: a.usage.totalTokens + b.usage.totalTokens,
    },
    estimated: a.estimated || b.estimated,
    ttftMs: a.ttftMs,
    latencyMs: a.latencyMs + b.latencyMs,
    attempts,
  };
}

/** The return window of the product the question is about (the first product retrieved), when its policy states one. */
export function productWindow(candidates: readonly Candidate[]): number | null {
  return candidates.find((c) => c.catalog?.product)?.catalog?.windowDays ?? null;
}

/** Failures before any text where the catalog answers at once instead of leaving the agent empty-handed. */
export function fallsBackOffline(code: string): boolean {
  return code === 'network' || code === 'timeout' || code === 'quota' || code === 'auth';
}

