// Retrieval queries from the new message plus the products and entities of earlier turns, and the merge of
// their search results ("what's the return policy for it?" after the customer named a laptop finds the laptop).
import type { CatalogHit, Turn } from '../../shared/domain';
import { extractEntities, isAnaphoric, isShortQuestion } from './entities';
import { turnCitations } from './history';

export interface RetrievalQueries {
  /** The new message itself. */
  primary: string;
  /** Products/entities of earlier turns, most recent first (names the message already contains excluded). */
  context: string[];
  /** Entities the new message names itself. */
  own: string[];
  /** True when the message leans on earlier turns (pronoun/anaphora, or a short question naming nothing). */
  lean: boolean;
  /** For each context entry: the product id when it came from an earlier answer's citation (no search needed). */
  contextIds?: (string | null)[];
}

export interface QueryOptions {
  /** Most context queries kept (default 3). */
  maxContext?: number;
  /** How many earlier turns are scanned, newest first (default 40). */
  lookback?: number;
}

function add(out: string[], seen: Set<string>, value: string, max: number): void {
  const key = value.toLowerCase().trim();
  if (!key || out.length >= max || [...seen].some((s) => s.includes(key) || key.includes(s))) return;
  seen.add(key);
  out.push(value.trim());
}

export function buildRetrievalQueries(message: string, history: readonly Turn[], opts: QueryOptions = {}): RetrievalQueries {
  const max = opts.maxContext ?? 3;
  const own = extractEntities(message);
  const seen = new Set(own.map((e) => e.toLowerCase()));
  const context: string[] = [];
  const contextIds: (string | null)[] = [];
  const stop = Math.max(0, history.length - (opts.lookback ?? 40));
  for (let i = history.length - 1; i >= stop && context.length < max; i--) {
    const turn = history[i];
    // Products the assistant cited are the strongest signal; then names typed by customer or agent.
    for (const c of turnCitations(turn)) {
      add(context, seen, c.name ?? c.productId, max);
      while (contextIds.length < context.length) contextIds.push(c.productId);
    }
    if (turn.speaker !== 'assistant' || turnCitations(turn).length === 0) {
      for (const e of extractEntities(turn.text)) add(context, seen, e, max);
      while (contextIds.length < context.length) contextIds.push(null);
    }
  }
  // A message naming its own product is a topic switch, whatever pronouns it also uses.
  const lean = context.length > 0 && own.length === 0 && (isAnaphoric(message) || isShortQuestion(message));
  return { primary: message, context, own, lean, contextIds };
}

export type SearchFn = (query: string, k: number) => readonly CatalogHit[];

const hitKey = (h: CatalogHit): string => `${h.kind}:${h.productId}`;

/**
 * Runs the primary and context searches and merges them, deduplicated, at most `k` hits:
 * - leaning on context: the most recent context product first, then the primary hits, then other context hits;
 * - otherwise (new topic or self-contained question): primary hits first, context hits after them.
 */
export function retrieve(args: {
  message: string;
  history: readonly Turn[];
  search: SearchFn;
  k: number;
  queries?: RetrievalQueries;
  /** Looks a cited product up by id (cheaper than searching its name again). */
  byId?: (productId: string) => CatalogHit | undefined;
}): CatalogHit[] {
  const q = args.queries ?? buildRetrievalQueries(args.message, args.history);
  const primary = q.primary.trim() ? args.search(q.primary, args.k) : [];
  const contextHits = q.context.map((c, i) => {
    const id = q.contextIds?.[i];
    const known = id && args.byId ? args.byId(id) : undefined;
    return known ? [known] : args.search(c, q.lean && i === 0 ? 2 : 1);
  });
  const ordered: CatalogHit[] = q.lean
    ? [...(contextHits[0] ?? []), ...primary, ...contextHits.slice(1).flat()]
    : [...primary, ...contextHits.flat()];
  const seen = new Set<string>();
  const out: CatalogHit[] = [];
  for (const h of ordered) {
    const key = hitKey(h);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(h);
    if (out.length >= args.k) break;
  }
  return out;
}
