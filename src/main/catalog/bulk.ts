// Settings for the length of one import, and the index merge that follows it. During the import the two FTS5
// indexes do not merge segments (automerge off, crisis merges only past 1000 segments), the WAL is checkpointed
// in large steps and the page cache is larger; afterwards the automerge settings are back to FTS5's defaults and
// the new segments are merged in bounded steps (see mergeAfterImport). An import killed mid-way leaves automerge off until the next import finishes (search results
// are the same; only more segments are read).
import type { Db } from '../db';

const FTS_TABLES = ['catalog_head', 'catalog_body'] as const;
const AUTOMERGE_DEFAULT = 4;
const CRISISMERGE_DEFAULT = 16;
/** Pages written per 'merge' step after a small import. */
const MERGE_STEP = 2000;

export interface BulkOptions {
  /** Page cache during the import, KiB. */
  cacheKiB?: number;
  /** WAL pages between automatic checkpoints during the import. */
  walPages?: number;
  /**
   * Page cache while the unique product id index is built at the end of a fresh import, KiB (default: cacheKiB).
   * SQLite's sorter keeps up to the cache size of keys in memory beside the cache itself: a smaller value spills to
   * temporary files sooner and keeps the peak lower (the team hub's first sync, which runs beside a live desk).
   */
  indexCacheKiB?: number;
}

function ftsConfig(db: Db, automerge: number, crisismerge: number): void {
  db.transaction(() => {
    for (const t of FTS_TABLES) {
      // Integers in the SQL text: FTS5 rejects a bound JS number (a double) for these.
      db.exec(`INSERT INTO ${t}(${t}, rank) VALUES('automerge', ${Math.trunc(automerge)})`);
      db.exec(`INSERT INTO ${t}(${t}, rank) VALUES('crisismerge', ${Math.trunc(crisismerge)})`);
    }
  })();
}

/**
 * Merges what an import of `written` rows left, in steps of MERGE_STEP pages, each its own transaction followed by
 * `pauseMs` of pause (other writers get the database between steps); returns the milliseconds spent. When the
 * import wrote at least half the catalog, every segment is merged into one (negative 'merge': like 'optimize',
 * but in bounded steps); else only the level holding the new segments.
 */
export async function mergeAfterImport(db: Db, written: number, pauseMs = 0): Promise<number> {
  if (written === 0) return 0;
  const t0 = performance.now();
  const total = (db.prepare('SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM standalone_docs) AS n').get() as { n: number }).n;
  const changes = db.prepare('SELECT total_changes() AS n').pluck();
  const step = written * 2 >= total ? -MERGE_STEP : MERGE_STEP;
  for (const t of FTS_TABLES) {
    const merge = db.prepare(`INSERT INTO ${t}(${t}, rank) VALUES('merge', ${step})`);
    const once = db.transaction((): number => {
      const before = changes.get() as number;
      merge.run();
      return (changes.get() as number) - before;
    });
    while (once.immediate() >= 2) await new Promise((r) => (pauseMs > 0 ? setTimeout(r, pauseMs) : setImmediate(r)));
  }
  return performance.now() - t0;
}

/** Applies the import settings; the returned function restores them and merges the index (`written`: rows written). */
export function beginBulk(db: Db, opts: BulkOptions = {}): (written: number, pauseMs?: number) => Promise<void> {
  const cache = db.pragma('cache_size', { simple: true }) as number;
  const wal = db.pragma('wal_autocheckpoint', { simple: true }) as number;
  db.pragma(`cache_size = ${-(opts.cacheKiB ?? 262144)}`);
  db.pragma(`wal_autocheckpoint = ${opts.walPages ?? 25000}`);
  ftsConfig(db, 0, 1000);
  return async (written, pauseMs = 0) => {
    try {
      ftsConfig(db, AUTOMERGE_DEFAULT, CRISISMERGE_DEFAULT);
      await mergeAfterImport(db, written, pauseMs);
    } finally {
      db.pragma(`cache_size = ${cache}`);
      db.pragma(`wal_autocheckpoint = ${wal}`);
    }
  };
}
