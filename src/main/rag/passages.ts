// A product manual's passages: split once when the product is rendered (engine-docs.ts keeps them with the
// rendering), chosen per question. The prompt carries the passages of a long manual that hold the question's words
// instead of its first few thousand characters: the answer to "how do I reset it" is often past them, and twenty
// products with 6,000-character manuals sent whole made a ~120-KB request (tokens paid, parsed upstream, encoded
// here) of which the question used a few hundred characters.
import { STOP_WORDS } from '../catalog/stopwords';
import { DIACRITIC_CANDIDATES, fold, queryTerms } from '../catalog/tokenize';
import { isWordUnit, wordOnly } from '../catalog/word-filter';
import { stringBytes } from '../string-bytes';

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
  /** Each passage as it goes into the prompt: a line break, then its text (trimmed). */
  texts: string[];
  /** The texts joined and folded as fold() folds a word (lower case; Latin letters without their diacritics): what
   * the question's words are looked for in. Kept (one more copy of the manual per rendering): searching the manual's
   * own text for each needle in three cases cost ~1.7× more per question; Bloom filters of each passage's words made
   * choosing ~3× faster (4 vs 11 µs for a 6,000-character manual) but a rendering ~5× slower (120 vs 23 µs), and with a
   * catalog larger than the renderings' bound renderings are what a question mostly pays for. */
  lower: string;
  /** Where each passage begins (at its line break) in `lower`. */
  starts: Int32Array;
  /** Where each passage is in the manual: [start, end) character offsets, two per passage (a merged passage's range
   * covers the blank lines between its paragraphs). The agent's view of the manual marks the passages sent. */
  ranges: Int32Array;
  /** Exact token counts of `texts` once counted (-1: not yet). Filled by the engine after an answer. */
  tokens: Int32Array;
  /** Characters of all passages (without their line breaks). */
  chars: number;
  /** Bytes of the texts and of `lower` (stringBytes). */
  textBytes: number;
}

/** A question's words as the passages are searched for them: a word by its first STEM characters at the start of
 * a word of the manual (a shorter word: the whole word), others (CJK bigrams) anywhere; each either the question's
 * own or a word of the customer's message before it (`earlier`): "How often should I do that?" after "How do I
 * descale it?" still finds the descaling passage, and "Does it pair over bluetooth?" after it puts the pairing
 * passages first. */
export interface PassageTerms {
  /** Folded (lower case, no diacritics) text to find. */
  needles: string[];
  /** 0: anywhere (CJK); 1: at a word start (a stem); 2: a whole word. */
  match: Uint8Array;
  earlier: boolean[];
}

export const NO_TERMS: PassageTerms = { needles: [], match: new Uint8Array(0), earlier: [] };

/** A word and its other forms share their first STEM characters ("descale", "descaling"; "battery", "batteries"),
 * and so do a few unrelated words that start alike, which only costs a passage ranked a little too high. */
export const STEM = 5;

/** The terms that choose passages: the words and CJK bigrams of `question` and of the customer's `previous`
 * message, stop words and single letters left out. */
export function passageTerms(question: string, previous?: string): PassageTerms {
  const needles: string[] = [];
  const match: number[] = [];
  const earlier: boolean[] = [];
  const seen = new Set<string>();
  const add = (text: string, before: boolean): void => {
    for (const { term, kind } of queryTerms(text)) {
      if (STOP_WORDS.has(term) || (kind === 'word' && term.length < 2 && !/\d/.test(term))) continue;
      const word = kind === 'word' && wordOnly(term);
      const needle = word && term.length > STEM ? term.slice(0, STEM) : term;
      if (seen.has(needle)) continue;
      seen.add(needle);
      needles.push(needle);
      match.push(!word ? 0 : term.length >= STEM ? 1 : 2);
      earlier.push(before);
    }
  };
  add(question, false);
  if (previous) add(previous, true);
  return { needles, match: Uint8Array.from(match), earlier };
}

