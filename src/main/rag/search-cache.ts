// A small LRU of recent search results. An agent's session repeats the same entity searches question after
// question (the product named ten turns ago); the catalog changes only by import, which bumps `generation`.
import type { CatalogHit } from '../../shared/domain';

export function cachedSearch(
  search: (query: string, k: number) => CatalogHit[],
  generation: () => string,
  opts: { size?: number; ttlMs?: number; now?: () => number } = {},
): (query: string, k: number) => CatalogHit[] {
  const size = opts.size ?? 2_000; // a desk's recent questions and the entity searches of their sessions
  const ttl = opts.ttlMs ?? 60_000;
  const now = opts.now ?? (() => Date.now());
  const entries = new Map<string, { at: number; gen: string; hits: CatalogHit[] }>();
  return (query, k) => {
    const key = `${k}\u0000${query.trim().toLowerCase()}`;
    const gen = generation();
    const t = now();
    const hit = entries.get(key);
    if (hit && hit.gen === gen && t - hit.at < ttl) {
      entries.delete(key);
      entries.set(key, hit);
      return hit.hits;
    }
    const hits = search(query, k);
    entries.set(key, { at: t, gen, hits });
    if (entries.size > size) entries.delete(entries.keys().next().value as string);
    return hits;
  };
}
