// Usage reports by day × model, with what the same tokens would cost on every other priced model.
import {
  UsageOutcome,
  type ModelComparison,
  type PriceEntry,
  type UsageFigures,
  type UsageReport,
} from '../../shared/usage';
import type { LedgerGroup, TimeRange, UsageLedger } from './ledger';
import { resolveRange } from './ledger';
import { costPico, picoToUsd, type PricingTable } from './pricing';

type Sums = Omit<LedgerGroup, 'day' | 'model'>;

/** The ledger's model name for answers composed from the catalog (no model call, $0). */
export const OFFLINE_MODEL = 'offline';

function emptySums(): Sums {
  return {
    attempts: 0,
    requests: 0,
    promptTokens: 0,
    cachedTokens: 0,
    completionTokens: 0,
    estimatedAttempts: 0,
    unpricedAttempts: 0,
    costPico: 0,
    outcomes: {},
  };
}

export function addSums(a: Sums, b: Sums): Sums {
  const outcomes: Partial<Record<UsageOutcome, number>> = { ...a.outcomes };
  for (const o of UsageOutcome.options) outcomes[o] = (a.outcomes[o] ?? 0) + (b.outcomes[o] ?? 0);
  return {
    attempts: a.attempts + b.attempts,
    requests: a.requests + b.requests,
    promptTokens: a.promptTokens + b.promptTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    completionTokens: a.completionTokens + b.completionTokens,
    estimatedAttempts: a.estimatedAttempts + b.estimatedAttempts,
    unpricedAttempts: a.unpricedAttempts + b.unpricedAttempts,
    costPico: a.costPico + b.costPico,
    outcomes,
  };
}

/** Cost per 1,000 answered questions, in USD; null without requests. */
export function per1k(costPicoTotal: number, requests: number): number | null {
  return requests > 0 ? picoToUsd((costPicoTotal * 1000) / requests) : null;
}

/** The same tokens priced on each model of `prices` except `own` (case-insensitive). */
export function comparisons(s: Sums, prices: readonly PriceEntry[], own?: string): ModelComparison[] {
  const ownKey = own?.toLowerCase();
  return prices
    .filter((p) => p.model.toLowerCase() !== ownKey)
    .map((p) => {
      const pico = costPico(p, s);
      return { model: p.model, role: p.role, costUsd: picoToUsd(pico), costPer1kQueries: per1k(pico, s.requests) };
    });
}

export function figures(s: Sums, prices: readonly PriceEntry[], own?: string): UsageFigures {
  const outcomes = Object.fromEntries(UsageOutcome.options.map((o) => [o, s.outcomes[o] ?? 0])) as Record<UsageOutcome, number>;
  return {
    requests: s.requests,
    attempts: s.attempts,
    promptTokens: s.promptTokens,
    cachedTokens: s.cachedTokens,
    completionTokens: s.completionTokens,
    estimatedAttempts: s.estimatedAttempts,
    unpricedAttempts: s.unpricedAttempts,
    outcomes,
    costUsd: picoToUsd(s.costPico),
    costPer1kQueries: per1k(s.costPico, s.requests),
    comparisons: comparisons(s, prices, own),
  };
}

/** since/until: instants, or calendar days `YYYY-MM-DD` at utcOffsetMinutes (until's day included). */
export type ReportOptions = TimeRange;

/** Pure: builds the report from SQL day × model groups and the current pricing table. */
export function buildUsageReport(groups: readonly LedgerGroup[], prices: readonly PriceEntry[], opts: ReportOptions = {}): UsageReport {
  const range = resolveRange(opts);
  const byModel = new Map<string, Sums>();
  let totals = emptySums();
  let online = emptySums();
  for (const g of groups) {
    byModel.set(g.model, addSums(byModel.get(g.model) ?? emptySums(), g));
    totals = addSums(totals, g);
    if (g.model !== OFFLINE_MODEL) online = addSums(online, g);
  }
  return {
    since: range.since ?? null,
    until: range.until ?? null,
    utcOffsetMinutes: opts.utcOffsetMinutes ?? 0,
    rows: groups.map((g) => ({ day: g.day, model: g.model, ...figures(g, prices, g.model) })),
    byModel: [...byModel.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([model, s]) => ({ model, ...figures(s, prices, model) })),
    totals: figures(totals, prices),
    online: figures(online, prices),
    offlineRequests: byModel.get(OFFLINE_MODEL)?.requests ?? 0,
  };
}

/** Usage by day × model over [since, until), priced against the current pricing table. */
export function usageReport(ledger: UsageLedger, pricing: PricingTable, opts: ReportOptions = {}): UsageReport {
  return buildUsageReport(ledger.aggregate(opts), pricing.listPrices(), opts);
}
