// The turn text index (contentless trigram FTS5, migrations.ts) brought up to date in batches: the triggers only
// note a turn in `turn_fts_pending`; this takes the pending turns oldest first, in the caller's transaction.
import type { Statement } from 'better-sqlite3';
import type { Db } from '../db';

/** Pending turns indexed per transaction at most (bounds the time one indexing pass holds the event loop). */
export const INDEX_BATCH = 500;

interface PendingRow {
  id: number;
  stale: number;
  text: string | null;
  status: string | null;
}

export class TurnIndex {
  /** Prepared on first use; null: an older schema (before migration 5). */
  private fts: { pending: Statement<[number], PendingRow>; remove: Statement; add: Statement; done: Statement } | null | undefined;

  constructor(private readonly db: Db) {}

  /** Up to `limit` pending turns: stale entries out, the text of turns that are not streaming in. Returns how many
   * it took (`limit`: maybe more). Inside the caller's transaction. */
  pendingIn(limit = INDEX_BATCH): number {
    const fts = this.statements();
    if (!fts) return 0;
    const rows = fts.pending.all(limit);
    if (rows.length === 0) return 0;
    for (const r of rows) {
      if (r.stale) fts.remove.run(r.id);
      if (r.status !== null && r.status !== 'streaming') fts.add.run(r.id, r.text);
    }
    // every pending turn up to the last one taken was taken (oldest first)
    fts.done.run(rows[rows.length - 1]!.id);
    return rows.length;
  }

  private statements(): typeof this.fts {
    if (this.fts !== undefined) return this.fts;
    const ready = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'turn_fts_pending'").get() !== undefined;
    this.fts = ready
      ? {
          pending: this.db.prepare<[number], PendingRow>(
            'SELECT p.turn_id AS id, p.stale AS stale, t.text AS text, t.status AS status FROM turn_fts_pending p LEFT JOIN turns t ON t.id = p.turn_id ORDER BY p.turn_id LIMIT ?',
          ),
          remove: this.db.prepare('DELETE FROM turn_fts WHERE rowid = ?'),
          add: this.db.prepare('INSERT INTO turn_fts (rowid, text) VALUES (?, ?)'),
          done: this.db.prepare('DELETE FROM turn_fts_pending WHERE turn_id <= ?'),
        }
      : null;
    return this.fts;
  }
}
