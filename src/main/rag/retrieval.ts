// Retrieval queries from the new message plus the products and entities of earlier turns, and the merge of
// their search results ("what's the return policy for it?" after the customer named a laptop finds the laptop).
import type { CatalogHit, Turn } from '../../shared/domain';
import { extractEntities } from './entities';
import { turnCitations } from './history';

export interface RetrievalQueries {
  /** The new message itself. */
  primary: string;
  /** Products/entities of earlier turns: the customer's own first, then the ones merely mentioned, each most recent first. */
  context: string[];
  /** Entities the new message names itself. */
  own: string[];
  /** True when the message leans on earlier turns (it names no product of its own). */
  lean: boolean;
  /** For each context entry: the product id when it came from an earlier answer's citation (no search needed). */
  contextIds?: (string | null)[];
  /** For each context entry: the customer said it is theirs ("I bought…", 我买的, 제가 산). */
  contextOwned?: boolean[];
}

export interface QueryOptions {
  /** Most context queries kept (default 4). */
  maxContext?: number;
  /** How many earlier turns are scanned, newest first (default 40). */
  lookback?: number;
}

/** The customer speaks of a product as theirs. */
const OWNED =
  /\b(?:I|we)(?: have| had| just)? (?:bought|purchased|ordered|got|received)\b|\bmy (?!(?:colleague|friend|wife|husband|son|daughter|boss|brother|sister|mother|father|mom|dad|partner|kid|child|coworker|co-worker|team|manager|neighbou?r)s?\b)(?:new |old )?[a-z]|\b(?:I|we) own\b|买了|我买的|购买了|入手|收到的|我的|샀|산 |구매했|구입했|주문했|제 /i;

interface Ref {
  value: string;
  id: string | null;
  owned: boolean;
}

/** One names the other: equal, or the shorter (≥ 4 characters) is a whole-word part of the longer. */
function overlaps(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length < 4) return false;
  const at = long.indexOf(short);
  if (at < 0) return false;
  const before = long[at - 1] ?? ' ';
  const after = long[at + short.length] ?? ' ';
  return !/[\p{L}\p{N}]/u.test(before) && !/[\p{L}\p{N}]/u.test(after);
}

function addRef(refs: Ref[], value: string, id: string | null, owned: boolean, blocked: readonly string[]): void {
  const key = value.toLowerCase().trim();
  if (!key || blocked.some((b) => overlaps(b, key))) return;
  const same = refs.find((r) => (id !== null && r.id === id) || overlaps(r.value.toLowerCase(), key));
  if (same) {
    same.owned ||= owned;
    if (same.id === null && id !== null) same.id = id;
    return;
  }
  refs.push({ value: value.trim(), id, owned });
}

/** Query words for a customer turn's products: its model codes one by one, else its names together. */
function turnRefs(text: string): string[] {
  const entities = extractEntities(text);
  const codes = entities.filter((e) => /\d/.test(e) && /\p{L}/u.test(e));
  if (codes.length > 0) return codes;
  return entities.length > 0 ? [entities.join(' ')] : [];
}

