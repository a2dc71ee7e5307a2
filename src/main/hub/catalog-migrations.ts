// The hub's catalog: one row per product / store-wide document holding its merged state (the same columns as the
// local cache), and a change sequence. Every insert or update takes the next `seq` in a trigger, and every
// statement writing the catalog first takes one transaction-level advisory lock: catalog writers are serialised,
// so positions are handed out in commit order and a desk reading "seq > cursor" can never see a later position
// commit before an earlier one (the "updated since my cursor" bug). A statement-level trigger NOTIFYs
// `deskmate_catalog` at commit so connected desks sync within moments.
import type { HubMigration, HubMigrationModule } from './migrations';

/** The advisory lock every catalog writer holds until it commits (also taken explicitly by hub import). */
export const CATALOG_WRITER_LOCK = 0x44534b43; // "DSKC"
export const CATALOG_CHANNEL = 'deskmate_catalog';

const v1: HubMigration = {
  version: 1,
  name: 'hub identity, catalog with change sequence, serialised writers, change notifications',
  sql: `
    CREATE TABLE hub_info (
      one boolean PRIMARY KEY DEFAULT true CHECK (one),
      hub_id uuid NOT NULL DEFAULT gen_random_uuid(),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO hub_info DEFAULT VALUES;
    CREATE SEQUENCE hub_catalog_seq;
    CREATE TABLE hub_catalog (
      kind char(1) NOT NULL CHECK (kind IN ('p', 'd')),
      id text NOT NULL,
      seq bigint NOT NULL,
      content_hash text NOT NULL,
      name text NOT NULL DEFAULT '',
      category text NOT NULL DEFAULT '',
      specifications text NOT NULL DEFAULT '{}',
      faq_answers text NOT NULL DEFAULT '[]',
      return_policy_excerpt text NOT NULL DEFAULT '',
      stock_status text NOT NULL DEFAULT '',
      brand text, price double precision, currency text, locale text, updated_at text, manual text,
      doc_title text, doc_body text, doc_kind text CHECK (doc_kind IN ('policy', 'manual', 'ticket')),
      changed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, id)
    );
    CREATE UNIQUE INDEX hub_catalog_by_seq ON hub_catalog (seq);
    CREATE FUNCTION hub_catalog_lock() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_advisory_xact_lock(${CATALOG_WRITER_LOCK});
      RETURN NULL;
    END $$;
    CREATE FUNCTION hub_catalog_position() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.seq := nextval('hub_catalog_seq');
      NEW.changed_at := now();
      RETURN NEW;
    END $$;
    CREATE FUNCTION hub_catalog_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('${CATALOG_CHANNEL}', '');
      RETURN NULL;
    END $$;
    CREATE TRIGGER hub_catalog_lock BEFORE INSERT OR UPDATE OR DELETE ON hub_catalog
      FOR EACH STATEMENT EXECUTE FUNCTION hub_catalog_lock();
    CREATE TRIGGER hub_catalog_position BEFORE INSERT OR UPDATE ON hub_catalog
      FOR EACH ROW EXECUTE FUNCTION hub_catalog_position();
    CREATE TRIGGER hub_catalog_notify AFTER INSERT OR UPDATE ON hub_catalog
      FOR EACH STATEMENT EXECUTE FUNCTION hub_catalog_notify();
  `,
};

/** `changed` of a product row: bit i set = VALUE_FIELDS[i] (prepare.ts) differs from the row's previous state. */
export const CHANGED_ALL = (1 << 12) - 1;
const CHANGE_BITS = [
  'name', 'category', 'specifications', 'faq_answers', 'return_policy_excerpt', 'stock_status',
  'brand', 'price', 'currency', 'locale', 'updated_at', 'manual',
] as const;

// Each change records which columns it changed (computed here, so it holds for any writer, psql included). A desk
// uses it as a hint only: a change that touched no indexed column is applied without re-tokenising, after the desk
// checked that its own copy's indexed columns equal the hub's (a desk that missed an earlier change takes the full
// path) — see catalog-sync.ts.
const v2: HubMigration = {
  version: 2,
  name: 'changed-columns mask per change (stock-only changes are applied without re-indexing)',
  sql: `
    ALTER TABLE hub_catalog ADD COLUMN changed integer NOT NULL DEFAULT ${CHANGED_ALL};
    CREATE OR REPLACE FUNCTION hub_catalog_position() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.seq := nextval('hub_catalog_seq');
      NEW.changed_at := now();
      IF TG_OP = 'UPDATE' AND NEW.kind = 'p' AND OLD.kind = 'p' THEN
        NEW.changed := ${CHANGE_BITS.map((c, i) => `(CASE WHEN NEW.${c} IS DISTINCT FROM OLD.${c} THEN ${1 << i} ELSE 0 END)`).join('\n          | ')};
      ELSE
        NEW.changed := ${CHANGED_ALL};
      END IF;
      RETURN NEW;
    END $$;
  `,
};

// Deletes reach desks as tombstones: a row deleted from hub_catalog (by any writer) leaves (kind, id) with the next
// position in hub_catalog_deleted, under the same writer lock (the statement trigger covers DELETE). A desk applies
// tombstones and rows in position order, so a product deleted and inserted again ends present. A first sync (cursor
// 0) needs no tombstones. TRUNCATE leaves none (delete rows instead).
const v3: HubMigration = {
  version: 3,
  name: 'deletes replicated to desks (tombstones with a position)',
  sql: `
    CREATE TABLE hub_catalog_deleted (
      kind char(1) NOT NULL,
      id text NOT NULL,
      seq bigint NOT NULL,
      deleted_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (kind, id)
    );
    CREATE UNIQUE INDEX hub_catalog_deleted_by_seq ON hub_catalog_deleted (seq);
    CREATE FUNCTION hub_catalog_tombstone() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO hub_catalog_deleted (kind, id, seq) VALUES (OLD.kind, OLD.id, nextval('hub_catalog_seq'))
        ON CONFLICT (kind, id) DO UPDATE SET seq = EXCLUDED.seq, deleted_at = now();
      RETURN OLD;
    END $$;
    CREATE TRIGGER hub_catalog_tombstone AFTER DELETE ON hub_catalog
      FOR EACH ROW EXECUTE FUNCTION hub_catalog_tombstone();
    DROP TRIGGER hub_catalog_notify ON hub_catalog;
    CREATE TRIGGER hub_catalog_notify AFTER INSERT OR UPDATE OR DELETE ON hub_catalog
      FOR EACH STATEMENT EXECUTE FUNCTION hub_catalog_notify();
    DO $$
    BEGIN
      -- roles a team created from \`deskmate hub roles\` before this version read the new table too
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'deskmate_desk') THEN GRANT SELECT ON hub_catalog_deleted TO deskmate_desk; END IF;
      IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'deskmate_manager') THEN GRANT SELECT ON hub_catalog_deleted TO deskmate_manager; END IF;
    END $$;
  `,
};

export const catalogHubMigrations: HubMigrationModule = {
  module: 'catalog',
  migrations: [v1, v2, v3],
  grants: {
    desk: ['GRANT SELECT ON hub_info, hub_catalog, hub_catalog_deleted TO {role}'],
    manager: ['GRANT SELECT ON hub_info, hub_catalog, hub_catalog_deleted TO {role}'],
  },
};
