// `deskmate sync`: brings the desk's local catalog cache up to date with the hub once. Reads, in one REPEATABLE
// READ snapshot, every hub row whose position is past the desk's cursor, in position order, and applies them with
// the local import's writer (importBatches: same upsert path, demo catalog removed by the first sync, bulk settings,
// a fresh cache built index-last). The cursor is written inside the same SQLite transactions as the rows it
// covers, so a kill at any moment resumes exactly: rows re-applied after a kill are full states, unchanged by hash.
// Positions are handed out under the hub's catalog writer lock (catalog-migrations.ts), i.e. in commit order:
// reading "seq > cursor" never skips a transaction that commits later with a lower position.
import type pg from 'pg';
import type { Db } from '../db';
import { importBatches } from '../catalog/import';
import { getMeta, setMeta } from '../catalog/store';
import { encodeBatch } from '../catalog/wire';
import { productBody, productHead, type StoredProduct } from '../catalog/fts';
import { INDEXED_FIELDS, LIGHT, type Item } from '../catalog/prepare';
import type { ImportReport } from '../catalog/writer';
import { checkHubSchema } from './migrations';
import { hubMigrationModules } from './modules';
import { HubError, toHubError } from './errors';

export const META = { hubId: 'hub_id', cursor: 'hub_cursor', lastSync: 'hub_last_sync_at', deskName: 'hub_desk_name' } as const;
const ALL_FIELDS = (1 << 12) - 1;
export const SYNC_FETCH = 2000;
const SYNC_CACHE_KIB = 65536;
/** Cache (and sort memory) while a first sync builds the product id index: 16 MiB (2.3M ids sort in ~100 MB). */
const SYNC_INDEX_CACHE_KIB = 16384;
/**
 * A delta of at most this many rows is written without pauses between its transactions: stock-only rows take ~10 µs
 * each, full rows ~150 µs, so another connection waits at most ~1.5 s, well inside its 5 s busy_timeout.
 */
export const SMALL_DELTA = 10000;
const EMPTY4: [string, string, string, string] = ['', '', '', ''];

export interface SyncProgress {
  /** Rows applied so far in this run. */
  pulled: number;
  /** Rows this run is pulling (past the cursor when it started). */
  total: number;
  first: boolean;
}

export interface SyncResult {
  pulled: number;
  cursor: number;
  /** Rows past the cursor at the hub after this run (changes that committed meanwhile). */
  behind: number;
  first: boolean;
  report: Pick<ImportReport, 'imported' | 'updated' | 'unchanged'>;
  /** Of the updated rows, those applied by the stock-only path (no indexed field changed: one UPDATE, no re-indexing). */
  stockOnly: number;
  /** Products and documents deleted at the hub and removed here. */
  deleted: number;
  tookMs: number;
}

export interface SyncOptions {
  signal?: AbortSignal;
  onProgress?: (p: SyncProgress) => void;
  /** Rows per FETCH from the hub. */
  fetchRows?: number;
  /** Rows per local transaction (each commits its cursor). */
  batchSize?: number;
  /** Pause between local write transactions (ms; default: the import's), so a running desk's own writes get through. */
  pauseMs?: number;
  now?: () => Date;
}

const COLUMNS = `kind, id, seq::text AS seq, content_hash, name, category, specifications, faq_answers, return_policy_excerpt,
  stock_status, brand, price, currency, locale, updated_at, manual, doc_title, doc_body, doc_kind, changed`;
/** Rows past the cursor in position order: a first sync reads the catalog alone; later ones also its tombstones. */
const FIRST = `SELECT ${COLUMNS}, false AS gone FROM hub_catalog WHERE hub_catalog.seq > $1 ORDER BY hub_catalog.seq`;
const NEXT = `SELECT * FROM (
  SELECT ${COLUMNS}, seq AS pos, false AS gone FROM hub_catalog WHERE seq > $1
  UNION ALL
  SELECT kind, id, seq::text, '', '', '', '{}', '[]', '', '', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, seq, true
    FROM hub_catalog_deleted WHERE seq > $1
) rows ORDER BY pos`;

interface HubRow {
  kind: string; id: string; seq: string; content_hash: string;
  name: string; category: string; specifications: string; faq_answers: string; return_policy_excerpt: string;
  stock_status: string; brand: string | null; price: number | null; currency: string | null; locale: string | null;
  updated_at: string | null; manual: string | null; doc_title: string | null; doc_body: string | null; doc_kind: string | null;
  /** Columns this change changed (catalog-migrations.ts v2; bits in VALUE_FIELDS order). */
  changed: number;
  /** A tombstone: the row was deleted at the hub (v3). */
  gone: boolean;
}

