// What the catalog's two FTS5 indexes say about single terms — document frequencies and each rare term's rows with
// their bm25 share — kept per connection while the indexes are unchanged (their structure and averages records, read
// once per search miss, say so exactly: every write to an FTS5 index rewrites them), so a search miss ranks its
// candidates from terms other questions already looked up instead of running bm25 over their rows again.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';

export type Table = 'catalog_head' | 'catalog_body';

/** One term's rows (ascending rowid) and, for each, `-rank` of the term alone (null: every one is 0). */
interface Postings {
  rowids: Float64Array;
  scores: Float64Array | null;
}

/** Caches of one version of the indexes (a new state, empty, when they change). */
export interface IndexState {
  /** [head df, body df] by FTS5 match string (plan.ts). */
  df: Map<string, [number, number]>;
  /** Largest products rowid (the scorer's N), read on first use. */
  docCount: number | undefined;
  postings: Map<string, Postings>;
  /** Rows held in `postings`. */
  rows: number;
}

/** Rows of term postings kept per connection (16 bytes each: ≤ 1.3 MB; the serve bench's 1,500 questions hold ~30,000). */
const POSTINGS_ROWS = 80_000;
/** Match strings whose df is kept (a bound on memory, not on correctness). */
const DF_MAX = 50_000;

interface Slot {
  stamp: Statement | null;
  last: string | null;
  state: IndexState;
  /** Bumped by invalidateIndexState (this process's own import). */
  epoch: number;
}
const slots = new WeakMap<Db, Slot>();
let epoch = 0;

const fresh = (): IndexState => ({ df: new Map(), docCount: undefined, postings: new Map(), rows: 0 });

/** Called by the importer: this process changed the indexes (other processes see it in the stamp). */
export function invalidateIndexState(): void {
  epoch++;
}

/** The records every FTS5 write rewrites: the structure (segments, tombstones, write counter; id 10) and the averages
 * (row count, token totals; id 1) of both indexes — as one hex string (one value to read and compare). */
const STAMP =
  "SELECT hex((SELECT block FROM catalog_head_data WHERE id = 10)) || '.' || hex((SELECT block FROM catalog_head_data WHERE id = 1)) || '.' || " +
  "hex((SELECT block FROM catalog_body_data WHERE id = 10)) || '.' || hex((SELECT block FROM catalog_body_data WHERE id = 1))";

/**
 * The caches of the indexes as they are now (read in the search's read transaction: one point read of four small
 * records). A database whose stamp cannot be read gets empty caches every time (nothing is trusted).
 */
export function indexState(db: Db): IndexState {
  let slot = slots.get(db);
  if (!slot) {
    let stamp: Statement | null = null;
    try {
      stamp = db.prepare(STAMP).pluck();
    } catch {
      stamp = null;
    }
    slot = { stamp, last: null, state: fresh(), epoch };
    slots.set(db, slot);
  }
  if (!slot.stamp) return (slot.state = fresh());
  const now = slot.stamp.get() as string | null;
  if (slot.epoch !== epoch || now === null || now !== slot.last) {
    slot.epoch = epoch;
    slot.last = now;
    slot.state = fresh();
  }
  if (slot.state.df.size > DF_MAX) slot.state.df.clear();
  return slot.state;
}

const zeroRanks = new WeakMap<Db, Partial<Record<Table, boolean>>>();

/**
 * Whether every row's rank in `table` is 0: a contentless FTS5 table with detail=column (or none) keeps no positions
 * for bm25's instance counts (FTS5 gives an empty position list there), and no other rank function is configured —
 * the body index. `ORDER BY rank` then keeps the scan order (ascending rowid), so the first rows listed are the
 * ranked ones.
 */