/** Whether a sentence ends right after text[i]: `.!?;:` before a space or line break, a CJK full stop, a line break. */
function endsSentence(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c === 10 || c === 0x3002 || c === 0xff01 || c === 0xff1f || c === 0xff1b) return true;
  if (c !== 46 && c !== 33 && c !== 63 && c !== 59 && c !== 58) return false;
  const next = text.charCodeAt(i + 1);
  return next === 32 || next === 10 || next === 9 || next === 13;
}

/** Cuts one paragraph (trimmed, no blank line inside; `p.slice(from)`'s text starts at offset `from` of the manual)
 * into pieces of at most PASSAGE_CHARS characters: after the last sentence end in the second half of the window, else
 * at its last space, else hard. Each piece goes to `out` with its [start, end) in the manual. */
function cutParagraph(p: string, from: number, out: Piece[]): void {
  let at = 0;
  while (p.length - at > PASSAGE_CHARS) {
    const limit = at + PASSAGE_CHARS;
    let cut = -1;
    for (let i = limit - 1; i >= at + PASSAGE_CHARS / 2 - 1 && cut < 0; i--) if (endsSentence(p, i)) cut = i + 1;
    if (cut < 0) {
      const space = p.lastIndexOf(' ', limit);
      cut = space >= at + PASSAGE_CHARS / 2 ? space : limit;
      const c = p.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
    }
    const raw = p.slice(at, cut);
    const piece = raw.trim();
    if (piece) {
      const start = from + at + raw.length - raw.trimStart().length;
      out.push({ text: piece, start, end: start + piece.length });
    }
    at = cut;
    while (at < p.length && isSpace(p.charCodeAt(at))) at++;
  }
  if (at < p.length) out.push({ text: p.slice(at), start: from + at, end: from + p.length });
}

