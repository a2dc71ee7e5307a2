// The unique index on products.product_id. A fresh import (products empty at its start) drops it, inserts
// without it (the writer keeps the ids it has seen, see IdHashSet) and builds it once at the end: one sorted
// build instead of millions of random inserts. An import killed in between leaves the table without the index;
// the next import, or the next lookup by product id, restores it (removing duplicate ids first, keeping the
// oldest row, should any exist). Lookups by product id name the index (INDEXED BY), so they fail instead of
// scanning the table when it is absent.
import type { Db } from '../db';

export const PRODUCT_INDEX = 'products_product_id';

/** Connections with an import in progress that dropped the index (lookups on them wait for its end). */
const building = new WeakSet<Db>();

export function hasProductIndex(db: Db): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?").get(PRODUCT_INDEX) !== undefined;
}

/** Drops the index for a fresh import; run inside the transaction that found the products table empty. */
export function dropProductIndex(db: Db): void {
  db.exec(`DROP INDEX IF EXISTS ${PRODUCT_INDEX}`);
  building.add(db);
}

function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err as { code: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}

/** Deletes every product whose product id an older row also has (and its index rows); returns how many. */
function removeDuplicates(db: Db): number {
  const ids = db
    .prepare('SELECT id FROM (SELECT id, row_number() OVER (PARTITION BY product_id ORDER BY id) AS n FROM products) WHERE n > 1')
    .pluck()
    .all() as number[];
  const del = ['products WHERE id', 'catalog_head WHERE rowid', 'catalog_body WHERE rowid'].map((t) => db.prepare(`DELETE FROM ${t} = ?`));
  for (const id of ids) for (const d of del) d.run(id);
  return ids.length;
}

/** Builds the index when it is missing (after a fresh import, or one that was killed); true when it built it. */
export function restoreProductIndex(db: Db): boolean {
  building.delete(db);
  if (hasProductIndex(db)) return false;
  const create = `CREATE UNIQUE INDEX IF NOT EXISTS ${PRODUCT_INDEX} ON products(product_id)`;
  db.transaction(() => {
    try {
      db.exec(create);
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      removeDuplicates(db);
      db.exec(create);
    }
  })();
  return true;
}

/**
 * Runs a lookup by product id (a statement naming the index); when the index is missing it is restored first, or,
 * while an import on this connection is building it, `absent` is returned (the product is not available yet).
 */
export function withProductIndex<T>(db: Db, lookup: () => T, absent: () => T): T {
  try {
    return lookup();
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes(`no such index: ${PRODUCT_INDEX}`)) throw err;
  }
  if (building.has(db)) return absent();
  try {
    restoreProductIndex(db);
  } catch (err) {
    // Another connection's import holds the write lock, or this connection is read-only: not available yet.
    const code = err instanceof Error && 'code' in err ? String((err as { code: unknown }).code) : '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_READONLY')) return absent();
    throw err;
  }
  return lookup();
}

/**
 * The product ids written by a fresh import, as 64-bit hashes of their UTF-8 bytes in an open-addressing table.
 * A collision makes a new id look seen: the writer then takes the upsert path, which is correct for any id.
 */
export class IdHashSet {
  private keys = new Int32Array(2 << 16);
  private mask = (1 << 16) - 1;
  private size = 0;

  /** True when `id` was (probably) added before; adds it when `add` is set. */
  seen(id: Uint8Array, add: boolean): boolean {
    let h1 = 0x811c9dc5;
    let h2 = id.length | 0x10000;
    for (let i = 0; i < id.length; i++) {
      h1 = Math.imul(h1 ^ id[i], 0x01000193);
      h2 = Math.imul(h2 ^ id[i], 0x5bd1e995);
      h2 ^= h2 >>> 13;
    }
    if (h2 === 0) h2 = 1; // 0 marks an empty slot
    const keys = this.keys;
    for (let s = (h1 ^ (h2 >>> 7)) & this.mask; ; s = (s + 1) & this.mask) {
      const k2 = keys[2 * s + 1];
      if (k2 === 0) break;
      if (k2 === h2 && keys[2 * s] === h1) return true;
    }
    if (add) this.insert(h1, h2);
    return false;
  }

  private insert(h1: number, h2: number): void {
    if (++this.size * 2 > this.mask) this.grow();
    const keys = this.keys;
    let s = (h1 ^ (h2 >>> 7)) & this.mask;
    while (keys[2 * s + 1] !== 0) s = (s + 1) & this.mask;
    keys[2 * s] = h1;
    keys[2 * s + 1] = h2;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Int32Array(old.length * 2);
    this.mask = this.mask * 2 + 1;
    for (let s = 0; s < old.length; s += 2) {
      const h2 = old[s + 1];
      if (h2 === 0) continue;
      let t = (old[s] ^ (h2 >>> 7)) & this.mask;
      while (this.keys[2 * t + 1] !== 0) t = (t + 1) & this.mask;
      this.keys[2 * t] = old[s];
      this.keys[2 * t + 1] = h2;
    }
  }
}
