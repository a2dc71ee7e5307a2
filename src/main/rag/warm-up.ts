// Warm-up of a serving process's read path before it takes requests. A fresh process answers its first few hundred
// questions several times slower than later ones: V8 runs the search, scoring and rendering code
// unoptimised, ICU loads its CJK word segmenters on first use, SQLite's page cache is empty, and the document
// frequency, document, rendering and search-result caches are empty. Under a steady 200 req/s that cold start alone
// builds a backlog.
//
// So before it accepts, a process warms with what this desk was asked lately, within a time budget:
//  1. the most asked of the recent questions (customer turns, most frequent first, then most recent), each through
//     the same retrieval and document loading a question takes, its result kept in the desk's search-result cache
//     (it is a question the desk was asked; the result is what a search computes now);
//  2. the products and documents recent answers cited most, into the search's document cache and the rendering cache;
//  3. searches built from the catalog itself — products' names, ids, brands with model codes, spread over the whole
//     catalog; never a list of expected questions — for the JIT and ICU (not kept in the search-result cache).
// Answers stay the same: every cache is checked against the stored version (catalog version counter, content hash).
// A desk with no sessions yet (a fresh data folder) warms with step 3 only.
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { searchCatalog } from '../catalog';
import { preloadProductDocs } from '../catalog/search';
import { lookupHit } from '../catalog/store';
import { codeWords } from '../catalog/tokenize';
import { loadCandidates } from './engine-docs';
import { passageTerms } from './passages';
import { retrieve, type SearchFn } from './retrieval';

export interface WarmUpOptions {
  /** Stop after this long (ms of wall time, default WARM_UP_MS). */
  budgetMs?: number;
  /** At most this many catalog-derived searches (default 300). */
  maxQueries?: number;
  /** At most this many recent questions asked again (default 500). */
  maxRecent?: number;
  /** At most this many cited documents preloaded (default 2,000). */
  maxCited?: number;
  /** The desk's search (its result cache): recent questions' results are kept there. Default: the catalog search. */
  search?: SearchFn;
  now?: () => number;
}

/** Default budget of a serving process's warm-up: ~300 searches on a quiet machine. */
export const WARM_UP_MS = 1_000;
/** Share of the budget the recent questions may use, and the recent questions with the cited documents. */
const RECENT_SHARE = 0.5;
const CITED_SHARE = 0.65;

/** env DESKMATE_SERVE_WARMUP: "0"/"off" skips the warm-up, N (ms, at most 10,000) sets its budget. */
export function warmUpBudget(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return WARM_UP_MS;
  if (v === 'off') return 0;
  const ms = Number(v);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`DESKMATE_SERVE_WARMUP must be off or a number of milliseconds, got "${v}"`);
  return Math.min(ms, 10_000);
}

export interface WarmUpResult {
  /** Recent questions asked again. */
  recent: number;
  /** Cited products and documents preloaded (not already prepared by the recent questions). */
  docs: number;
  /** Catalog-derived searches. */
  queries: number;
  ms: number;
}

interface Sample {
  product_id: string;
  name: string;
  brand: string | null;
  category: string;
}

/** Catalog-derived queries of the shapes a desk's questions take: a product named, its id pasted, brand and model
 * code, a short question about it. One per sampled product, the shape rotating. */
export function warmUpQuery(p: Sample, i: number): string {
  const code = codeWords(p.name)[0];
  switch (i % 4) {
    case 0:
      return p.name;
    case 1:
      return p.product_id;
    case 2:
      return code ? `${p.brand ?? p.category} ${code}` : `${p.brand ?? ''} ${p.name}`.trim();
    default:
      return `Is the ${p.name} still in stock, and what is the return policy?`;
  }
}

/** `count` products spread evenly over the rowid range (one point lookup each: cheap on any catalog size). */
function sampleProducts(db: Db, count: number): Sample[] {
  const range = db.prepare('SELECT min(id) AS lo, max(id) AS hi FROM products').get() as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return [];
  const at = db.prepare('SELECT product_id, name, brand, category FROM products WHERE id >= ? ORDER BY id LIMIT 1');
  const span = range.hi - range.lo + 1;
  const n = Math.min(count, span);
  const out: Sample[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < n; i++) {
    const r = at.get(range.lo + Math.floor((i * span) / n)) as Sample | undefined;
    if (r && !seen.has(r.product_id)) {
      seen.add(r.product_id);
      out.push(r);
    }
  }
  return out;
}

