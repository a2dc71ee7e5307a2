// Scores candidate documents in JS over every query term (common terms only score here, they never enumerate).
import { productCodes, specsText, type StoredProduct } from './fts';
import { compact, foldText, hasCjk } from './tokenize';
import { DF_CAP, type PlannedTerm } from './plan';
import { buildWordFilter, isWordUnit, mayHold, MIN_CHARS, wordHash, wordOnly, type WordFilter } from './word-filter';

/** Field weights: name, brand, category, codes ≫ specifications, FAQs ≫ return policy, manual. */
export const FIELD_WEIGHTS = { name: 10, brand: 6, category: 4, codes: 10, specs: 2.5, faqs: 2, policy: 0.4, manual: 0.4 } as const;
export type Field = keyof typeof FIELD_WEIGHTS;
export type Fields = Record<Field, string>;

const MANUAL_CHARS = 8000;

export function productFields(p: StoredProduct): Fields {
  return {
    name: p.name,
    brand: p.brand ?? '',
    category: p.category,
    codes: productCodes(p),
    specs: specsText(p.specifications),
    faqs: p.faqAnswers.join('\n'),
    policy: p.returnPolicyExcerpt,
    manual: (p.manual ?? '').slice(0, MANUAL_CHARS),
  };
}

/** A standalone document's body is its main content: it scores like FAQ answers, not like a product's boilerplate. */
export function docFields(d: { docId: string; title: string; body: string; kind: string }): Fields {
  return {
    name: d.title, brand: '', category: d.kind, codes: `${d.docId} ${compact(d.docId)}`, specs: '',
    faqs: d.body.slice(0, MANUAL_CHARS), policy: '', manual: '',
  };
}

function idf(df: number, n: number): number {
  const d = df >= DF_CAP ? Math.max(df, n / 20) : df; // capped counts: assume common
  return Math.log(1 + (n - d + 0.5) / (d + 0.5));
}

/** Folded copies of a document's fields, kept as long as the fields object (search keeps recent documents'). */
const foldedCache = new WeakMap<Fields, Partial<Fields>>();
function foldedFields(f: Fields): Partial<Fields> {
  let folded = foldedCache.get(f);
  if (!folded) foldedCache.set(f, (folded = {}));
  return folded;
}
export function foldedField(f: Fields, field: Field): string {
  return (foldedFields(f)[field] ??= foldText(f[field]));
}

/** Whether the code unit at `i` is a word character ('' outside the text: not one). */
function wordCharAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && isWordUnit(text.charCodeAt(i));
}

/** Occurrences of a folded term in folded text, the first at `first`: CJK bigrams anywhere, words on token
 * boundaries (prefix: start only). */
function countTerm(text: string, term: string, first: number, cjk: boolean, prefix: boolean): number {
  let n = 0;
  for (let i = first; i !== -1; i = text.indexOf(term, i + term.length)) {
    if (cjk) {
      n++;
      continue;
    }
    if (!wordCharAt(text, i - 1) && (prefix || !wordCharAt(text, i + term.length))) n++;
  }
  return n;
}

const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];
const WEIGHTS = FIELDS.map((f) => FIELD_WEIGHTS[f]);

/** The word filters of a document's long folded fields (word-filter.ts), by field index, kept as long as the fields
 * object; before that, how many times it was scored. Building a field's filter costs about as much as twenty scans of
 * it, so a document gets filters from its sixth scoring on: one scored a few times between being read and evicted (a
 * document cache too small for the catalog's long documents) is only scanned, as before (from the third scoring
 * that case was 13% slower than without filters; from the sixth, the same). */
