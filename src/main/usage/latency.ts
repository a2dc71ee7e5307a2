// Latency over time: exact percentiles (nearest rank on the sorted bucket) and mean tokens/s per bucket.
import type { LatencyBucket, LatencyFigures, LatencySeries, UsageOutcome } from '../../shared/usage';
import type { TimeBound, TimingRow, UsageLedger } from './ledger';
import { offsetModifier } from './ledger';

/** Nearest-rank percentile of ascending-sorted values: the ⌈p/100 · n⌉-th value. Null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0–100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

function ascending(values: Iterable<number | null>): number[] {
  const out: number[] = [];
  for (const v of values) if (v !== null && Number.isFinite(v)) out.push(v);
  return out.sort((a, b) => a - b);
}

/** Pure: the figures of one group of attempts. */
export function latencyFigures(rows: readonly TimingRow[]): LatencyFigures {
  const ttft = ascending(rows.map((r) => r.ttftMs));
  const latency = ascending(rows.map((r) => r.latencyMs));
  const tps = ascending(rows.map((r) => r.tokensPerSecond));
  return {
    attempts: rows.length,
    ttftP50: percentile(ttft, 50),
    ttftP95: percentile(ttft, 95),
    latencyP50: percentile(latency, 50),
    latencyP95: percentile(latency, 95),
    tokensPerSecondAvg: tps.length ? tps.reduce((a, b) => a + b, 0) / tps.length : null,
  };
}

/** Bucket label of an ISO time at a fixed UTC offset: `YYYY-MM-DD` or `YYYY-MM-DDTHH:00`. */
export function bucketOf(iso: string, bucket: LatencyBucket, utcOffsetMinutes = 0): string {
  offsetModifier(utcOffsetMinutes); // validates
  const shifted = new Date(Date.parse(iso) + utcOffsetMinutes * 60_000).toISOString();
  return bucket === 'day' ? shifted.slice(0, 10) : `${shifted.slice(0, 13)}:00`;
}

/** Pure: groups timing rows into buckets (ascending) with their figures, plus the totals. */
export function buildLatencySeries(
  rows: readonly TimingRow[],
  opts: { bucket: LatencyBucket; utcOffsetMinutes?: number; model?: string },
): LatencySeries {
  const offset = opts.utcOffsetMinutes ?? 0;
  const groups = new Map<string, TimingRow[]>();
  for (const r of rows) {
    const key = bucketOf(r.at, opts.bucket, offset);
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return {
    bucket: opts.bucket,
    utcOffsetMinutes: offset,
    model: opts.model ?? null,
    points: [...groups.keys()].sort().map((bucket) => ({ bucket, ...latencyFigures(groups.get(bucket) ?? []) })),
    totals: latencyFigures(rows),
  };
}

export interface LatencyOptions {
  bucket: LatencyBucket;
  since?: TimeBound;
  until?: TimeBound;
  utcOffsetMinutes?: number;
  model?: string;
  /** Which attempts count; default only completed answers (`ok`). */
  outcomes?: readonly UsageOutcome[];
}

/** TTFT and latency p50/p95 and mean tokens/s per hour or day, from the ledger. */
export function latencySeries(ledger: UsageLedger, opts: LatencyOptions): LatencySeries {
  const rows = ledger.timings({ since: opts.since, until: opts.until, model: opts.model, outcomes: opts.outcomes ?? ['ok'] });
  return buildLatencySeries(rows, opts);
}
