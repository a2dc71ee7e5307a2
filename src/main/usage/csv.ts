// CSV export of a usage report (RFC 4180: CRLF line ends, fields quoted when they hold , " CR or LF).
import type { UsageReport } from '../../shared/usage';

export function csvField(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return fields.map(csvField).join(',') + '\r\n';
}

/**
 * One line per day × model: counts, tokens, cost, cost per 1,000 queries, then one `cost_on:<model>`
 * column per priced model (empty on the row's own model).
 */
export function toCsv(report: UsageReport): string {
  const models: string[] = [];
  for (const r of [report.totals, ...report.rows]) {
    for (const c of r.comparisons) if (!models.includes(c.model)) models.push(c.model);
  }
  const header = [
    'day',
    'model',
    'requests',
    'attempts',
    'prompt_tokens',
    'cached_tokens',
    'completion_tokens',
    'estimated_attempts',
    'unpriced_attempts',
    'cost_usd',
    'cost_per_1k_queries_usd',
    ...models.map((m) => `cost_on:${m}`),
  ];
  const lines = report.rows.map((r) => {
    const cmp = new Map(r.comparisons.map((c) => [c.model, c.costUsd]));
    return csvLine([
      r.day,
      r.model,
      r.requests,
      r.attempts,
      r.promptTokens,
      r.cachedTokens,
      r.completionTokens,
      r.estimatedAttempts,
      r.unpricedAttempts,
      r.costUsd,
      r.costPer1kQueries,
      ...models.map((m) => cmp.get(m) ?? null),
    ]);
  });
  return csvLine(header) + lines.join('');
}
