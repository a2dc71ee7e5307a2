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
