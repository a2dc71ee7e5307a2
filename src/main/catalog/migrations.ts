import type { Migration } from '../db';
import { PRODUCT_INDEX } from './product-index';

/**
 * Catalog schema. `products` holds the documents (JSON text for specifications and FAQs); two contentless FTS5
 * tables index them by the products rowid (standalone documents use the negated rowid of `standalone_docs`):
 * a small head index (name, brand, category, codes) ranked first, and a body index (specifications, FAQs,
 * return policy, manual) without positions (detail=column). `content_hash` detects unchanged re-imports.
 */
export const catalogMigrations: Migration[] = [
  {
    version: 1,
    name: 'products, standalone docs, head/body FTS5 indexes, meta',
    up(db) {
      db.exec(`
        CREATE TABLE products (
          id INTEGER PRIMARY KEY,
          product_id TEXT NOT NULL UNIQUE,
          name TEXT NOT NULL DEFAULT '',
          category TEXT NOT NULL DEFAULT '',
          specifications TEXT NOT NULL DEFAULT '{}',
          faq_answers TEXT NOT NULL DEFAULT '[]',
          return_policy_excerpt TEXT NOT NULL DEFAULT '',
          stock_status TEXT NOT NULL DEFAULT '',
          brand TEXT, price REAL, currency TEXT, locale TEXT, updated_at TEXT, manual TEXT,
          demo INTEGER NOT NULL DEFAULT 0,
          content_hash TEXT NOT NULL,
          token_count INTEGER
        );
        CREATE TABLE standalone_docs (
          id INTEGER PRIMARY KEY,
          doc_id TEXT NOT NULL UNIQUE,
          title TEXT NOT NULL DEFAULT '',
          body TEXT NOT NULL DEFAULT '',
          kind TEXT NOT NULL DEFAULT 'policy' CHECK (kind IN ('policy', 'manual', 'ticket')),
          demo INTEGER NOT NULL DEFAULT 0,
          content_hash TEXT NOT NULL,
          token_count INTEGER
        );
        CREATE INDEX products_uncounted ON products(id) WHERE token_count IS NULL;
        CREATE INDEX products_demo ON products(id) WHERE demo = 1;
        CREATE TABLE catalog_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE VIRTUAL TABLE catalog_head USING fts5(
          name, brand, category, codes,
          content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2'
        );
        CREATE VIRTUAL TABLE catalog_body USING fts5(
          specs, faqs, policy, manual,
          content='', contentless_delete=1, detail=column, tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO catalog_head(catalog_head, rank) VALUES('hashsize', 67108864);
        INSERT INTO catalog_body(catalog_body, rank) VALUES('hashsize', 67108864);
        CREATE VIRTUAL TABLE catalog_head_vocab USING fts5vocab(catalog_head, 'row');
        CREATE VIRTUAL TABLE catalog_body_vocab USING fts5vocab(catalog_body, 'row');
      `);
    },
  },
  {
    version: 2,
    name: 'products: product_id unique through a named index (a fresh import drops it and builds it once at the end)',
    up(db) {
      // The rows keep their ids (the FTS5 rowids). SQLite cannot drop the index of an inline UNIQUE: rebuild.
      const cols = db.prepare("SELECT name FROM pragma_table_info('products') ORDER BY cid").pluck().all() as string[];
      const sql = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'products'").pluck().get() as string;
      const next = sql.replace('CREATE TABLE products', 'CREATE TABLE products_next').replace('product_id TEXT NOT NULL UNIQUE', 'product_id TEXT NOT NULL');
      if (next === sql || next.includes('UNIQUE')) throw new Error('catalog migration 2: unexpected products schema');
      db.exec(`
        ${next};
        INSERT INTO products_next (${cols.join(', ')}) SELECT ${cols.join(', ')} FROM products;
        DROP TABLE products;
        ALTER TABLE products_next RENAME TO products;
        CREATE UNIQUE INDEX ${PRODUCT_INDEX} ON products(product_id);
        CREATE INDEX products_uncounted ON products(id) WHERE token_count IS NULL;
        CREATE INDEX products_demo ON products(id) WHERE demo = 1;
      `);
    },
  },
  {
    version: 3,
    name: 'catalog_version: a counter every change of a stored document version or token count bumps (triggers)',
    up(db) {
      // What a reader's in-memory document caches were checked against: a stored document changed its content hash,
      // demo flag, id or token count, or went away, in any process. Inserts do not bump it (a new row has no cached
      // copy; a row that replaced a deleted one bumped it with the delete), so a fresh import of millions of rows
      // costs nothing.
      db.exec(`
        CREATE TABLE catalog_version (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
        INSERT INTO catalog_version (id, n) VALUES (1, 0);
        CREATE TRIGGER products_version_update AFTER UPDATE OF content_hash, demo, product_id, token_count ON products
          WHEN old.content_hash IS NOT new.content_hash OR old.demo IS NOT new.demo OR old.product_id IS NOT new.product_id
            OR old.token_count IS NOT new.token_count
          BEGIN UPDATE catalog_version SET n = n + 1 WHERE id = 1; END;
        CREATE TRIGGER products_version_delete AFTER DELETE ON products
          BEGIN UPDATE catalog_version SET n = n + 1 WHERE id = 1; END;
        CREATE TRIGGER standalone_docs_version_update AFTER UPDATE OF content_hash, demo, doc_id, kind, token_count ON standalone_docs
          WHEN old.content_hash IS NOT new.content_hash OR old.demo IS NOT new.demo OR old.doc_id IS NOT new.doc_id OR old.kind IS NOT new.kind
            OR old.token_count IS NOT new.token_count
          BEGIN UPDATE catalog_version SET n = n + 1 WHERE id = 1; END;
        CREATE TRIGGER standalone_docs_version_delete AFTER DELETE ON standalone_docs
          BEGIN UPDATE catalog_version SET n = n + 1 WHERE id = 1; END;
      `);
    },
  },
  {
    version: 4,
    name: 'token counts of products with a manual: stale (rendering 2 sends the passages a question needs, not the manual)',
    up(db) {
      // The stored count is of the rendered body (render.ts); a product's manual left it (RENDER_VERSION 2).
      db.exec(`UPDATE products SET token_count = NULL WHERE token_count IS NOT NULL AND manual IS NOT NULL AND trim(manual) != ''`);
    },
  },
];
