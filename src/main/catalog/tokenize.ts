// Text preparation shared by the index and the query side, so both see the same tokens.
// unicode61 (remove_diacritics 2) tokenises everything but CJK; a CJK run is one unicode61 token, so CJK runs
// are rewritten here as Intl.Segmenter words plus character bigrams (space separated).

const CJK_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;
/** unicode61 token characters: letters, numbers, marks, private use. */
const TOKEN = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;
const MARKS = /\p{M}+/gu;

export function hasCjk(text: string): boolean {
  return CJK_CHAR.test(text);
}

let segmenters: Map<string, Intl.Segmenter> | undefined;
function segmenterFor(run: string): Intl.Segmenter {
  segmenters ??= new Map();
  const locale = /\p{Script=Hangul}/u.test(run) ? 'ko' : /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(run) ? 'ja' : 'zh';
  let s = segmenters.get(locale);
  if (!s) {
    s = new Intl.Segmenter(locale, { granularity: 'word' });
    segmenters.set(locale, s);
  }
  return s;
}

/** Segmenter words of one CJK run (word-like segments and the characters between them, in order). */
export function cjkWords(run: string): string[] {
  const out: string[] = [];
  for (const seg of segmenterFor(run).segment(run)) out.push(seg.segment);
  return out;
}

/**
 * Query bigrams of a CJK run: the bigrams the index holds, except those straddling the boundary between two
 * words of two or more characters (Intl.Segmenter), which only add noise. A one-character run stays itself.
 */
export function cjkQueryGrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const wordLen: number[] = []; // length of the word each character belongs to
  const startsWord: boolean[] = [];
  for (const w of cjkWords(run)) {
    const n = Array.from(w).length;
    for (let i = 0; i < n; i++) {
      wordLen.push(n);
      startsWord.push(i === 0);
    }
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) {
    if (startsWord[i + 1] && wordLen[i] >= 2 && wordLen[i + 1] >= 2) continue;
    out.push(chars[i] + chars[i + 1]);
  }
  return out;
}

/** Overlapping character bigrams of a CJK run (the run itself when it is one character). */
export function cjkBigrams(run: string): string[] {
  const chars = Array.from(run);
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/**
 * The text handed to FTS5 for indexing: unchanged unless it contains CJK, whose runs become their character
 * bigrams (a one-character run stays itself). Every word Intl.Segmenter finds at query time is covered by these
 * bigrams, and the segmenter (≈0.3 ms per document) stays off the import path.
 */
export function indexText(text: string): string {
  if (!hasCjk(text)) return text;
  return text.replace(CJK_RUN, (run) => ` ${cjkBigrams(run).join(' ')} `);
}

/** What fold() may rewrite beyond lower-casing: Latin letters with diacritics, combining marks. */
export const DIACRITIC_CANDIDATES = /[\u00c0-\u024f\u0300-\u036f\u1e00-\u1eff]/;

/** Lower-case and strip diacritics like unicode61 remove_diacritics 2 (only Latin letters carry them here). */
export function fold(token: string): string {
  const lower = token.toLowerCase();
  return DIACRITIC_CANDIDATES.test(lower) ? lower.normalize('NFD').replace(MARKS, '').normalize('NFC') : lower;
}

/** fold() for running text (same result per token; offsets may shift where diacritics are removed). */
export const foldText = fold;

/** Tokens of a text as unicode61 sees them after indexText (folded). Used for re-ranking and query terms. */
export function tokens(text: string): string[] {
  const prepared = indexText(text);
  const out: string[] = [];
  for (const m of prepared.matchAll(TOKEN)) out.push(fold(m[0]));
  return out;
}

/** Compact form of a code: lower-case letters and digits only ("LP-TP-X1C-2024" → "lptpx1c2024"). */
export function compact(code: string): string {
  return fold(code).replace(/[^\p{L}\p{N}]+/gu, '');
}

/** Looks like a model number or SKU: letters and digits mixed, or hyphenated alphanumeric parts. */
export function isCodeLike(word: string): boolean {
  if (word.length < 2 || hasCjk(word)) return false;
  return /\p{L}/u.test(word) && /\p{N}/u.test(word);
}

/** Model-code words of a text (whitespace-separated words with letters and digits), e.g. "WH-1000XM5", "X1". */
export function codeWords(text: string): string[] {
  const out: string[] = [];
  for (const w of text.split(/[\s,;/()[\]{}"'|]+/)) {
    const t = w.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
    if (isCodeLike(t)) out.push(t);
  }
  return out;
}

export interface QueryTerm {
  /** The folded term as FTS5 indexes it. */
  term: string;
  /** 'cjk' terms come from CJK bigrams/characters; 'word' from unicode61 tokens. */
  kind: 'word' | 'cjk';
}

/**
 * The query as terms: unicode61-style tokens for non-CJK text; for each CJK run, the characters' bigrams
 * (a one-character run or word stays itself). Duplicates are removed; stop words are left to the caller.
 */
export function queryTerms(query: string): QueryTerm[] {
  const seen = new Set<string>();
  const out: QueryTerm[] = [];
  const push = (term: string, kind: QueryTerm['kind']): void => {
    if (!term || seen.has(term)) return;
    seen.add(term);
    out.push({ term, kind });
  };
  let last = 0;
  for (const m of query.matchAll(CJK_RUN)) {
    for (const t of query.slice(last, m.index).matchAll(TOKEN)) push(fold(t[0]), 'word');
    for (const g of cjkQueryGrams(m[0])) push(g, 'cjk');
    last = (m.index ?? 0) + m[0].length;
  }
  for (const t of query.slice(last).matchAll(TOKEN)) push(fold(t[0]), 'word');
  return out;
}

/** Quotes a term as an FTS5 string so that nothing the agent typed becomes query syntax. */
export function ftsString(term: string): string {
  return `"${term.replace(/"/g, '""')}"`;
}
