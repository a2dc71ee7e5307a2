// A short excerpt around the matched terms, built from the stored fields.
import { fold } from './tokenize';
import { foldedField, type Field, type Fields } from './rerank';
import type { PlannedTerm } from './plan';

const ORDER: Field[] = ['faqs', 'specs', 'manual', 'policy', 'name'];
const WIDTH = 160;
/** Characters of a field read for a snippet: a huge field (imported before the limits) costs no more than this. */
export const SNIPPET_SCAN = 20_000;

function flat(text: string): string {
  return (text.length > SNIPPET_SCAN ? text.slice(0, SNIPPET_SCAN) : text).replace(/\s+/g, ' ').trim();
}

/** Flattened and folded copies of a document's fields, kept as long as the fields object. */
const flatCache = new WeakMap<Fields, Partial<Record<Field, [string, string]>>>();
function flatField(f: Fields, field: Field): [string, string] {
  let c = flatCache.get(f);
  if (!c) flatCache.set(f, (c = {}));
  let v = c[field];
  if (!v) {
    const text = flat(f[field]);
    c[field] = v = [text, text ? fold(text) : ''];
  }
  return v;
}

/**
 * Which terms a field holds is read from the scorer's folded copy of the whole field (rerank.ts foldedField, already
 * made to score it): a term holds no whitespace, so flattening whitespace neither makes nor breaks an occurrence —
 * only a field longer than SNIPPET_SCAN (cut before flattening) is searched in its flattened copy. Only the field
 * the snippet comes from is flattened.
 */
export function snippetOf(f: Fields, terms: readonly PlannedTerm[]): string {
  let best: { field: Field; hits: number } | undefined;
  for (const field of ORDER) {
    const raw = f[field];
    if (!raw) continue;
    const lower = raw.length > SNIPPET_SCAN ? flatField(f, field)[1] : foldedField(f, field);
    let hits = 0;
    for (const t of terms) if (lower.includes(t.term)) hits++;
    if (hits > 0 && (!best || hits > best.hits)) best = { field, hits };
  }
  if (best) {
    const [text, lower] = flatField(f, best.field);
    let at = -1;
    for (const t of terms) {
      const i = lower.indexOf(t.term);
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    return excerpt(text, at);
  }
  const text = flat(f.faqs || f.specs || f.policy || f.name);
  return text.length > WIDTH ? `${text.slice(0, WIDTH).replace(/\s\S*$/, '')}…` : text;
}

/** WIDTH characters of `text` around offset `found` (of its folded copy), cut at spaces. */
function excerpt(text: string, found: number): string {
  // fold() may change lengths for a few characters; the offset is a close approximation, clamp it.
  const at = Math.min(found, text.length);
  let start = Math.max(0, at - 50);
  if (start > 0) {
    const sp = text.indexOf(' ', start);
    if (sp !== -1 && sp < at) start = sp + 1;
  }
  let end = Math.min(text.length, start + WIDTH);
  if (end < text.length) {
    const sp = text.lastIndexOf(' ', end);
    if (sp > at) end = sp;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}