/** Keys by how often they occur, most often first, ties in the order first seen (newest first when `items` is). */
function mostFrequent<T>(items: Iterable<T>, key: (t: T) => string, max: number): T[] {
  const counts = new Map<string, { item: T; n: number; at: number }>();
  let i = 0;
  for (const item of items) {
    const k = key(item);
    const c = counts.get(k);
    if (c) c.n++;
    else counts.set(k, { item, n: 1, at: i });
    i++;
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n || a.at - b.at)
    .slice(0, max)
    .map((c) => c.item);
}

/** The most asked of the last customer questions (the newest `4 × max` turns read). */
export function recentQuestions(db: Db, max: number): string[] {
  if (max <= 0) return [];
  const texts = db
    .prepare("SELECT text FROM turns WHERE speaker = 'customer' ORDER BY id DESC LIMIT ?")
    .pluck()
    .all(max * 4) as string[];
  return mostFrequent(
    texts.filter((t) => t.trim() !== ''),
    (t) => t.trim().toLowerCase(),
    max,
  );
}

/** The ids of what the last answers cited most (the newest `2 × max` assistant turns with a stored meta read). */
export function recentCitations(db: Db, max: number): string[] {
  if (max <= 0) return [];
  const metas = db
    .prepare("SELECT meta FROM turns WHERE speaker = 'assistant' AND meta IS NOT NULL ORDER BY id DESC LIMIT ?")
    .pluck()
    .all(max * 2) as string[];
  function* ids(): Generator<string> {
    for (const m of metas) {
      let meta: unknown;
      try {
        meta = JSON.parse(m);
      } catch {
        continue;
      }
      const cited = (meta as { citations?: unknown } | null)?.citations;
      if (!Array.isArray(cited)) continue;
      for (const c of cited) {
        const id = (c as { productId?: unknown } | null)?.productId;
        if (typeof id === 'string' && id !== '') yield id;
      }
    }
  }
  return mostFrequent(ids(), (id) => id, max);
}

/** Reads that may fail on a database without the sessions tables (a catalog-only file): nothing, then. */
function orNothing<T>(read: () => T[]): T[] {
  try {
    return read();
  } catch {
    return [];
  }
}

/** Runs the warm-up; returns what it did and how long it took. Errors end it quietly (a warm-up is an
 * optimisation: a locked or empty catalog must not keep a process from serving). */
export function warmRetrieval(db: Db, opts: WarmUpOptions = {}): WarmUpResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const budget = opts.budgetMs ?? WARM_UP_MS;
  const result: WarmUpResult = { recent: 0, docs: 0, queries: 0, ms: 0 };
  if (budget <= 0) return result;
  const over = (share: number): boolean => now() - t0 >= budget * share;
  try {
    const plain: SearchFn = (q, k) => searchCatalog(db, q, { k, snippets: false }).results;
    const ask = (search: SearchFn) => db.transaction((message: string) => loadCandidates(db, retrieve({ message, history: [], search, k: 20 }), () => passageTerms(message)));
    // 1. what this desk was asked lately, most asked first
    const asked = ask(opts.search ?? plain);
    for (const q of orNothing(() => recentQuestions(db, opts.maxRecent ?? 500))) {
      if (over(RECENT_SHARE)) break;
      asked(q);
      result.recent++;
    }
    // 2. what its answers cited most
    if (!over(CITED_SHARE)) {
      const ids = orNothing(() => recentCitations(db, opts.maxCited ?? 2_000));
      const stop = (): boolean => over(CITED_SHARE);
      result.docs = preloadProductDocs(db, ids, stop);
      const hits: CatalogHit[] = [];
      for (const id of ids) {
        if (stop()) break;
        const h = lookupHit(db, id);
        if (h) hits.push(h);
        if (hits.length === 100) db.transaction(() => loadCandidates(db, hits.splice(0)))();
      }
      if (hits.length > 0) db.transaction(() => loadCandidates(db, hits))();
    }
    // 3. the code paths, on catalog-derived searches (not kept in the search-result cache)
    const one = ask(plain);
    const samples = sampleProducts(db, opts.maxQueries ?? 300);
    for (let i = 0; i < samples.length && !over(1); i++) {
      one(warmUpQuery(samples[i]!, i));
      result.queries++;
    }
  } catch {
    // stop warming; the process serves cold
  }
  result.ms = now() - t0;
  return result;
}