export function rankIsZero(db: Db, table: Table): boolean {
  let byTable = zeroRanks.get(db);
  if (!byTable) zeroRanks.set(db, (byTable = {}));
  let zero = byTable[table];
  if (zero === undefined) {
    try {
      const sql = (db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string | undefined) ?? '';
      const rank = db.prepare(`SELECT count(*) FROM ${table}_config WHERE k = 'rank'`).pluck().get() as number;
      zero = /\bcontent\s*=\s*(''|"")/i.test(sql) && /\bdetail\s*=\s*['"]?(column|none)\b/i.test(sql) && rank === 0;
    } catch {
      zero = false;
    }
    byTable[table] = zero;
  }
  return zero;
}

const termStatements = new WeakMap<Db, Partial<Record<Table, Statement>>>();

function postingsOf(db: Db, state: IndexState, table: Table, match: string): Postings {
  const key = `${table}\u0000${match}`;
  let p = state.postings.get(key);
  if (p) {
    state.postings.delete(key); // most recently used last
    state.postings.set(key, p);
    return p;
  }
  let byTable = termStatements.get(db);
  if (!byTable) termStatements.set(db, (byTable = {}));
  const stmt = (byTable[table] ??= db.prepare(`SELECT rowid, rank FROM ${table} WHERE ${table} MATCH ?`).raw(true));
  const rows = stmt.all(match) as [number, number][];
  rows.sort((a, b) => a[0] - b[0]); // FTS5 lists by ascending rowid already
  const rowids = new Float64Array(rows.length);
  let scores: Float64Array | null = null;
  for (let i = 0; i < rows.length; i++) {
    const [rowid, rank] = rows[i]!;
    rowids[i] = rowid;
    // bm25 is -(sum over the query's phrases, in order, of each phrase's share): one term alone gives its share
    if (rank !== 0) (scores ??= new Float64Array(rows.length))[i] = -rank;
  }
  p = { rowids, scores };
  state.postings.set(key, p);
  state.rows += rows.length;
  for (const [k, old] of state.postings) {
    if (state.rows <= POSTINGS_ROWS) break;
    state.postings.delete(k);
    state.rows -= old.rowids.length;
  }
  return p;
}

/**
 * The rowids `SELECT rowid FROM table WHERE table MATCH 'm0 OR m1 …' ORDER BY rank LIMIT limit` returns, as a set,
 * from each term's cached rows: FTS5's bm25 of a row is minus the sum, in the query's phrase order, of each phrase's
 * share (idf × saturated frequency; a phrase absent from the row adds 0), and its sorter keeps rows of equal rank in
 * scan (ascending rowid) order — so the same sum in the same order, sorted stably from ascending rowids, gives the
 * same rows (tests/unit/catalog-postings.test.ts compares with the SQL on every query shape).
 */
export function topRanked(db: Db, state: IndexState, table: Table, matches: readonly string[], limit: number): number[] {
  const lists = matches.map((m) => postingsOf(db, state, table, m));
  const at = new Array<number>(lists.length).fill(0);
  const rowids: number[] = [];
  const scores: number[] = [];
  let anyScore = false;
  for (;;) {
    let next = Infinity;
    for (let i = 0; i < lists.length; i++) {
      const l = lists[i]!;
      if (at[i]! < l.rowids.length && l.rowids[at[i]!]! < next) next = l.rowids[at[i]!]!;
    }
    if (next === Infinity) break;
    let s = 0;
    for (let i = 0; i < lists.length; i++) {
      const l = lists[i]!;
      if (at[i]! < l.rowids.length && l.rowids[at[i]!] === next) {
        if (l.scores) s += l.scores[at[i]!]!;
        at[i] = at[i]! + 1;
      }
    }
    if (s !== 0) anyScore = true;
    rowids.push(next);
    scores.push(s);
  }
  if (!anyScore || rowids.length <= limit) return rowids.slice(0, limit);
  const order = rowids.map((_, i) => i);
  order.sort((a, b) => scores[b]! - scores[a]! || a - b);
  return order.slice(0, limit).map((i) => rowids[i]!);
}
