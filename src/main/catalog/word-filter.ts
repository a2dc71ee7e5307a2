// Which words a document's field may hold, without scanning it: a small Bloom filter per field of the field's
// words — its maximal runs of word characters (letters and digits, one UTF-16 unit at a time, the very test the
// scorer's countTerm uses for token boundaries). A term made only of word characters occurs in a field on token
// boundaries exactly when it equals one of those runs, so "not in the filter" means "countTerm finds 0" and the
// scorer skips the field's scan (`indexOf` over the whole field for each term: ~40% of a search miss's time on the
// serve bench's catalog, more with manuals). The filter never says "absent" wrongly; a false "may be present"
// (~1–2% of lookups) only costs the scan it would have done anyway. Prefix and CJK terms are matched otherwise and
// always scan.

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** The scorer's word-character test of one UTF-16 code unit (rerank.ts wordCharAt). */
export function isWordUnit(c: number): boolean {
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
  return WORD_CHAR.test(String.fromCharCode(c));
}

/** True when every code unit of `term` is a word character (such a term can be looked up in a filter). */
export function wordOnly(term: string): boolean {
  if (term.length === 0) return false;
  for (let i = 0; i < term.length; i++) if (!isWordUnit(term.charCodeAt(i))) return false;
  return true;
}

/** FNV-1a over text[from, to) (code units). */
export function wordHash(text: string, from = 0, to = text.length): number {
  let h = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bits per word: with two probes ~1–2% false positives. */
const BITS_PER_WORD = 10;
/** Fields shorter than this are scanned, not filtered: on the serve bench's catalog (no field this long) filters on
 * every field over 48 characters made a search miss ~8% slower; with 6,000-character manuals filters make it ~40%
 * faster (`node` micro-bench, 2026-12-03). */
export const MIN_CHARS = 400;

/** A field's filter: `bits` bits in `words`; words are hashed with wordHash. */
export interface WordFilter {
  bits: number;
  words: Uint32Array;
}

/** The filter of one folded field's words. */
export function buildWordFilter(text: string): WordFilter {
  // Words are at most ~half the characters; size for the runs actually there.
  const runs: number[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const word = i < text.length && isWordUnit(text.charCodeAt(i));
    if (word && start < 0) start = i;
    else if (!word && start >= 0) {
      runs.push(wordHash(text, start, i));
      start = -1;
    }
  }
  const bits = Math.max(64, Math.ceil((runs.length * BITS_PER_WORD) / 32) * 32);
  const f: WordFilter = { bits, words: new Uint32Array(bits >>> 5) };
  for (const h of runs) {
    const a = h % bits;
    const b = (((h >>> 16) | (h << 16)) >>> 0) % bits;
    f.words[a >>> 5]! |= 1 << (a & 31);
    f.words[b >>> 5]! |= 1 << (b & 31);
  }
  return f;
}

/** False only when no word of the field equals the word whose wordHash is `h`. */
export function mayHold(f: WordFilter, h: number): boolean {
  const a = h % f.bits;
  const b = (((h >>> 16) | (h << 16)) >>> 0) % f.bits;
  return (f.words[a >>> 5]! & (1 << (a & 31))) !== 0 && (f.words[b >>> 5]! & (1 << (b & 31))) !== 0;
}
