// Latency over time: exact percentiles (nearest rank on the sorted bucket) and mean tokens/s per bucket.
import type { LatencyBucket, LatencyFigures, LatencySeries, UsageOutcome } from '../../shared/usage';
import type { TimeRange, TimingRow, UsageLedger } from './ledger';

/** Nearest-rank percentile of ascending-sorted values: the ⌈p/100 · n⌉-th value. Null when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number | null {
  if (sorted.length === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new Error(`percentile must be within 0–100, got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Accumulates one group's values; figures() sorts them (typed arrays sort numerically, fast). */
class Acc {
  attempts = 0;
  ttft: number[] = [];
  latency: number[] = [];
  tpsSum = 0;
  tpsCount = 0;

  add(r: TimingRow): void {
    this.attempts++;
    if (r.ttftMs !== null && Number.isFinite(r.ttftMs)) this.ttft.push(r.ttftMs);
    if (Number.isFinite(r.latencyMs)) this.latency.push(r.latencyMs);
    if (r.tokensPerSecond !== null && Number.isFinite(r.tokensPerSecond)) {
      this.tpsSum += r.tokensPerSecond;
      this.tpsCount++;
    }
  }

  figures(): LatencyFigures {
    const ttft = Float64Array.from(this.ttft).sort();
    const latency = Float64Array.from(this.latency).sort();
    return {
      attempts: this.attempts,
      ttftP50: percentile(ttft, 50),
      ttftP95: percentile(ttft, 95),
      latencyP50: percentile(latency, 50),
      latencyP95: percentile(latency, 95),
      tokensPerSecondAvg: this.tpsCount ? this.tpsSum / this.tpsCount : null,
    };
  }
}

/** Pure: the figures of one group of attempts. */
export function latencyFigures(rows: readonly TimingRow[]): LatencyFigures {
  const acc = new Acc();
  for (const r of rows) acc.add(r);
  return acc.figures();
}

/** Pure: groups timing rows by their bucket label (ascending) with their figures, plus the totals. */
export function buildLatencySeries(
  rows: readonly TimingRow[],
  opts: { bucket: LatencyBucket; utcOffsetMinutes?: number; model?: string },
): LatencySeries {
  const groups = new Map<string, Acc>();
  const all = new Acc();
  for (const r of rows) {
    let g = groups.get(r.bucket);
    if (!g) groups.set(r.bucket, (g = new Acc()));
    g.add(r);
    all.add(r);
  }
  return {
    bucket: opts.bucket,
    utcOffsetMinutes: opts.utcOffsetMinutes ?? 0,
    model: opts.model ?? null,
    points: [...groups.keys()].sort().map((bucket) => ({ bucket, ...(groups.get(bucket) ?? new Acc()).figures() })),
    totals: all.figures(),
  };
}

/** since/until: instants, or calendar days `YYYY-MM-DD` at utcOffsetMinutes (until's day included). */
export interface LatencyOptions extends TimeRange {
  bucket: LatencyBucket;
  model?: string;
  /** Which attempts count; default only completed answers (`ok`). */
  outcomes?: readonly UsageOutcome[];
}

/** TTFT and latency p50/p95 and mean tokens/s per hour or day, from the ledger. */
export function latencySeries(ledger: UsageLedger, opts: LatencyOptions): LatencySeries {
  const rows = ledger.timings({ ...opts, outcomes: opts.outcomes ?? ['ok'] });
  return buildLatencySeries(rows, opts);
}
