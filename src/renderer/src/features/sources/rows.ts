// The sources list of one answer. Pure.
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
