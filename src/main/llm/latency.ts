// Recent attempt timings, feeding the `auto` connection profile (timeoutsFor('auto', tracker.observed())).
import type { ObservedLatency } from './config';

export interface LatencySample {
  ttftMs: number | null;
  maxGapMs: number | null;
}

/** Keeps the last `size` first-token times and inter-token gaps (a ring per series; O(1) per add). */
export function createLatencyTracker(size = 50) {
  const ttft: number[] = [];
  const gaps: number[] = [];
  /** Frozen copies, made at most once per change (timeoutsFor works out the p95 of a frozen array once). */
  let snapshot: ObservedLatency | null = null;
  const push = (xs: number[], v: number): void => {
    xs.push(v);
    if (xs.length > size) xs.shift();
    snapshot = null;
  };
  return {
    /** Add one attempt (an AttemptRecord fits); attempts that never produced a token add nothing. */
    add(s: LatencySample): void {
      if (s.ttftMs !== null && Number.isFinite(s.ttftMs)) push(ttft, s.ttftMs);
      if (s.maxGapMs !== null && Number.isFinite(s.maxGapMs)) push(gaps, s.maxGapMs);
    },
    observed(): ObservedLatency {
      return (snapshot ??= { ttftMs: Object.freeze(ttft.slice()), gapMs: Object.freeze(gaps.slice()) });
    },
  };
}