/** A passage's text and where it is in the manual ([start, end): its first and past its last character). */
interface Piece {
  text: string;
  start: number;
  end: number;
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13 || c === 0x3000 || c === 0xa0;

/** A blank line: what separates paragraphs. */
const BLANK_LINE = /\n[ \t\r]*\n/g;

/** A character from U+00C0 on: a Latin letter with a diacritic, or past Latin-1 (two bytes a character). */
const BEYOND_LATIN_SYMBOLS = /[^\u0000-\u00bf]/;

/** The passages of a manual: paragraphs (blank-line separated), short ones merged, long ones cut; null if empty. */
export function splitManual(manual: string): Passages | null {
  const text = manual.length > MANUAL_SCAN ? manual.slice(0, MANUAL_SCAN) : manual;
  const kept: Piece[] = [];
  let open: Piece | null = null;
  // paragraphs: the text between blank lines, each trimmed (its offsets in the manual kept)
  for (let from = 0; from <= text.length; ) {
    BLANK_LINE.lastIndex = from;
    const blank = BLANK_LINE.exec(text);
    const to = blank ? blank.index : text.length;
    const raw = text.slice(from, to);
    from = blank ? blank.index + blank[0].length : text.length + 1;
    const para = raw.trim();
    if (!para) continue;
    const start = to - raw.length + (raw.length - raw.trimStart().length);
    const end = start + para.length;
    if (open && open.text.length + 2 + para.length <= PASSAGE_CHARS) {
      open = { text: `${open.text}\n\n${para}`, start: open.start, end };
      continue;
    }
    if (open) kept.push(open);
    open = null;
    if (para.length <= PASSAGE_CHARS) open = { text: para, start, end };
    else cutParagraph(para, start, kept);
  }
  if (open) kept.push(open);
  if (kept.length === 0) return null;
  // Each passage its own flat string (Array.join makes one; a slice would keep its parent alive, and the request
  // body's cache keeps a passage as its key long after the rendering is gone); the lower-cased copy is one string.
  const texts = kept.map((p) => ['\n', p.text].join(''));
  const chars = kept.reduce((n, p) => n + p.text.length, 0);
  const ranges = new Int32Array(2 * kept.length);
  kept.forEach((p, i) => {
    ranges[2 * i] = p.start;
    ranges[2 * i + 1] = p.end;
  });
  const all = texts.join('');
  // Lower-cased whole when that is all fold() does (offsets stay); else (diacritics: folding moves offsets) each
  // passage folded on its own, the offsets taken from the folded passages.
  // (one scan for the usual manual, with no character from U+00C0 on: no diacritics, one byte a character)
  const latin = !BEYOND_LATIN_SYMBOLS.test(all);
  const plain = !latin && DIACRITIC_CANDIDATES.test(all) ? null : all.toLowerCase();
  const folded = plain !== null && plain.length === all.length ? null : texts.map((t) => fold(t));
  const lower = folded ? folded.join('') : plain!;
  const starts = new Int32Array(texts.length);
  for (let i = 1; i < texts.length; i++) starts[i] = starts[i - 1]! + (folded ? folded[i - 1]! : texts[i - 1]!).length;
  const textBytes = latin ? all.length + lower.length : stringBytes(all) + stringBytes(lower);
  return { texts, lower, starts, ranges, tokens: new Int32Array(kept.length).fill(-1), chars, textBytes };
}

/**
 * The passages (indexes, in manual order) to send for a question within `budget` characters: all of a manual that
 * fits; else the passages holding the question's words (or other forms of them: STEM), the rarest words in the
 * manual weighing most (ln(1 + passages / passages holding the word)) — first by the question's own words, then by
 * those of the previous message — best first while they fit; else (no such word in the manual) its first passage,
 * where manuals say what the product is.
 */
export function choosePassages(p: Passages, terms: PassageTerms, budget: number): number[] {
  const n = p.texts.length;
  if (p.chars <= budget) return Array.from({ length: n }, (_, i) => i);
  const nTerms = terms.needles.length;
  if (nTerms === 0) return [0];
  const hit = new Uint8Array(n * nTerms);
  const df = new Uint32Array(nTerms);
  const mark = (i: number, t: number): void => {
    if (hit[i * nTerms + t]) return;
    hit[i * nTerms + t] = 1;
    df[t]!++;
  };
  const lower = p.lower;
  for (let t = 0; t < nTerms; t++) {
    const needle = terms.needles[t]!;
    for (let at = lower.indexOf(needle); at >= 0; ) {
      if (!found(lower, at, needle.length, terms.match[t]!)) {
        at = lower.indexOf(needle, at + 1);
        continue;
      }
      const i = passageAt(p.starts, at);
      mark(i, t);
      at = i + 1 < n ? lower.indexOf(needle, p.starts[i + 1]!) : -1; // on to the next passage
    }
  }
  const own = new Float64Array(n);
  const before = new Float64Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < nTerms; t++) if (hit[i * nTerms + t]) (terms.earlier[t] ? before : own)[i]! += Math.log(1 + n / df[t]!);
    if (own[i]! > 0 || before[i]! > 0) order.push(i);
  }
  if (order.length === 0) return [0];
  order.sort((a, b) => own[b]! - own[a]! || before[b]! - before[a]! || a - b);
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

/** Whether the needle found at `at` counts: anywhere (0), at a word start (1), as a whole word (2). */
function found(text: string, at: number, length: number, match: number): boolean {
  if (match === 0) return true;
  if (at > 0 && isWordUnit(text.charCodeAt(at - 1))) return false;
  return match === 1 || at + length >= text.length || !isWordUnit(text.charCodeAt(at + length));
}

/** The passage holding offset `at` of `lower` (binary search over the starts). */
function passageAt(starts: Int32Array, at: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (starts[mid]! <= at) lo = mid;
    else hi = mid - 1;
  }
  return lo;
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
  return 96 + p.tokens.byteLength + p.starts.byteLength + p.ranges.byteLength + p.textBytes + 40 * p.texts.length; // + each string's header and slot
}
