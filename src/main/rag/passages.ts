// A product manual's passages: split once when the product is rendered (engine-docs.ts keeps them with the
// rendering), chosen per question. The prompt carries the passages of a long manual that hold the question's words
// instead of its first few thousand characters: the answer to "how do I reset it" is often past them, and twenty
// products with 6,000-character manuals sent whole made a ~120-KB request (tokens paid, parsed upstream, encoded
// here) of which the question used a few hundred characters.
import { STOP_WORDS } from '../catalog/stopwords';
import { fold, queryTerms } from '../catalog/tokenize';
import { filterOf, forEachWord, mayHold, wordHash, wordOnly, type WordFilter } from '../catalog/word-filter';

/** Longest passage (characters): a paragraph is cut at a sentence end, else at a space, below this. */
export const PASSAGE_CHARS = 600;
/** Characters of a manual that are split into passages (the import keeps up to 200,000): a passage past them is
 * never chosen. Bounds the memory of one rendering and the work of splitting it. */
export const MANUAL_SCAN = 60_000;
/** Characters of passages per product: the first TOP_DOCS catalog products of a question (what it is most likely
 * about) get MANUAL_TOP, the others MANUAL_REST. A manual no longer than that is sent whole. */
export const MANUAL_TOP = 2_400;
export const MANUAL_REST = 800;
export const TOP_DOCS = 3;
/** Ends the counted part of a product with a manual; the chosen passages follow it. */
export const MANUAL_INTRO = '\nManual (the passages relevant to this question):';
/** Between passages that are not next to each other in the manual, and around the chosen ones when the manual
 * goes on before or after them. */
export const PASSAGE_GAP = '\n[…]';

export interface Passages {
  /** Each passage as it goes into the prompt: a line break, then its text (trimmed). Slices of one string. */
  texts: string[];
  /** Word filters of each passage's folded text (word-filter.ts): whether it may hold a word of the question. */
  filters: WordFilter[];
  /** Exact token counts of `texts` once counted (-1: not yet). Filled by the engine after an answer. */
  tokens: Int32Array;
  /** Characters of all passages (without their line breaks). */
  chars: number;
}

/** A question's words as the passages are searched for them: word terms by hash (and the hash of their first
 * STEM characters, -1 for a shorter word), others (CJK bigrams) by text. */
export interface PassageTerms {
  hashes: number[];
  stems: number[];
  texts: string[];
}

export const NO_TERMS: PassageTerms = { hashes: [], stems: [], texts: [] };

/** A word and its other forms share their first STEM characters ("descale", "descaling"; "battery", "batteries"):
 * a passage's filter holds each of its words and, for words this long, their first STEM characters. */
export const STEM = 5;
const stemHash = (text: string, from: number): number => (wordHash(text, from, from + STEM) ^ 0x9e3779b9) >>> 0;

/** The terms of `question` that choose passages: its words and CJK bigrams, stop words and single letters left out. */
export function passageTerms(question: string): PassageTerms {
  const out: PassageTerms = { hashes: [], stems: [], texts: [] };
  for (const { term, kind } of queryTerms(question)) {
    if (STOP_WORDS.has(term) || (kind === 'word' && term.length < 2 && !/\d/.test(term))) continue;
    if (kind === 'word' && wordOnly(term)) {
      out.hashes.push(wordHash(term));
      out.stems.push(term.length >= STEM ? stemHash(term, 0) : -1);
    } else out.texts.push(term);
  }
  return out;
}

/** The filter of one passage: its folded words, and their stems. */
function passageFilter(text: string): WordFilter {
  const folded = fold(text);
  const hashes: number[] = [];
  forEachWord(folded, (from, to) => {
    hashes.push(wordHash(folded, from, to));
    if (to - from >= STEM) hashes.push(stemHash(folded, from));
  });
  return filterOf(hashes);
}

const SENTENCE_END = /[.!?;:]\s|[。！？；]|\n/g;

/** Cuts one paragraph (trimmed, no blank line inside) into pieces of at most PASSAGE_CHARS characters. */
function cutParagraph(p: string, out: string[]): void {
  let rest = p;
  while (rest.length > PASSAGE_CHARS) {
    const window = rest.slice(0, PASSAGE_CHARS);
    let cut = -1;
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(window); m; m = SENTENCE_END.exec(window)) if (m.index + 1 >= PASSAGE_CHARS / 2) cut = m.index + 1;
    if (cut < 0) {
      const space = window.lastIndexOf(' ');
      cut = space >= PASSAGE_CHARS / 2 ? space : PASSAGE_CHARS;
      const c = rest.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
    }
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) out.push(rest);
}

