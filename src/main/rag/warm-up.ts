// Warm-up of a serving process's read path before it takes requests. A fresh process answers its first few hundred
// questions several times slower than later ones: V8 runs the search, scoring, snippet and rendering code
// unoptimised, ICU loads its CJK word segmenters on first use, SQLite's page cache is empty, and the document
// frequency, document and rendering caches are empty. Under a steady 200 req/s that cold start alone builds a backlog
// of seconds.
//
// So before it accepts, a process first reads products into the search's document cache (parsed and prepared as a
// search keeps them, up to 40% of the budget), then runs searches built from the catalog itself — products' names,
// ids, brands with model codes, spread over the whole catalog; never a list of expected questions — each through
// the same retrieval and document loading a question takes. Most of a first search's extra cost was preparing
// documents it had not seen (micro-bench: a warm-up of JIT alone, caches dropped after it, saved nothing). Answers
// stay the same: every cache is checked against the stored content hash, and nothing goes into the search-result
// cache (a warm-up query is not a question anyone asked).
import type { Db } from '../db';
import { searchCatalog } from '../catalog';
import { preloadProductDocs } from '../catalog/search';
import { codeWords } from '../catalog/tokenize';
import { loadCandidates } from './engine-docs';
import { retrieve } from './retrieval';

export interface WarmUpOptions {
  /** Stop after this long (ms of wall time, default WARM_UP_MS). */
  budgetMs?: number;
  /** At most this many searches (default 300). */
  maxQueries?: number;
  now?: () => number;
}

/** Default budget of a serving process's warm-up: ~300 searches on a quiet machine. */
export const WARM_UP_MS = 1_000;

/** env DESKMATE_SERVE_WARMUP: "0"/"off" skips the warm-up, N (ms, at most 10,000) sets its budget. */
export function warmUpBudget(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return WARM_UP_MS;
  if (v === 'off') return 0;
  const ms = Number(v);
  if (!Number.isFinite(ms) || ms < 0) throw new Error(`DESKMATE_SERVE_WARMUP must be off or a number of milliseconds, got "${v}"`);
  return Math.min(ms, 10_000);
}

export interface WarmUpResult {
  /** Products read into the document cache. */
  docs: number;
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

/** Runs the warm-up searches; returns how many ran and how long it took. Errors end it quietly (a warm-up is an
 * optimisation: a locked or empty catalog must not keep a process from serving). */
export function warmRetrieval(db: Db, opts: WarmUpOptions = {}): WarmUpResult {
  const now = opts.now ?? (() => performance.now());
  const t0 = now();
  const budget = opts.budgetMs ?? WARM_UP_MS;
  if (budget <= 0) return { docs: 0, queries: 0, ms: 0 };
  let docs = 0;
  let queries = 0;
  try {
    docs = preloadProductDocs(db, () => now() - t0 >= budget * 0.4);
    const samples = sampleProducts(db, opts.maxQueries ?? 300);
    const search = (q: string, k: number) => searchCatalog(db, q, { k }).results;
    const one = db.transaction((message: string) => loadCandidates(db, retrieve({ message, history: [], search, k: 20 })));
    for (let i = 0; i < samples.length && now() - t0 < budget; i++) {
      one(warmUpQuery(samples[i]!, i));
      queries++;
    }
  } catch {
    // stop warming; the process serves cold
  }
  return { docs, queries, ms: now() - t0 };
}
