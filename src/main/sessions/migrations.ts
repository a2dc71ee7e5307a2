import type { Migration } from '../db';

/**
 * Sessions and turns. `turn_count` doubles as the last seq (turns are never deleted one by one).
 * `turn_fts` is a contentless trigram FTS5 index of turn text (substring search in any script, CJK
 * included; the text itself lives only in `turns`); a turn is indexed once it stops streaming, so
 * `appendText` during a stream costs one UPDATE only. Since migration 5 the triggers only note a turn in
 * `turn_fts_pending` (its index entry is missing or stale); `SessionStore.indexPending` brings the index up to date
 * in batches (FTS5 writes one segment per committing transaction: one per question and per answer was the costliest
 * part of storing a stream), and a search reads pending turns from `turns` directly (search.ts). Since migration 6
 * FTS5 merges 8 segments of a level at a time, not 4 (see there).
 */
export const sessionMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'sessions, turns, turn text index',
    up: (db) => {
      db.exec(`
        CREATE TABLE sessions (
          id TEXT PRIMARY KEY,
          customer_id TEXT,
          title TEXT NOT NULL DEFAULT '',
          title_auto INTEGER NOT NULL DEFAULT 1,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          turn_count INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX sessions_updated ON sessions (updated_at DESC, id);

        CREATE TABLE turns (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
          seq INTEGER NOT NULL,
          speaker TEXT NOT NULL CHECK (speaker IN ('customer', 'agent', 'assistant')),
          text TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'interrupted', 'error', 'offline', 'queued')),
          meta TEXT,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL,
          UNIQUE (session_id, seq)
        );
        CREATE INDEX turns_queued ON turns (id) WHERE status = 'queued' AND speaker = 'customer';

        CREATE VIRTUAL TABLE turn_fts USING fts5 (text, tokenize = 'trigram');
        CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns WHEN new.status <> 'streaming' BEGIN
          INSERT INTO turn_fts (rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER turns_fts_update AFTER UPDATE OF text, status ON turns
          WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
          DELETE FROM turn_fts WHERE rowid = old.id;
          INSERT INTO turn_fts (rowid, text) SELECT new.id, new.text WHERE new.status <> 'streaming';
        END;
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
          DELETE FROM turn_fts WHERE rowid = old.id;
        END;
      `);
    },
  },
  {
    version: 2,
    name: 'contentless turn text index (no second copy of the text)',
    up: (db) => {
      db.exec(`
        DROP TABLE turn_fts;
        CREATE VIRTUAL TABLE turn_fts USING fts5 (text, tokenize = 'trigram', content = '', contentless_delete = 1);
        INSERT INTO turn_fts (rowid, text) SELECT id, text FROM turns WHERE status <> 'streaming';
      `);
    },
  },
  {
    version: 3,
    name: 'archived sessions',
    up: (db) => {
      db.exec('ALTER TABLE sessions ADD COLUMN archived_at TEXT');
    },
  },
  {
    version: 4,
    name: "the agent who asks (HTTP API user_id), apart from the customer",
    up: (db) => {
      db.exec('ALTER TABLE sessions ADD COLUMN agent_id TEXT');
    },
  },
  {
    version: 5,
    name: 'turn text indexed in batches (pending turns searched directly)',
    up: (db) => {
      // stale = 1: turn_fts holds an older entry of the turn (delete it when indexing). A turn already pending keeps
      // its flag (the index has not changed since). Without a pending row, a turn is indexed iff not streaming.
      db.exec(`
        CREATE TABLE turn_fts_pending (turn_id INTEGER PRIMARY KEY, stale INTEGER NOT NULL);
        DROP TRIGGER turns_fts_insert;
        DROP TRIGGER turns_fts_update;
        DROP TRIGGER turns_fts_delete;
        CREATE TRIGGER turns_fts_insert AFTER INSERT ON turns WHEN new.status <> 'streaming' BEGIN
          INSERT OR IGNORE INTO turn_fts_pending (turn_id, stale) VALUES (new.id, 0);
        END;
        CREATE TRIGGER turns_fts_update AFTER UPDATE OF text, status ON turns
          WHEN old.status <> 'streaming' OR new.status <> 'streaming' BEGIN
          INSERT OR IGNORE INTO turn_fts_pending (turn_id, stale) VALUES (new.id, old.status <> 'streaming');
        END;
        CREATE TRIGGER turns_fts_delete AFTER DELETE ON turns BEGIN
          DELETE FROM turn_fts WHERE rowid = old.id;
          DELETE FROM turn_fts_pending WHERE turn_id = old.id;
        END;
      `);
    },
  },
  {
    version: 6,
    name: 'turn text index merges 8 segments at a time (less merge work per stored turn)',
    up: (db) => {
      // FTS5 merges a level's segments into one of the next level once `automerge` of them are there (default 4),
      // a little with every write: each turn is rewritten once per level, and the levels grow with the turns stored
      // — the indexing of a turn cost ~3× more in a 1M-turn desk than in a fresh one. 8 at a time: fewer levels,
      // ~25% less CPU per indexed turn (bench in docs/DESIGN.md, issue 13). `crisismerge` (a whole level merged at
      // once, in the write that found that many segments: ~0.3 s stalls when it equals automerge) stays well above.
      // Settings of the table itself (turn_fts_config): every connection and process uses them.
      db.exec(`
        INSERT INTO turn_fts (turn_fts, rank) VALUES ('automerge', 8);
        INSERT INTO turn_fts (turn_fts, rank) VALUES ('crisismerge', 64);
      `);
    },
  },
  {
    version: 7,
    name: 'sessions indexed by time in ascending order (a new session is appended, not inserted at the front)',
    up: (db) => {
      // `(updated_at DESC, id)` put every new or touched session at the index's left edge: SQLite splits such pages
      // half full (its quick balance is for appends at the right edge), ~1.8 WAL pages per answered stream and a
      // 1.7× larger index. Ascending, the list (`ORDER BY updated_at DESC, id`) scans it backwards and sorts only
      // sessions of the same time by id ("USE TEMP B-TREE FOR RIGHT PART OF ORDER BY"); the rowid in every entry
      // makes the id column unnecessary.
      db.exec(`
        DROP INDEX sessions_updated;
        CREATE INDEX sessions_by_time ON sessions (updated_at);
      `);
    },
  },
];