/** The desk's position in the hub's change sequence ("0" before the first sync). */
export function localCursor(db: Db): { hubId: string | undefined; cursor: string } {
  return { hubId: getMeta(db, META.hubId), cursor: getMeta(db, META.cursor) ?? '0' };
}

function cannotApply(r: HubRow, why: string): HubError {
  return new HubError('apply', `hub row ${r.kind === 'd' ? 'document' : 'product'} ${r.id} (position ${r.seq}) cannot be applied on this desk: ${why}; sync stopped before it (fix the row at the hub, then sync again)`);
}

/**
 * A hub row as a prepared full record (every field set, the hub's hash). `light`: a change that touched no indexed
 * field goes without index columns (no JSON parse, no tokenising); the writer checks the desk's copy and completes
 * the record when that copy's indexed fields differ (writer.ts lightWire).
 */
export function rowToItem(r: HubRow, line: number, light = false): Item {
  if (r.gone) return { line, remove: { kind: r.kind === 'd' ? 'd' : 'p', id: r.id } };
  if (r.kind === 'd') {
    const kind = r.doc_kind;
    if (kind !== 'policy' && kind !== 'manual' && kind !== 'ticket') throw cannotApply(r, `doc_kind "${String(kind)}" is not policy, manual or ticket`);
    return { line, doc: { type: 'doc', docId: r.id, title: r.doc_title ?? '', body: r.doc_body ?? '', kind } };
  }
  if (r.price !== null && !Number.isFinite(r.price)) throw cannotApply(r, 'price is not a finite number');
  const values = [r.name, r.category, r.specifications, r.faq_answers, r.return_policy_excerpt, r.stock_status, r.brand, r.price, r.currency, r.locale, r.updated_at, r.manual];
  if (light && (r.changed & INDEXED_FIELDS) === 0) {
    return { line, product: { productId: r.id, mask: ALL_FIELDS | LIGHT, values, hash: r.content_hash, head: EMPTY4, body: EMPTY4 } };
  }
  let specifications: unknown;
  let faqs: unknown;
  try {
    specifications = JSON.parse(r.specifications);
    faqs = JSON.parse(r.faq_answers);
  } catch {
    throw cannotApply(r, 'specifications or faq_answers is not valid JSON');
  }
  if (typeof specifications !== 'object' || specifications === null || Array.isArray(specifications)) throw cannotApply(r, 'specifications is not a JSON object');
  if (!Array.isArray(faqs) || faqs.some((f) => typeof f !== 'string')) throw cannotApply(r, 'faq_answers is not a JSON array of strings');
  const p: StoredProduct = {
    productId: r.id, name: r.name, category: r.category, specifications: specifications as StoredProduct['specifications'],
    faqAnswers: faqs as string[], returnPolicyExcerpt: r.return_policy_excerpt, stockStatus: r.stock_status,
    brand: r.brand, price: r.price, currency: r.currency, locale: r.locale, updatedAt: r.updated_at, manual: r.manual,
  };
  return {
    line,
    product: { productId: r.id, mask: ALL_FIELDS, values, hash: r.content_hash, head: productHead(p), body: productBody(p, { specs: r.specifications, faqs: r.faq_answers }) },
  };
}

async function hubIdOf(client: pg.ClientBase): Promise<string> {
  const r = await client.query<{ id: string }>('SELECT hub_id::text AS id FROM hub_info');
  const id = r.rows[0]?.id;
  if (!id) throw new HubError('schema', 'the hub has no identity row (hub_info): run `deskmate hub init` against it');
  return id;
}

/** Rows past `cursor` at the hub (a fresh snapshot). */
export async function hubBehind(client: pg.ClientBase, cursor: string): Promise<number> {
  const r = await client.query<{ n: string }>('SELECT (SELECT count(*) FROM hub_catalog WHERE seq > $1) + (SELECT count(*) FROM hub_catalog_deleted WHERE seq > $1) AS n', [cursor]);
  return Number(r.rows[0].n);
}

/** One sync run. Throws HubError for hub problems and rows it cannot apply (what was applied before stays). */
export async function syncCatalog(db: Db, client: pg.ClientBase, opts: SyncOptions = {}): Promise<SyncResult> {
  try {
    return await syncOnce(db, client, opts);
  } catch (err) {
    if (err instanceof Error && err.name === 'AbortError') throw err;
    throw toHubError(err, undefined, 'syncing the catalog');
  }
}

