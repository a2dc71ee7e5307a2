// Token counts computed once: turns in memory (keyed by id + version + length), documents persisted through
// the catalog's get/set so each document is counted once ever.
import type { Turn } from '../../shared/domain';
import { turnKey, turnMessage, type ChatMessage } from './history';
import type { TokenCounter, Tokenizer } from './tokens';

export interface CachedMessage {
  message: ChatMessage | null;
  /** Tokens of `message.content` (0 when no message). */
  tokens: number;
  /** False when `tokens` is an upper bound (counted before the encoder was ready). */
  exact: boolean;
}

/** In-memory cache of rendered turns and their counts, LRU-bounded by entry count. */
export class TokenCache {
  private readonly entries = new Map<string, CachedMessage>();
  constructor(private readonly limit = 20_000) {}

  get size(): number {
    return this.entries.size;
  }

  peek(key: string): CachedMessage | undefined {
    return this.entries.get(key);
  }

  put(key: string, value: CachedMessage): void {
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.limit) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  /**
   * The turn's message and token count. Cached exact counts are returned without tokenizing; otherwise the
   * counter is asked once (and the result kept; an upper bound is replaced once the counter becomes exact).
   */
  turn(turn: Turn, counter: TokenCounter): CachedMessage {
    const key = turnKey(turn);
    const hit = this.entries.get(key);
    if (hit && (hit.exact || !counter.ready)) return hit;
    const message = hit?.message ?? turnMessage(turn);
    const entry: CachedMessage = {
      message,
      tokens: message ? counter.count(message.content) : 0,
      exact: counter.ready,
    };
    this.put(key, entry);
    return entry;
  }
}

/**
 * Counts, off the event loop, the turns whose exact count is not cached yet (call before `assembleContext`;
 * costs nothing for turns already counted). Before the tokenizer is exact, does nothing: assembly then uses
 * upper bounds.
 */
export async function primeTurns(turns: readonly Turn[], cache: TokenCache, tokenizer: Tokenizer): Promise<number> {
  if (!tokenizer.exact) return 0;
  const todo: { key: string; message: ChatMessage }[] = [];
  for (const t of turns) {
    const key = turnKey(t);
    const hit = cache.peek(key);
    if (hit?.exact) continue;
    const message = hit?.message ?? turnMessage(t);
    if (message) todo.push({ key, message });
    else cache.put(key, { message: null, tokens: 0, exact: true });
  }
  if (todo.length === 0) return 0;
  const counts = await tokenizer.countMany(todo.map((x) => x.message.content));
  const exact = tokenizer.exact;
  todo.forEach((x, i) => cache.put(x.key, { message: x.message, tokens: counts[i], exact }));
  return todo.length;
}

/** The catalog's persisted document counts (`getTokenCounts` / `setTokenCounts`). */
export interface DocCountStore {
  get(ids: readonly string[]): Map<string, number | null>;
  set(entries: readonly (readonly [string, number])[]): void;
}

/**
 * Counts up to `limit` documents among `ids` that have no stored count yet, with `render(ids)` giving the
 * counted text of each (`renderDocumentBody`). Waits for the encoder (background use); stores exact counts
 * only. Returns how many were counted and how many remain uncounted.
 */
export async function countPending(args: {
  ids: readonly string[];
  store: DocCountStore;
  render: (ids: readonly string[]) => readonly { id: string; text: string }[];
  tokenizer: Tokenizer;
  limit?: number;
}): Promise<{ counted: number; remaining: number }> {
  const known = args.store.get(args.ids);
  const missing = args.ids.filter((id) => known.get(id) == null);
  const batch = missing.slice(0, args.limit ?? 200);
  if (batch.length === 0) return { counted: 0, remaining: 0 };
  const docs = args.render(batch);
  const counts = await args.tokenizer.countMany(
    docs.map((d) => d.text),
    { wait: true },
  );
  if (!args.tokenizer.exact) return { counted: 0, remaining: missing.length };
  args.store.set(docs.map((d, i) => [d.id, counts[i]] as const));
  return { counted: docs.length, remaining: missing.length - docs.length };
}
