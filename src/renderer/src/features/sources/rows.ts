// The sources list of one answer, and the marked passages of a manual. Pure.
import type { SentDoc } from '../../../../shared/answer';

export interface SourceRow {
  n: number;
  doc: SentDoc | null;
  status: 'cited' | 'sent' | 'unsupported';
}

/** Sent documents in number order, with how the answer used them; cited numbers never sent come last. */
export function sourceRows(sentDocs: readonly SentDoc[], cited: readonly number[], unsupported: readonly number[]): SourceRow[] {
  const rows: SourceRow[] = [...sentDocs]
    .sort((a, b) => a.n - b.n)
    .map((d) => ({ n: d.n, doc: d, status: unsupported.includes(d.n) ? 'unsupported' : cited.includes(d.n) ? 'cited' : 'sent' }));
  for (const n of new Set([...cited, ...unsupported])) {
    if (!sentDocs.some((d) => d.n === n)) rows.push({ n, doc: null, status: 'unsupported' });
  }
  return rows;
}

/** The manual as text and marked runs: the [start, end) ranges (sorted, clamped, overlaps merged) are marked. */
export function manualSegments(manual: string, ranges: readonly (readonly [number, number])[]): { text: string; sent: boolean }[] {
  const sorted = ranges
    .map(([a, b]) => [Math.max(0, Math.min(a, manual.length)), Math.max(0, Math.min(b, manual.length))] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: { text: string; sent: boolean }[] = [];
  let at = 0;
  for (const [a, b] of sorted) {
    const from = Math.max(a, at);
    if (b <= from) continue;
    if (from > at) out.push({ text: manual.slice(at, from), sent: false });
    out.push({ text: manual.slice(from, b), sent: true });
    at = b;
  }
  if (at < manual.length) out.push({ text: manual.slice(at), sent: false });
  return out;
}