async function syncOnce(db: Db, client: pg.ClientBase, opts: SyncOptions): Promise<SyncResult> {
  const t0 = performance.now();
  await checkHubSchema(client, hubMigrationModules, ['catalog']);
  const hubId = await hubIdOf(client);
  const local = localCursor(db);
  if (local.hubId !== hubId) {
    // Another hub (or the first sync): start from the beginning; rows already here are upserted by product id.
    db.transaction(() => {
      setMeta(db, META.hubId, hubId);
      setMeta(db, META.cursor, '0');
    })();
  }
  let cursor = local.hubId === hubId ? local.cursor : '0';
  const first = cursor === '0';
  const fetchRows = opts.fetchRows ?? SYNC_FETCH;
  const report = { imported: 0, updated: 0, unchanged: 0 };
  let pulled = 0;
  const stats = { ftsWritten: 0, light: 0, removed: 0 };
  let pullFailure: unknown;
  let applyFailure: unknown;
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    // (a first sync copies the current state: tombstones are for desks that hold older rows)
    const total = first ? Number((await client.query<{ n: string }>('SELECT count(*) AS n FROM hub_catalog')).rows[0].n) : await hubBehind(client, cursor);
    if (total > 0) {
      await client.query(`DECLARE deskmate_sync NO SCROLL CURSOR FOR ${first ? FIRST : NEXT}`, [cursor]);
      // (items yielded so far, position of the last of them): the cursor of a transaction is the position of the
      // last batch it applied completely.
      const marks: { items: number; seq: string }[] = [];
      let yielded = 0;
      const fetch = (): Promise<pg.QueryResult<HubRow>> => client.query<HubRow>(`FETCH ${fetchRows} FROM deskmate_sync`);
      const batches = async function* () {
        let next = fetch();
        for (;;) {
          let items: Item[];
          let last: string;
          try {
            const res = await next;
            if (res.rows.length === 0) return;
            next = fetch(); // the hub prepares the next rows while this batch is written
            next.catch(() => {}); // (its error, if any, surfaces at the await above)
            items = [];
            for (const r of res.rows) {
              try {
                items.push(rowToItem(r, yielded + items.length + 1, !first));
              } catch (err) {
                applyFailure = err; // the rows before it are applied and their cursor kept; the run ends here
                break;
              }
            }
            last = res.rows[Math.max(0, items.length - 1)].seq;
          } catch (err) {
            pullFailure = err; // the import wraps what its source throws: keep the cause
            throw err;
          }
          if (items.length) {
            yielded += items.length;
            marks.push({ items: yielded, seq: last });
            yield encodeBatch(items);
          }
          if (applyFailure) return;
        }
      };
      // A desk syncs beside its running app: a 64 MiB page cache and no mmap for the length of the sync keep its
      // memory near the 400 MB budget (a local import's bulk settings take 256 MiB + 256 MiB of mapped pages).
      const mmap = db.pragma('mmap_size', { simple: true }) as number;
      db.pragma('mmap_size = 0');
      const r = await (async () => {
        try {
          return await importBatches(db, batches(), {
            bulk: { cacheKiB: SYNC_CACHE_KIB, indexCacheKiB: SYNC_INDEX_CACHE_KIB },
            stats,
            signal: opts.signal,
            batchSize: opts.batchSize,
            pauseMs: opts.pauseMs ?? (total <= SMALL_DELTA ? 0 : undefined),
            now: opts.now,
            inTransaction(applied, waiting) {
              pulled = applied;
              if (waiting > 0) return; // records held for the index are not written yet: keep the cursor before them
              while (marks.length > 1 && marks[1].items <= applied) marks.shift();
              if (marks.length && marks[0].items <= applied) {
                cursor = marks[0].seq;
                setMeta(db, META.cursor, cursor);
              }
            },
            onProgress: opts.onProgress ? (p) => opts.onProgress?.({ pulled: p.rows, total, first }) : undefined,
          });
        } finally {
          db.pragma(`mmap_size = ${mmap}`);
        }
      })();
      report.imported = r.imported;
      report.updated = r.updated;
      report.unchanged = r.unchanged;
      pulled = yielded;
      if (marks.length) cursor = marks[marks.length - 1].seq;
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw pullFailure ?? err;
  }
  if (applyFailure) {
    setMeta(db, META.cursor, cursor);
    throw applyFailure;
  }
  db.transaction(() => {
    setMeta(db, META.cursor, cursor);
    setMeta(db, META.lastSync, (opts.now?.() ?? new Date()).toISOString());
  })();
  const behind = await hubBehind(client, cursor);
  return { pulled, cursor: Number(cursor), behind, first, report, stockOnly: stats.light, deleted: stats.removed, tookMs: performance.now() - t0 };
}
