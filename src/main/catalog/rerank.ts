// Scores candidate documents in JS over every query term (common terms only score here, they never enumerate).
import { productCodes, specsText, type StoredProduct } from './fts';
import { compact, foldText, hasCjk } from './tokenize';
import { DF_CAP, type PlannedTerm } from './plan';

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

const WORD_CHAR = /[\p{L}\p{N}]/u;

/** Folded copies of a document's fields, kept as long as the fields object (search keeps recent documents'). */
const foldedCache = new WeakMap<Fields, Partial<Fields>>();
export function foldedField(f: Fields, field: Field): string {
  let folded = foldedCache.get(f);
  if (!folded) foldedCache.set(f, (folded = {}));
  return (folded[field] ??= foldText(f[field]));
}

/** Occurrences of a folded term in folded text: CJK bigrams anywhere, words on token boundaries (prefix: start only). */
function countTerm(text: string, term: string, cjk: boolean, prefix: boolean): number {
  let n = 0;
  for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + term.length)) {
    if (cjk) {
      n++;
      continue;
    }
    const before = i === 0 ? '' : text[i - 1];
    const after = text[i + term.length] ?? '';
    if ((before === '' || !WORD_CHAR.test(before)) && (prefix || after === '' || !WORD_CHAR.test(after))) n++;
  }
  return n;
}

const FIELDS = Object.keys(FIELD_WEIGHTS) as Field[];

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
  return (f) => {
    let score = 0;
    let matched = 0;
    for (const field of FIELDS) {
      if (!f[field]) continue;
      const text = foldedField(f, field);
      const lenNorm = 0.25 + 0.75 * Math.min(text.length / 240, 4);
      const weight = FIELD_WEIGHTS[field];
      for (let i = 0; i < terms.length; i++) {
        const t = terms[i]!;
        const tf = countTerm(text, t.term, cjk[i]!, t.prefix);
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
