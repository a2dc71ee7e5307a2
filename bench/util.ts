// Small helpers every benchmark shares: numeric options, nearest-rank percentiles, printing.

/** `--name N` from the arguments, or `fallback`; `min` is the smallest value accepted. */
export function numberOption(args: string[], name: string, fallback: number, min = 0): number {
  const k = args.indexOf(`--${name}`);
  const n = k >= 0 ? Number(args[k + 1]) : fallback;
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}, got ${args[k + 1]}`);
  return n;
}

/** Nearest-rank percentile of `values` (any order). */
export function pct(values: readonly number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const out = (line: string): void => void process.stdout.write(line + '\n');

/**
 * Median milliseconds per item of `pass(on)` (which does `items` items) over `passes` passes of each mode, the two
 * alternating (on off, off on, …) so both see the same warm caches and the same machine load.
 */
export function alternatingMedians(passes: number, items: number, pass: (on: boolean) => void): { on: number; off: number } {
  const times: { on: number[]; off: number[] } = { on: [], off: [] };
  for (let r = 0; r < passes; r++) {
    for (const on of r % 2 ? [false, true] : [true, false]) {
      const t0 = performance.now();
      pass(on);
      times[on ? 'on' : 'off'].push((performance.now() - t0) / items);
    }
  }
  const med = (a: number[]): number => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  return { on: med(times.on), off: med(times.off) };
}
