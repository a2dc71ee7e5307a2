// Query planning: sanitized terms, stop words dropped, document frequencies (capped counts, cached while the indexes
// are unchanged), codes absent from the vocabulary rewritten as prefixes or split into known pieces.
import type { Db } from '../db';
import type { Statement } from 'better-sqlite3';
import { STOP_WORDS } from './stopwords';
import { ftsString, isCodeLike, queryTerms } from './tokenize';
import { indexState, invalidateIndexState, type IndexState } from './postings';

/** Counts stop at this many matches: a term with more is "common" and never enumerates candidates. */
export const DF_CAP = 500;

export interface PlannedTerm {
  term: string;
  /** Matches as a prefix (`"term"*`) on the head index (a fragment of a compact SKU). */
  prefix: boolean;
  headDf: number;
  bodyDf: number;
  /** The query word this term came from (split codes share one). */
  source: string;
}

interface DfCache {
  head: Statement;
  body: Statement;
  map: Map<string, [number, number]>;
}

const statements = new WeakMap<Db, { head: Statement; body: Statement }>();

/** Called by the importer: document frequencies changed (other processes see it in the index stamp). */
export function invalidateDfCache(): void {
  invalidateIndexState();
}

/** The df statements and the df map of the indexes as they are now (postings.ts: exact, no expiry). */
function cacheFor(db: Db, state: IndexState): DfCache {
  let s = statements.get(db);
  if (!s) {
    s = {
      head: db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM catalog_head WHERE catalog_head MATCH ? LIMIT ${DF_CAP})`).pluck(),
      body: db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM catalog_body WHERE catalog_body MATCH ? LIMIT ${DF_CAP})`).pluck(),
    };
    statements.set(db, s);
  }
  return { ...s, map: state.df };
}

/** [head df, body df], each capped at DF_CAP. `match` is an FTS5 expression built from quoted strings only. */
function df(c: DfCache, match: string, headOnly = false): [number, number] {
  let v = c.map.get(match);
  if (!v) {
    v = [c.head.get(match) as number, headOnly ? 0 : (c.body.get(match) as number)];
    c.map.set(match, v);
  }
  return v;
}

/** Splits an unknown word into the fewest pieces (≥ 2 characters) that each occur in the head index. */
function splitCode(c: DfCache, word: string): string[] | undefined {
  const chars = Array.from(word);
  const len = chars.length;
  if (len < 4 || len > 24) return undefined;
  const best: (string[] | undefined)[] = [[]];
  for (let end = 2; end <= len; end++) {
    for (let start = Math.max(0, end - 16); start <= end - 2; start++) {
      const prev = best[start];
      if (!prev || (start === 0 && end === len)) continue;
      if (best[end] && best[end]!.length <= prev.length + 1) continue;
      const piece = chars.slice(start, end).join('');
      if (df(c, ftsString(piece), true)[0] === 0) continue;
      best[end] = [...prev, piece];
    }
  }
  return best[len];
}

/** `state`: the index caches the caller read for this search (else read here). */
export function planQuery(db: Db, query: string, state: IndexState = indexState(db)): PlannedTerm[] {
  const c = cacheFor(db, state);
  const all = queryTerms(query).slice(0, 24);
  const kept = all.filter((t) => !STOP_WORDS.has(t.term));
  const terms = kept.length > 0 ? kept : all;
  const out: PlannedTerm[] = [];
  for (const { term } of terms.slice(0, 16)) {
    const [headDf, bodyDf] = df(c, ftsString(term));
    if (headDf > 0 || bodyDf > 0) {
      out.push({ term, prefix: false, headDf, bodyDf, source: term });
      continue;
    }
    if (!isCodeLike(term) && !/^\p{N}+$/u.test(term) && term.length < 3) continue;
    // Prefix expansion is for fragments of codes ("4f2k" of "4f2k9", "1000" of "1000xm5"), never for ordinary
    // words: "mac" must not become "machine".
    if (term.length >= 3 && (isCodeLike(term) || /^\p{N}+$/u.test(term))) {
      const [pre] = df(c, `${ftsString(term)}*`, true);
      if (pre > 0) {
        out.push({ term, prefix: true, headDf: pre, bodyDf: 0, source: term });
        continue;
      }
    }
    for (const piece of splitCode(c, term) ?? []) {
      const [h, b] = df(c, ftsString(piece));
      out.push({ term: piece, prefix: false, headDf: h, bodyDf: b, source: term });
    }
  }
  return out;
}

export function termMatch(t: PlannedTerm): string {
  return t.prefix ? `${ftsString(t.term)}*` : ftsString(t.term);
}