export function buildRetrievalQueries(message: string, history: readonly Turn[], opts: QueryOptions = {}): RetrievalQueries {
  const max = opts.maxContext ?? 4;
  const own = extractEntities(message);
  const blocked = own.map((e) => e.toLowerCase());
  const refs: Ref[] = [];
  const stop = Math.max(0, history.length - (opts.lookback ?? 40));
  for (let i = history.length - 1; i >= stop && refs.length < max * 3; i--) {
    const turn = history[i];
    if (turn.speaker === 'assistant') {
      // Products the assistant cited are the strongest signal; owned when the question they answered said so.
      const asked = [...history.slice(stop, i)].reverse().find((t) => t.speaker === 'customer');
      const owned = asked !== undefined && OWNED.test(asked.text);
      // Owned only when it is the product that turn named (an answer may cite others beside it).
      const named = asked ? turnRefs(asked.text).map((e) => e.toLowerCase()) : [];
      for (const c of turnCitations(turn)) {
        const its = named.length === 0 || named.some((e) => overlaps(e, (c.name ?? '').toLowerCase()) || (c.name ?? '').toLowerCase().includes(e));
        addRef(refs, c.name ?? c.productId, c.productId, owned && its, blocked);
      }
      // An answer's own words name no product of the customer's (offline labels, courtesy): citations only.
      continue;
    }
    const owned = turn.speaker === 'customer' && OWNED.test(turn.text);
    for (const e of turnRefs(turn.text)) addRef(refs, e, null, owned, blocked);
  }
  // The customer's own products first, then the ones merely mentioned (each most recent first).
  const ordered = [...refs.filter((r) => r.owned), ...refs.filter((r) => !r.owned)].slice(0, max);
  // A message naming its own product is a topic switch, whatever pronouns it also uses.
  const namesProduct = own.some((e) => /\d/.test(e) || e.split(/\s+/).length >= 2);
  const lean = ordered.length > 0 && !namesProduct;
  return {
    primary: message,
    context: ordered.map((r) => r.value),
    own,
    lean,
    contextIds: ordered.map((r) => r.id),
    contextOwned: ordered.map((r) => r.owned),
  };
}

export type SearchFn = (query: string, k: number) => readonly CatalogHit[];

const hitKey = (h: CatalogHit): string => `${h.kind}:${h.productId}`;

/** Hits already picked: products by their id (the hit's own string, no key built), other kinds by kind and id. */
class SeenHits {
  private readonly products = new Set<string>();
  private readonly others = new Set<string>();
  has(h: CatalogHit): boolean {
    return h.kind === 'product' ? this.products.has(h.productId) : this.others.has(hitKey(h));
  }
  add(h: CatalogHit): void {
    if (h.kind === 'product') this.products.add(h.productId);
    else this.others.add(hitKey(h));
  }
}

/**
 * Runs the primary and context searches and merges them, deduplicated, at most `k` hits:
 * - a follow-up (the message names no product): the conversation's products first (the customer's own ahead of
 *   the ones merely mentioned), then the primary hits;
 * - a message naming a product: primary hits first, then the customer's own products (never cut by `k`), then
 *   other conversation products while there is room.
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
  // A session's first question has no context to find: its own entities (`own`, unused here) need not be extracted.
  const q = args.queries ?? (args.history.length === 0 ? { primary: args.message, context: [], own: [], lean: false } : buildRetrievalQueries(args.message, args.history));
  const primary = q.primary.trim() ? args.search(q.primary, args.k) : [];
  const contextHits = q.context.map((c, i) => {
    const id = q.contextIds?.[i];
    const known = id && args.byId ? args.byId(id) : undefined;
    return known ? [known] : args.search(c, 1);
  });
  const ctx = contextHits.flat();
  const seen = new SeenHits();
  const pick = (hits: readonly CatalogHit[], limit: number): CatalogHit[] => {
    const out: CatalogHit[] = [];
    for (const h of hits) {
      if (out.length >= limit) break;
      if (seen.has(h)) continue;
      seen.add(h);
      out.push(h);
    }
    return out;
  };
  // No conversation products (a session's first question): the primary hits, deduplicated, as the general case gives.
  if (ctx.length === 0) return pick(primary, args.k);
  if (q.lean) {
    const first = pick(ctx, args.k);
    return [...first, ...pick(primary, args.k - first.length)];
  }
  // Naming another product: the customer's own products always ride along (room reserved); ones merely
  // mentioned earlier only fill what room is left, as before.
  const owned = contextHits.filter((_, i) => q.contextOwned?.[i]).flat();
  const primaryKeys = new Set(primary.map(hitKey));
  const room = Math.max(0, args.k - owned.filter((h) => !primaryKeys.has(hitKey(h))).length);
  const head = pick(primary, room);
  const withOwned = [...head, ...pick(owned, args.k - head.length)];
  return [...withOwned, ...pick(ctx, args.k - withOwned.length)];
}
