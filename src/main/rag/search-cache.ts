// A small LRU of recent search results. An agent's session repeats the same entity searches question after
// question (the product named ten turns ago); the catalog changes only by import, which bumps `generation`.
// The serving processes of one `deskmate serve` share what they compute (shareSearchResults): a question is a
// search miss once per service, not once per process.
import { z } from 'zod';
import { CatalogHit } from '../../shared/domain';

/** A result one process computed, as another receives it. */
const SharedResult = z.object({
  key: z.string().max(20_000),
  gen: z.string().max(200),
  hits: z.array(CatalogHit).max(200),
});
export type SharedResult = z.infer<typeof SharedResult>;

export interface SearchCache {
  (query: string, k: number): CatalogHit[];
  /** Keeps a result another process computed (validated; ignored when malformed or of another generation). */
  adopt(raw: unknown): boolean;
  /** Called with every result this cache computes itself (a miss). */
  onComputed(fn: ((entry: SharedResult) => void) | null): void;
  /** Entries kept and their bytes (resultBytes). */
  readonly stats: { entries: number; bytes: number };
}

/** What an entry keeps alive, about: 2 bytes per character (a string with one character past Latin-1 is stored
 * two-byte) and ~160 bytes per hit (its object, string headers, the array slot), fitted to heap snapshots of serving
 * processes: 2,000 entries of ~17 hits held 13 MB; a 4-MB bound held 5.2 MB with 72 bytes per hit counted. */
export function resultBytes(key: string, hits: readonly CatalogHit[]): number {
  let n = 160 + 2 * key.length;
  for (const h of hits) n += 160 + 2 * (h.productId.length + h.name.length + h.snippet.length);
  return n;
}

/** Bytes of results a process keeps (see resultBytes): ~600 questions' full results, or thousands of the one-hit
 * entity searches of their sessions. Every serving process holds its own copy (shareSearchResults). */
export const SEARCH_CACHE_BYTES = 4 * 1024 * 1024;

export function cachedSearch(
  search: (query: string, k: number) => CatalogHit[],
  generation: () => string,
  opts: { size?: number; maxBytes?: number; ttlMs?: number; now?: () => number; random?: () => number } = {},
): SearchCache {
  const size = opts.size ?? 2_000; // a desk's recent questions and the entity searches of their sessions
  const maxBytes = opts.maxBytes ?? SEARCH_CACHE_BYTES;
  const ttl = opts.ttlMs ?? 60_000;
  const now = opts.now ?? (() => Date.now());
  const random = opts.random ?? Math.random;
  // Each entry lives 75–100% of the TTL: results computed together (a service's first seconds under load) expire
  // spread over a quarter of the TTL instead of all missing again in the same few seconds, never later than before.
  const entries = new Map<string, { until: number; gen: string; hits: CatalogHit[]; bytes: number }>();
  let bytes = 0;
  let computed: ((entry: SharedResult) => void) | null = null;
  // The generation the last lookup read: a result from another process is kept when it is of that generation, with
  // no read of its own (a lookup compares with the generation it reads anyway). Before any lookup: read once.
  let seen: string | undefined;
  const drop = (key: string): void => {
    const e = entries.get(key);
    if (!e) return;
    entries.delete(key);
    bytes -= e.bytes;
  };
  const keep = (key: string, at: number, gen: string, hits: CatalogHit[]): void => {
    drop(key);
    const cost = resultBytes(key, hits);
    if (cost > maxBytes) return;
    entries.set(key, { until: at + ttl * (0.75 + 0.25 * random()), gen, hits, bytes: cost });
    bytes += cost;
    // least recently used first out, until both bounds hold
    while (entries.size > size || bytes > maxBytes) drop(entries.keys().next().value as string);
  };
  const cached = ((query: string, k: number) => {
    const key = `${k}\u0000${query.trim().toLowerCase()}`;
    const gen = (seen = generation());
    const t = now();
    const hit = entries.get(key);
    if (hit && hit.gen === gen && t < hit.until) {
      entries.delete(key);
      entries.set(key, hit);
      return hit.hits;
    }
    const hits = search(query, k);
    keep(key, t, gen, hits);
    computed?.({ key, gen, hits });
    return hits;
  }) as SearchCache;
  cached.adopt = (raw) => {
    const r = SharedResult.safeParse(raw);
    // a result of another catalog generation (an import ended in between) is not kept
    if (!r.success || r.data.gen !== (seen ??= generation())) return false;
    const mine = entries.get(r.data.key);
    if (mine && mine.gen === r.data.gen && now() < mine.until) return false;
    keep(r.data.key, now(), r.data.gen, r.data.hits);
    return true;
  };
  cached.onComputed = (fn) => {
    computed = fn;
  };
  Object.defineProperty(cached, 'stats', { get: () => ({ entries: entries.size, bytes }) });
  return cached;
}

/** The cluster event that carries the search results one process computed lately (an array of SharedResult). */
export const SEARCH_RESULT_EVENT = 'retrieval.searchResults';
/** Results computed within this many ms go to the other processes in one message. One message per result cost a
 * write to the IPC pipe, a JSON parse and an `epoll` wake-up in the other process each: ~5% of a serving process's
 * CPU with 20,000 distinct questions (a profile of `npm run bench -- serve --targets --queries 20000`), where almost
 * no result is asked for again. A result shared later is a hit in the other process only for a question both are
 * asked within the window, which the cache misses only in a service's first seconds. */
export const SHARE_BATCH_MS = 50;
/** Results per message at most (a burst of misses is sent at once past it). */
export const SHARE_BATCH_MAX = 100;

/** What shareSearchResults needs of the cluster link (http/cluster.ts ClusterLink). */
export interface ResultLink {
  publish(event: string, payload: unknown): void;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}

/** Every result this process computes goes to the other processes (gathered over `batchMs`; 0: each at once);
 * theirs are kept here. Returns the undo (what is gathered and not sent yet is dropped). */
export function shareSearchResults(cache: SearchCache, link: ResultLink, opts: { batchMs?: number } = {}): () => void {
  const batchMs = opts.batchMs ?? SHARE_BATCH_MS;
  let batch: SharedResult[] = [];
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (batch.length === 0) return;
    const sent = batch;
    batch = [];
    link.publish(SEARCH_RESULT_EVENT, sent);
  };
  cache.onComputed((entry) => {
    batch.push(entry);
    if (batchMs <= 0 || batch.length >= SHARE_BATCH_MAX) flush();
    else if (!timer) {
      timer = setTimeout(flush, batchMs);
      timer.unref();
    }
  });
  const off = link.onEvent((event, payload) => {
    if (event !== SEARCH_RESULT_EVENT || !Array.isArray(payload)) return;
    // each one validated by adopt; a message longer than any we send is not ours
    if (payload.length <= SHARE_BATCH_MAX) for (const one of payload) cache.adopt(one);
  });
  return () => {
    if (timer) clearTimeout(timer);
    timer = null;
    batch = [];
    cache.onComputed(null);
    off();
  };
}