const wordFilters = new WeakMap<Fields, WordFilter[] | number>();
const FILTER_FROM_SCORING = 6;
let filtersOn = true;
/** For tests and the bench: score with or without the word filters (the scores are the same either way). */
export function useWordFilters(on: boolean): void {
  filtersOn = on;
}
/** The filters of a document's fields, by field index (undefined: not built yet); null before FILTER_FROM_SCORING. */
function filtersOf(f: Fields): WordFilter[] | null {
  const all = wordFilters.get(f) ?? 0;
  if (typeof all !== 'number') return all;
  if (all + 1 < FILTER_FROM_SCORING) {
    wordFilters.set(f, all + 1);
    return null;
  }
  const built: WordFilter[] = [];
  wordFilters.set(f, built);
  return built;
}

/** The compact forms of a document's codes, kept as long as the fields object. */
const compactCodes = new WeakMap<Fields, string[]>();
function codesOf(f: Fields): string[] {
  let c = compactCodes.get(f);
  if (!c) compactCodes.set(f, (c = f.codes.split(' ').map(compact)));
  return c;
}

/**
 * BM25-like score: per field, saturated term frequency × field weight, times the term's idf. What depends on the
 * query only (idf, CJK-ness, which query word each term came from) is worked out once per query.
 */
export function fieldScorer(terms: readonly PlannedTerm[], n: number, codeQuery: string | undefined): (f: Fields) => number {
  const weights = terms.map((t) => idf(Math.max(t.headDf, t.bodyDf), Math.max(n, 1)));
  const cjk = terms.map((t) => hasCjk(t.term));
  const sourceList = [...new Set(terms.map((t) => t.source))];
  // queries keep at most 16 words, so a bit per source word fits
  const sourceBit = terms.map((t) => 1 << sourceList.indexOf(t.source));
  const sources = Math.max(sourceList.length, 1);
  const texts = terms.map((t) => t.term);
  const prefix = terms.map((t) => t.prefix);
  // Terms a field's word filter can rule out (whole words: not prefix, not CJK), with their hashes.
  const filterable = terms.map((t, i) => filtersOn && !cjk[i] && !t.prefix && wordOnly(t.term));
  const hashes = terms.map((t, i) => (filterable[i] ? wordHash(t.term) : 0));
  const anyFilterable = filterable.some(Boolean);
  return (f) => {
    const folded = foldedFields(f);
    let filters: WordFilter[] | null | undefined;
    let score = 0;
    let matched = 0;
    for (let k = 0; k < FIELDS.length; k++) {
      const field = FIELDS[k]!;
      const raw = f[field];
      if (!raw) continue;
      const text = (folded[field] ??= foldText(raw));
      const lenNorm = 0.25 + 0.75 * Math.min(text.length / 240, 4);
      const weight = WEIGHTS[k]!;
      // long fields only: a short one is scanned about as fast as its filter is looked up
      let filter: WordFilter | null = null;
      if (anyFilterable && text.length >= MIN_CHARS) {
        if (filters === undefined) filters = filtersOf(f);
        if (filters) filter = filters[k] ??= buildWordFilter(text);
      }
      for (let i = 0; i < texts.length; i++) {
        if (filter && filterable[i] && !mayHold(filter, hashes[i]!)) continue; // not a word of this field
        const first = text.indexOf(texts[i]!);
        if (first === -1) continue;
        const tf = countTerm(text, texts[i]!, first, cjk[i]!, prefix[i]!);
        if (tf === 0) continue;
        matched |= sourceBit[i]!;
        score += (weights[i]! * weight * (tf * 2.2)) / (tf + 1.2 * lenNorm);
      }
    }
    let covered = 0;
    for (let m = matched; m !== 0; m &= m - 1) covered++;
    // Coverage: documents matching more of the query's words rank ahead of those matching one word often.
    const coverage = covered / sources;
    score *= 0.2 + coverage * coverage;
    if (codeQuery && codesOf(f).some((c) => c.includes(codeQuery))) score *= 1.5;
    return score;
  };
}

/** The score of one document (fieldScorer for one). */
export function scoreFields(f: Fields, terms: readonly PlannedTerm[], n: number, codeQuery: string | undefined): number {
  return fieldScorer(terms, n, codeQuery)(f);
}
