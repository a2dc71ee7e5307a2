// The desk's local outbox: which sessions, turns and ledger rows the hub has not seen in their current state.
// SQLite triggers write it in the same transaction as the row itself, so no call site changes and nothing is
// missed (a crash either keeps both or neither). An entry says "push this row as it is now"; a row gone from its
// table by then (a deleted session and its turns) is pushed as a deletion. Entries of one row collapse: a trigger
// adds one only when the row has no entry above the `claimed` watermark a push raises before it reads.
// Triggers stay silent until the outbox is enabled (a hub is configured); enabling enqueues every existing row.
import { randomUUID } from 'node:crypto';
import type { Db, Migration } from '../db';

export type OutboxKind = 'session' | 'turn' | 'ledger';

export interface OutboxEntry {
  seq: number;
  kind: OutboxKind;
  ref: string;
}

function enqueueSql(kind: OutboxKind, ref: string): string {
  return `INSERT INTO outbox (kind, ref) SELECT '${kind}', CAST(${ref} AS TEXT)
    WHERE (SELECT enabled FROM outbox_state) = 1 AND NOT EXISTS (
      SELECT 1 FROM outbox WHERE kind = '${kind}' AND ref = CAST(${ref} AS TEXT) AND seq > (SELECT claimed FROM outbox_state));`;
}

function createOutbox(db: Db): void {
  db.exec(`
    CREATE TABLE outbox (
      seq INTEGER PRIMARY KEY AUTOINCREMENT,
      kind TEXT NOT NULL CHECK (kind IN ('session', 'turn', 'ledger')),
      ref TEXT NOT NULL
    );
    CREATE INDEX outbox_ref ON outbox (kind, ref, seq);
    CREATE TABLE outbox_state (
      id INTEGER PRIMARY KEY CHECK (id = 1),
      desk_uid TEXT NOT NULL,
      enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
      claimed INTEGER NOT NULL DEFAULT 0,
      pushed INTEGER NOT NULL DEFAULT 0,
      last_push_at TEXT,
      last_error TEXT
    );
  `);
  db.prepare('INSERT INTO outbox_state (id, desk_uid) VALUES (1, ?)').run(randomUUID());
  db.exec(`
    CREATE TRIGGER outbox_session_insert AFTER INSERT ON sessions BEGIN ${enqueueSql('session', 'new.id')} END;
    CREATE TRIGGER outbox_session_update AFTER UPDATE ON sessions BEGIN ${enqueueSql('session', 'new.id')} END;
    CREATE TRIGGER outbox_session_delete AFTER DELETE ON sessions BEGIN ${enqueueSql('session', 'old.id')} END;
    CREATE TRIGGER outbox_turn_insert AFTER INSERT ON turns BEGIN ${enqueueSql('turn', 'new.id')} END;
    -- Streamed text lands in many small updates; the turn is pushed when its status changes or it is edited.
    CREATE TRIGGER outbox_turn_update AFTER UPDATE ON turns
      WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN ${enqueueSql('turn', 'new.id')} END;
    CREATE TRIGGER outbox_turn_delete AFTER DELETE ON turns BEGIN ${enqueueSql('turn', 'old.id')} END;
    CREATE TRIGGER outbox_ledger_insert AFTER INSERT ON usage_ledger BEGIN ${enqueueSql('ledger', 'new.id')} END;
  `);
}

/** Every existing row, once (an entry above the claimed watermark already covers its row). */
const ENQUEUE_ALL = `
  INSERT INTO outbox (kind, ref) SELECT 'session', id FROM sessions s
    WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'session' AND o.ref = s.id AND o.seq > (SELECT claimed FROM outbox_state))
    ORDER BY created_at, id;
  INSERT INTO outbox (kind, ref) SELECT 'turn', CAST(id AS TEXT) FROM turns t
    WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'turn' AND o.ref = CAST(t.id AS TEXT) AND o.seq > (SELECT claimed FROM outbox_state))
    ORDER BY id;
  INSERT INTO outbox (kind, ref) SELECT 'ledger', CAST(id AS TEXT) FROM usage_ledger l
    WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'ledger' AND o.ref = CAST(l.id AS TEXT) AND o.seq > (SELECT claimed FROM outbox_state))
    ORDER BY id;`;