/** The passages of a manual: paragraphs (blank-line separated), short ones merged, long ones cut; null if empty. */
export function splitManual(manual: string): Passages | null {
  const text = manual.length > MANUAL_SCAN ? manual.slice(0, MANUAL_SCAN) : manual;
  const pieces: string[] = [];
  let open = '';
  for (const raw of text.split(/\n[ \t\r]*\n/)) {
    const para = raw.trim();
    if (!para) continue;
    if (open && open.length + 2 + para.length <= PASSAGE_CHARS) {
      open += `\n\n${para}`;
      continue;
    }
    if (open) pieces.push(open);
    open = '';
    if (para.length <= PASSAGE_CHARS) open = para;
    else cutParagraph(para, pieces);
  }
  if (open) pieces.push(open);
  const kept = pieces.filter((p) => p.length > 0);
  if (kept.length === 0) return null;
  // One flat string and slices of it: a rendering keeps neither the row it was read from nor a copy per passage.
  const all = kept.map((p) => `\n${p}`).join('');
  const texts: string[] = [];
  let at = 0;
  let chars = 0;
  for (const p of kept) {
    texts.push(all.slice(at, at + 1 + p.length));
    at += 1 + p.length;
    chars += p.length;
  }
  return { texts, filters: kept.map(passageFilter), tokens: new Int32Array(kept.length).fill(-1), chars };
}

/**
 * The passages (indexes, in manual order) to send for a question within `budget` characters: all of a manual that
 * fits; else the passages holding the question's words (or other forms of them: STEM), the rarest words in the manual weighing most
 * (ln(1 + passages / passages holding the word)), best first while they fit; else (no word of the question in the
 * manual) its first passage, where manuals say what the product is.
 */
export function choosePassages(p: Passages, terms: PassageTerms, budget: number): number[] {
  const n = p.texts.length;
  if (p.chars <= budget) return Array.from({ length: n }, (_, i) => i);
  const nTerms = terms.hashes.length + terms.texts.length;
  let scores: Float64Array | null = null;
  if (nTerms > 0) {
    const hit = new Uint8Array(n * nTerms);
    const df = new Uint32Array(nTerms);
    for (let i = 0; i < n; i++) {
      const f = p.filters[i]!;
      for (let t = 0; t < terms.hashes.length; t++) {
        const stem = terms.stems[t]!;
        if (mayHold(f, terms.hashes[t]!) || (stem >= 0 && mayHold(f, stem))) {
          hit[i * nTerms + t] = 1;
          df[t]!++;
        }
      }
      for (let t = 0; t < terms.texts.length; t++) {
        if (p.texts[i]!.includes(terms.texts[t]!)) {
          hit[i * nTerms + terms.hashes.length + t] = 1;
          df[terms.hashes.length + t]!++;
        }
      }
    }
    scores = new Float64Array(n);
    let any = false;
    for (let i = 0; i < n; i++) {
      for (let t = 0; t < nTerms; t++) if (hit[i * nTerms + t]) scores[i]! += Math.log(1 + n / df[t]!);
      if (scores[i]! > 0) any = true;
    }
    if (!any) scores = null;
  }
  if (!scores) return [0];
  const s = scores;
  const order = Array.from({ length: n }, (_, i) => i)
    .filter((i) => s[i]! > 0)
    .sort((a, b) => s[b]! - s[a]! || a - b);
  const chosen: number[] = [];
  let left = budget;
  for (const i of order) {
    const len = p.texts[i]!.length - 1;
    if (len > left) continue;
    chosen.push(i);
    left -= len;
  }
  if (chosen.length === 0) chosen.push(order[0]!); // one passage is at most PASSAGE_CHARS, whatever the budget
  return chosen.sort((a, b) => a - b);
}

/** The prompt pieces of the chosen passages, with gap marks where the manual goes on between or around them. */
export function passagePieces(p: Passages, chosen: readonly number[]): string[] {
  const out: string[] = [];
  let prev = -1;
  for (const i of chosen) {
    if (i !== prev + 1) out.push(PASSAGE_GAP);
    out.push(p.texts[i]!);
    prev = i;
  }
  if (prev !== p.texts.length - 1) out.push(PASSAGE_GAP);
  return out;
}

/** What a Passages object keeps alive, about (for the renderings' byte bound). */
export function passagesBytes(p: Passages): number {
  let bytes = 64 + p.tokens.byteLength;
  for (let i = 0; i < p.texts.length; i++) bytes += 2 * p.texts[i]!.length + p.filters[i]!.words.byteLength + 96;
  return bytes;
}
