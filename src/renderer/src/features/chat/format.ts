// Answer text helpers: [Doc-N] citations as links for the Markdown renderer, the plain-text "copy with sources" and
// the plain reply for a ticketing tool (Markdown turned into clean text: lists, tables, emphasis, code). Pure.
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

/** The link target the Markdown renderer turns back into a citation button (a fragment: never fetched). */
export const CITE_PREFIX = '#cite-';

/** Code spans and fenced blocks, where `[Doc-1]` is literal text. */
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]*`)/g;

/** Each citation as a Markdown link `[Doc-N](#cite-N)` (outside code), so the renderer can make it a button. */
export function citationsToLinks(text: string): string {
  return text
    .split(CODE)
    .map((part, i) =>
      i % 2 === 1 ? part : part.replace(CITATION, (m) => [...m.matchAll(/\d+/g)].map((d) => `[Doc-${d[0]}](${CITE_PREFIX}${d[0]})`).join('')),
    )
    .join('');
}

/** One Markdown table row as plain text: cells separated by " | " without the outer pipes; separator rows vanish. */
function tableRow(line: string): string | null {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  const cells = inner.split(/(?<!\\)\|/).map((c) => c.trim());
  if (cells.every((c) => /^:?-{2,}:?$/.test(c))) return null;
  return cells.join(' | ');
}

/**
 * Markdown as plain text: no emphasis, headings, code fences, quote marks or link syntax; bullets as "- ",
 * numbered items kept, tables as "a | b" rows; at most one blank line in a row. `[Doc-N]` markers are kept unless
 * `dropCitations`.
 */
export function markdownToPlain(text: string, dropCitations = false): string {
  const lines: string[] = [];
  let fenced = false;
  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      lines.push(raw);
      continue;
    }
    let line = raw;
    if (/^\s*\|.*\|\s*$/.test(line)) {
      const row = tableRow(line);
      if (row === null) continue;
      line = row;
    }
    if (/^\s*([-*_])(\s*\1){2,}\s*$/.test(line)) continue; // horizontal rule
    line = line
      .replace(/^\s{0,3}#{1,6}\s+/, '')
      .replace(/^(\s*)>\s?/, '$1')
      .replace(/^(\s*)[*+•-][ \t]+\[([ xX])\][ \t]+/, (_m, ind: string, box: string) => `${ind}- [${box.trim() ? 'x' : ' '}] `)
      .replace(/^(\s*)[*+•-][ \t]+/, '$1- ');
    lines.push(line);
  }
  let out = lines.join('\n');
  if (dropCitations) out = out.replace(CITATION, '');
  return out
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/(?<![\w\]])\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, label: string, href: string) => (label === href ? href : `${label} (${href})`))
    .replace(/\*\*(.+?)\*\*/gs, '$1')
    .replace(/__(.+?)__/gs, '$1')
    .replace(/~~(.+?)~~/gs, '$1')
    .replace(/(^|[\s(])[*_](\S(?:.*?\S)?)[*_](?=[\s).,!?:;]|$)/gm, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|])/g, '$1')
    .replace(/[ \t]+([.,!?;:。，！？；：])/g, '$1')
    .replace(/([^ \t\n])[ \t]{2,}/g, '$1 ')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The answer as plain text plus a list of the documents it cites, for pasting into notes. */
export function copyWithSources(text: string, sentDocs: readonly SentDoc[], heading = 'Sources'): string {
  const used = citedNumbers(text);
  const lines = used.map((n) => {
    const d = sentDocs.find((x) => x.n === n);
    return d ? `[Doc-${n}] ${d.name} (${d.productId})` : `[Doc-${n}] (not among the documents sent)`;
  });
  const plain = markdownToPlain(text);
  return lines.length > 0 ? `${plain}\n\n${heading}:\n${lines.join('\n')}` : plain;
}

/**
 * The answer as a customer reply in plain text: no citation markers, no Markdown (emphasis, headings, code,
 * tables as "a | b" rows), bullets as "- ", at most one blank line in a row.
 */
export function toPlainReply(text: string): string {
  return markdownToPlain(text, true);
}
