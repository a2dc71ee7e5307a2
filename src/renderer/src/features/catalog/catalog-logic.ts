// Pure helpers of the catalog screen: query-term highlighting, import progress and sizes.

export interface Segment {
  text: string;
  hit: boolean;
}

/** Splits `text` into plain and matched segments for the query's words (case-insensitive, 2+ characters). */
export function highlight(text: string, query: string): Segment[] {
  const words = [...new Set(query.toLowerCase().split(/[\s,.;:!?()"'[\]{}]+/u).filter((w) => w.length >= 2 || /[^\x00-\x7f]/.test(w)))];
  if (!words.length || !text) return text ? [{ text, hit: false }] : [];
  const re = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).sort((a, b) => b.length - a.length).join('|'), 'giu');
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) out.push({ text: text.slice(last, at), hit: false });
    out.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}

/** 0–100, or null while the total is unknown. */
export function progressPercent(p: { bytes: number; totalBytes: number }): number | null {
  if (!(p.totalBytes > 0)) return null;
  return Math.max(0, Math.min(100, Math.round((p.bytes / p.totalBytes) * 100)));
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

/** The file types the importer reads. */
export const IMPORT_ACCEPT = '.jsonl,.ndjson,.json,.csv';
