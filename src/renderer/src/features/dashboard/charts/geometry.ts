// Shared layout of the SVG charts: a fixed viewBox scaled to the container width, the plot area inside
// the margins, and which category labels fit on the x axis.

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const DEFAULT_FRAME: Frame = { width: 640, height: 240, left: 64, right: 16, top: 12, bottom: 36 };

export function plotWidth(f: Frame): number {
  return f.width - f.left - f.right;
}
export function plotHeight(f: Frame): number {
  return f.height - f.top - f.bottom;
}

/** Center x of category `i` of `n` equal bands across the plot. */
export function bandCenter(f: Frame, i: number, n: number): number {
  const band = plotWidth(f) / Math.max(1, n);
  return f.left + band * (i + 0.5);
}

export function bandWidth(f: Frame, n: number): number {
  return plotWidth(f) / Math.max(1, n);
}

/** Indexes of the category labels to draw so that about `max` labels show, always including the last. */
export function labelIndexes(n: number, max = 8): number[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const every = Math.ceil(n / max);
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  if (out[out.length - 1] !== n - 1) {
    if (n - 1 - out[out.length - 1] < every / 2) out.pop();
    out.push(n - 1);
  }
  return out;
}

/** Splits a series with gaps into runs of consecutive defined points: [[i, v], …] per run. */
export function definedRuns(values: readonly (number | null)[]): [number, number][][] {
  const runs: [number, number][][] = [];
  let cur: [number, number][] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (cur.length) runs.push(cur);
      cur = [];
    } else cur.push([i, v]);
  });
  if (cur.length) runs.push(cur);
  return runs;
}

/** Short axis label for a bucket: `2026-11-27` → `11-27`, `2026-11-27T13:00` → `13:00`. */
export function shortBucket(bucket: string): string {
  const hour = /T(\d{2}:\d{2})/.exec(bucket);
  if (hour) return hour[1];
  const day = /^\d{4}-(\d{2}-\d{2})$/.exec(bucket);
  return day ? day[1] : bucket;
}

export const PALETTE = ['#2563eb', '#db2777', '#059669', '#d97706', '#7c3aed', '#0891b2', '#dc2626', '#4b5563'];
