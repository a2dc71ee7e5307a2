// Pure transforms from the usage routes' answers (UsageReport, LatencySeries) to what the charts draw.
import type { LatencyBucket, LatencySeries, UsageReport } from '../../../../shared/usage';
import type { BarStack } from './charts/BarChart';
import type { HBarRow } from './charts/HBarChart';
import type { LineSeries } from './charts/LineChart';
import { PALETTE } from './charts/geometry';

export type DashboardRange = '24h' | '7d' | '30d';
export const RANGES: readonly DashboardRange[] = ['24h', '7d', '30d'];

export interface RangeQuery {
  bucket: LatencyBucket;
  since: string;
  until: string;
  utcOffsetMinutes: number;
  /** Every bucket label of the range, oldest first, at the offset. */
  buckets: string[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The label of the bucket holding `ms` (epoch) at `offset` minutes from UTC. */
export function bucketLabel(ms: number, bucket: LatencyBucket, offset: number): string {
  const iso = new Date(ms + offset * 60_000).toISOString();
  return bucket === 'day' ? iso.slice(0, 10) : `${iso.slice(0, 13)}:00`;
}

/** The query for a range ending now: 24 hourly buckets, or 7 / 30 calendar days at the local offset. */
export function rangeQuery(range: DashboardRange, nowMs: number, utcOffsetMinutes: number): RangeQuery {
  const bucket: LatencyBucket = range === '24h' ? 'hour' : 'day';
  const step = bucket === 'hour' ? HOUR : DAY;
  const count = range === '24h' ? 24 : range === '7d' ? 7 : 30;
  const local = nowMs + utcOffsetMinutes * 60_000;
  const startOfCurrent = local - (local % step);
  const sinceLocal = startOfCurrent - (count - 1) * step;
  const buckets: string[] = [];
  for (let i = 0; i < count; i++) buckets.push(bucketLabel(sinceLocal + i * step, bucket, 0));
  return {
    bucket,
    since: new Date(sinceLocal - utcOffsetMinutes * 60_000).toISOString(),
    until: new Date(startOfCurrent + step - utcOffsetMinutes * 60_000).toISOString(),
    utcOffsetMinutes,
    buckets,
  };
}

export interface LatencyCharts {
  categories: string[];
  ttft: LineSeries[];
  latency: LineSeries[];
  tokensPerSecond: LineSeries[];
}

/** TTFT and total latency p50/p95 and tokens/s over every bucket of the range (gaps where nothing ran). */
export function latencyCharts(series: LatencySeries, buckets: readonly string[], labels: { p50: string; p95: string; rate: string }): LatencyCharts {
  const byBucket = new Map(series.points.map((p) => [p.bucket, p]));
  const extra = series.points.map((p) => p.bucket).filter((b) => !buckets.includes(b));
  const categories = [...buckets, ...extra].sort();
  const pick = (f: (p: LatencySeries['points'][number]) => number | null) => categories.map((b) => {
    const p = byBucket.get(b);
    return p ? f(p) : null;
  });
  return {
    categories,
    ttft: [
      { key: 'ttft-p50', label: labels.p50, color: PALETTE[0], values: pick((p) => p.ttftP50) },
      { key: 'ttft-p95', label: labels.p95, color: PALETTE[1], values: pick((p) => p.ttftP95), dashed: true },
    ],
    latency: [
      { key: 'latency-p50', label: labels.p50, color: PALETTE[0], values: pick((p) => p.latencyP50) },
      { key: 'latency-p95', label: labels.p95, color: PALETTE[1], values: pick((p) => p.latencyP95), dashed: true },
    ],
    tokensPerSecond: [{ key: 'tps', label: labels.rate, color: PALETTE[2], values: pick((p) => p.tokensPerSecondAvg) }],
  };
}

/** A stable color per model name, in order of first appearance. */
export function modelColors(models: readonly string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const name of models) if (!m.has(name)) m.set(name, PALETTE[m.size % PALETTE.length]);
  return m;
}

/** Cost per day, one stack per model; days without usage are drawn empty. */
export function costPerDay(report: UsageReport, days: readonly string[]): { categories: string[]; stacks: BarStack[] } {
  const categories = [...new Set([...days, ...report.rows.map((r) => r.day)])].sort();
  const colors = modelColors(report.byModel.map((m) => m.model));
  const stacks = report.byModel.map((m) => ({
    key: m.model,
    label: m.model,
    color: colors.get(m.model) ?? PALETTE[0],
    values: categories.map((d) => report.rows.filter((r) => r.day === d && r.model === m.model).reduce((s, r) => s + r.costUsd, 0)),
  }));
  return { categories, stacks };
}

export function costPerModel(report: UsageReport): HBarRow[] {
  return report.byModel.map((m) => ({ key: m.model, label: m.model, value: m.costUsd, highlight: true, note: `${m.requests}` }));
}

export function costPer1kByModel(report: UsageReport): HBarRow[] {
  return report.byModel.map((m) => ({ key: m.model, label: m.model, value: m.costPer1kQueries, highlight: true }));
}

/** The same tokens priced on every model of the pricing table, cheapest first; models actually used highlighted. */
export function otherModels(report: UsageReport, per1k: boolean): HBarRow[] {
  const used = new Set(report.byModel.map((m) => m.model));
  return [...report.totals.comparisons]
    .map((c) => ({ key: c.model, label: c.model, value: per1k ? c.costPer1kQueries : c.costUsd, highlight: used.has(c.model), note: c.role }))
    .sort((a, b) => (a.value ?? Infinity) - (b.value ?? Infinity));
}

/** The CSV file name for a range: deskmate-usage-2026-11-21_2026-11-27.csv. */
export function csvFileName(q: RangeQuery): string {
  const first = q.buckets[0]?.slice(0, 10) ?? 'all';
  const last = q.buckets[q.buckets.length - 1]?.slice(0, 10) ?? 'all';
  return `deskmate-usage-${first}_${last}.csv`;
}
