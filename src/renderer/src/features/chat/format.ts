// Answer text helpers: split out [Doc-N] citations for rendering, the "copy with sources" text and the plain
// reply for a ticketing tool. Pure.
import type { SentDoc } from '../../../../shared/answer';

export type Segment = { type: 'text'; text: string; bold: boolean } | { type: 'cite'; n: number; raw: string };

/** `[Doc-1]`, `[Doc 2]`, `[Doc-1, Doc-3]`, `[doc_4; 5]`, full-width `【Doc-1】`. */
const CITATION = /[[【]\s*doc[\s_-]*\d+(?:\s*[,，、;]\s*(?:doc[\s_-]*)?\d+)*\s*[\]】]/giu;

function pushText(out: Segment[], text: string): void {
  if (!text) return;
  // **bold** is the only markdown the model uses that matters for reading
  const parts = text.split(/\*\*(.+?)\*\*/gs);
  parts.forEach((part, i) => {
    if (part) out.push({ type: 'text', text: part, bold: i % 2 === 1 });
  });
}

export function splitCitations(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(CITATION)) {
    const at = m.index ?? 0;
    pushText(out, text.slice(last, at));
    const nums = [...m[0].matchAll(/\d+/g)].map((d) => Number(d[0]));
    for (const n of nums) out.push({ type: 'cite', n, raw: m[0] });
    last = at + m[0].length;
  }
  pushText(out, text.slice(last));
  return out;
}

/** The citation numbers an answer uses, in first-use order. */
export function citedNumbers(text: string): number[] {
  const seen: number[] = [];
  for (const s of splitCitations(text)) if (s.type === 'cite' && !seen.includes(s.n)) seen.push(s.n);
  return seen;
}

/** The answer as written plus a list of the documents it cites, for pasting into notes. */
export function copyWithSources(text: string, sentDocs: readonly SentDoc[], heading = 'Sources'): string {
  const used = citedNumbers(text);
  const lines = used.map((n) => {
    const d = sentDocs.find((x) => x.n === n);
    return d ? `[Doc-${n}] ${d.name} (${d.productId})` : `[Doc-${n}] (not among the documents sent)`;
  });
  return lines.length > 0 ? `${text.trim()}\n\n${heading}:\n${lines.join('\n')}` : text.trim();
}

/**
 * The answer as a customer reply in plain text: no citation markers, no markdown emphasis or headings,
 * bullets as "- ", at most one blank line in a row.
 */
export function toPlainReply(text: string): string {
  return text
    .replace(CITATION, '')
    .replace(/\*\*(.+?)\*\*/gs, '$1')
    .replace(/(^|\s)\*(\S.*?)\*(?=\s|$|[.,!?])/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/^[ \t]*[*•][ \t]+/gm, '- ')
    .replace(/[ \t]+([.,!?;:。，！？；：])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