/** Applied after the sessions and usage modules (the triggers name their tables). */
export const outboxMigrations: readonly Migration[] = [
  { version: 1, name: 'outbox of rows for the team hub', up: createOutbox },
  // the hub (hub_info.hub_id) the rows went to: another hub (a URL changed in Settings, a rebuilt hub) gets them all
  { version: 2, name: 'outbox remembers its hub', up: (db) => db.exec('ALTER TABLE outbox_state ADD COLUMN hub_id TEXT') },
];

export interface OutboxStatus {
  enabled: boolean;
  /** Rows waiting to reach the hub (one per row, however often it changed). */
  waiting: number;
  pushed: number;
  lastPushAt: string | null;
  lastError: string | null;
  deskUid: string;
}

interface StateRow {
  desk_uid: string;
  enabled: number;
  claimed: number;
  pushed: number;
  last_push_at: string | null;
  last_error: string | null;
}

export class LocalOutbox {
  constructor(private readonly db: Db) {}

  private state(): StateRow {
    return this.db.prepare<[], StateRow>('SELECT * FROM outbox_state WHERE id = 1').get() as StateRow;
  }

  /** This desk's stable id in the team (a UUID made once per local database). */
  deskUid(): string {
    return this.state().desk_uid;
  }

  /**
   * Starts recording writes; the first time, every existing session, turn and ledger row is enqueued so the hub
   * ends up with all of them. Idempotent.
   */
  enable(): void {
    this.db.transaction(() => {
      if (this.state().enabled === 1) return;
      this.db.exec(`UPDATE outbox_state SET enabled = 1; ${ENQUEUE_ALL}`);
    })();
  }

  /**
   * The hub the outbox pushes to (its hub_info.hub_id). The first hub keeps what enable() queued; a different one
   * (the URL changed, the hub was rebuilt) gets every row again (idempotent upserts: nothing doubles). True when
   * the rows were queued again.
   */
  bindHub(hubId: string): boolean {
    return this.db.transaction(() => {
      const s = this.state() as StateRow & { hub_id: string | null };
      if (s.hub_id === hubId) return false;
      this.db.prepare('UPDATE outbox_state SET hub_id = ?').run(hubId);
      if (s.hub_id === null || s.enabled !== 1) return false;
      this.db.exec(ENQUEUE_ALL);
      return true;
    })();
  }

  status(): OutboxStatus {
    const s = this.state();
    const waiting = (this.db.prepare('SELECT COUNT(*) AS n FROM (SELECT DISTINCT kind, ref FROM outbox)').get() as { n: number }).n;
    return {
      enabled: s.enabled === 1,
      waiting,
      pushed: s.pushed,
      lastPushAt: s.last_push_at,
      lastError: s.last_error,
      deskUid: s.desk_uid,
    };
  }

  /**
   * The oldest `limit` entries, claimed: a write after this (even to a row in the batch) adds a new entry, so
   * `ack` of this batch never drops a change the push did not carry. Call `read` in the same transaction.
   */
  claim(limit: number): OutboxEntry[] {
    const rows = this.db
      .prepare<[number], OutboxEntry>('SELECT seq, kind, ref FROM outbox ORDER BY seq LIMIT ?')
      .all(limit);
    if (rows.length > 0) this.db.prepare('UPDATE outbox_state SET claimed = MAX(claimed, ?)').run(rows[rows.length - 1].seq);
    return rows;
  }

  /** Puts rows back at the end (e.g. a ledger row whose answer is still streaming). */
  requeue(kind: OutboxKind, refs: readonly string[]): void {
    const ins = this.db.prepare('INSERT INTO outbox (kind, ref) VALUES (?, ?)');
    for (const r of refs) ins.run(kind, r);
  }

  /** The batch up to `maxSeq` reached the hub. */
  ack(maxSeq: number, rows: number, at: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM outbox WHERE seq <= ?').run(maxSeq);
      this.db.prepare('UPDATE outbox_state SET pushed = pushed + ?, last_push_at = ?, last_error = NULL').run(rows, at);
    })();
  }

  noteError(message: string): void {
    this.db.prepare('UPDATE outbox_state SET last_error = ?').run(message.slice(0, 300));
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
