// `deskmate hub import`: the local import's readers, validation and partial-record merge, written into the hub.
// The file is read and checked exactly as `deskmate import` does (sources.ts, prepare.ts, the import worker); each
// batch is then one hub transaction: take the catalog writer lock, look up the stored state of the batch's ids,
// merge partial records onto it (prepare.ts mergeFields / hashValues — the same rules and hashes as a desk), COPY
// the changed rows into a staging table (pg-copy-streams) and merge them into hub_catalog, where each change takes
// its position in the change sequence. The report is the local import's.
import { statSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { createRequire } from 'node:module';
import type { from as CopyFrom } from 'pg-copy-streams';
import { formatFromName, itemsOf, textChunks, type Format } from '../catalog/sources';
import { sniffFile } from '../catalog/import';
import { hashValues, INDEXED_FIELDS, prepareItems, type Item, type PreparedProduct } from '../catalog/prepare';
import { workerAvailable, workerBatches } from '../catalog/worker';
import { decodeBatch } from '../catalog/wire';
import { emptyReport, reject, type ImportReport } from '../catalog/writer';
import { CATALOG_WRITER_LOCK } from './catalog-migrations';
import { HubError } from './errors';

/** Columns written by an import, in COPY order (hub_catalog minus seq and changed_at). */
const COLS = [
  'kind', 'id', 'content_hash', 'name', 'category', 'specifications', 'faq_answers', 'return_policy_excerpt', 'stock_status',
  'brand', 'price', 'currency', 'locale', 'updated_at', 'manual', 'doc_title', 'doc_body', 'doc_kind',
] as const;
const VALUE_COLS = COLS.slice(3, 15);
const ALL_FIELDS = (1 << 12) - 1;
const NAME_BIT = 1;
export const HUB_IMPORT_BATCH = 5000;

export interface HubImportOptions {
  format?: Format;
  signal?: AbortSignal;
  batchSize?: number;
  worker?: boolean;
  onProgress?: (p: { rows: number; bytes: number; totalBytes: number }) => void;
}

type Row = (string | number | null)[];
interface DocState { title: string; body: string; kind: string; hash: string }

/** COPY text format: backslash, tab, newline and carriage return escaped; \N is null. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  if (typeof v === 'number') return String(v);
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

function hasNul(values: readonly unknown[]): boolean {
  return values.some((v) => typeof v === 'string' && v.includes('\u0000'));
}

/**
 * A partial record merged onto stored values, at the text level: each field the record carries replaces the stored
 * column (specifications and FAQs are JSON text either way). The same values, and so the same hash, as the local
 * import's mergeFields + productValues: the stored JSON was written by JSON.stringify.
 */
function mergeValues(base: readonly unknown[], p: PreparedProduct): unknown[] {
  return base.map((v, i) => (p.mask & (1 << i) ? p.values[i] : v));
}

/** Applies one batch in one hub transaction; adds to `report` only once it committed. */
async function applyBatch(client: pg.ClientBase, items: readonly Item[], total: ImportReport): Promise<void> {
  const report = emptyReport();
  const pids = new Set<string>();
  const dids = new Set<string>();
  for (const it of items) {
    if ('product' in it) pids.add(it.product.productId);
    else if ('doc' in it) dids.add(it.doc.docId);
  }
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITER_LOCK]);
    const hashes = new Map<string, string>();
    if (pids.size) {
      const r = await client.query<{ id: string; h: string }>("SELECT id, content_hash AS h FROM hub_catalog WHERE kind = 'p' AND id = ANY($1::text[])", [[...pids]]);
      for (const x of r.rows) hashes.set(x.id, x.h);
    }
    // Stored state, fetched only for partial records of existing products (a full record replaces every field).
    const need = new Set<string>();
    for (const it of items) if ('product' in it && it.product.mask !== ALL_FIELDS && hashes.has(it.product.productId)) need.add(it.product.productId);
    const stored = new Map<string, unknown[]>();
    if (need.size) {
      const r = await client.query({ text: `SELECT id, ${VALUE_COLS.join(', ')} FROM hub_catalog WHERE kind = 'p' AND id = ANY($1::text[])`, values: [[...need]], rowMode: 'array' });
      for (const x of r.rows as unknown[][]) stored.set(x[0] as string, x.slice(1));
    }
    const docs = new Map<string, DocState>();
    if (dids.size) {
      const r = await client.query<{ id: string; doc_title: string; doc_body: string; doc_kind: string; content_hash: string }>(
        "SELECT id, doc_title, doc_body, doc_kind, content_hash FROM hub_catalog WHERE kind = 'd' AND id = ANY($1::text[])", [[...dids]]);
      for (const x of r.rows) docs.set(x.id, { title: x.doc_title, body: x.doc_body, kind: x.doc_kind, hash: x.content_hash });
    }
    // The batch's changes by id (a later record of the same id merges onto the earlier one's result).
    const out = new Map<string, Row>();
    // Products of this batch changed only outside the indexed fields (stock, price…) and already at the hub: written
    // by a narrow UPDATE of those columns (writeNarrow) rather than the full row.
    const narrow = new Set<string>();
    const wide = new Set<string>();
    for (const it of items) {
      if ('error' in it) reject(report, it.line, it.error);
      else if ('product' in it) product(it.line, it.product);
      else if ('doc' in it) doc(it.line, it.doc);
    }
    function product(line: number, p: PreparedProduct): void {
      const id = p.productId;
      const hash = hashes.get(id);
      if (hash === undefined && !(p.mask & NAME_BIT)) {
        reject(report, line, `product_name is required for a new product (${id} is not in the catalog)`);
        return;
      }
      if (hash === p.hash) {
        report.unchanged++;
        return;
      }
      let values = p.values;
      let h = p.hash;
      if (hash !== undefined && p.mask !== ALL_FIELDS) {
        const base = stored.get(id);
        if (!base) throw new Error(`hub import: stored state of ${id} missing`);
        values = mergeValues(base, p);
        h = hashValues(values);
        if (h === hash) {
          report.unchanged++;
          return;
        }
      }
      if (hasNul(values)) {
        reject(report, line, 'contains a NUL character, which the hub (PostgreSQL text) cannot store');
        return;
      }
      // (a later record of the same id in this batch merges onto this one's result)
      stored.set(id, values);
      if (hash === undefined || p.mask & INDEXED_FIELDS || wide.has(id)) {
        wide.add(id);
        narrow.delete(id);
      } else narrow.add(id);
      if (hash === undefined) report.imported++;
      else report.updated++;
      hashes.set(id, h);
      out.set(`p\t${id}`, ['p', id, h, ...(values as (string | number | null)[]), null, null, null]);
    }
    function doc(line: number, d: Extract<Item, { doc: unknown }>['doc']): void {
      const row = docs.get(d.docId);
      if (!row && (d.title === undefined || d.body === undefined)) {
        reject(report, line, `title and body are required for a new document (${d.docId} is not in the catalog)`);
        return;
      }
      const merged = { title: d.title ?? row?.title ?? '', body: d.body ?? row?.body ?? '', kind: d.kind ?? row?.kind ?? 'policy' };
      const hash = hashValues([merged.title, merged.body, merged.kind]);
      if (row && row.hash === hash) {
        report.unchanged++;
        return;
      }
      if (hasNul([merged.title, merged.body])) {
        reject(report, line, 'contains a NUL character, which the hub (PostgreSQL text) cannot store');
        return;
      }
      if (row) report.updated++;
      else report.imported++;
      docs.set(d.docId, { ...merged, hash });
      out.set(`d\t${d.docId}`, ['d', d.docId, hash, '', '', '{}', '[]', '', '', null, null, null, null, null, null, merged.title, merged.body, merged.kind]);
    }
    const full: Row[] = [];
    const light: Row[] = [];
    for (const [key, row] of out) (row[0] === 'p' && narrow.has(key.slice(2)) ? light : full).push(row);
    if (full.length) await writeRows(client, full);
    if (light.length) await writeNarrow(client, light);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
  total.imported += report.imported;
  total.updated += report.updated;
  total.unchanged += report.unchanged;
  for (const r of report.rejected) reject(total, r.line, r.error);
  total.rejectedTotal += report.rejectedTotal - report.rejected.length;
}

/** pg-copy-streams' COPY … FROM STDIN, loaded on first use (like pg itself, connection.ts pgDriver). */
function copyFrom(sql: string): ReturnType<typeof CopyFrom> {
  return (createRequire(import.meta.url)('pg-copy-streams') as { from: typeof CopyFrom }).from(sql);
}

/** Staging table (per session) + COPY + one merging INSERT … ON CONFLICT. */
async function writeRows(client: pg.ClientBase, rows: Row[]): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS hub_import_stage (
    kind char(1), id text, content_hash text, name text, category text, specifications text, faq_answers text,
    return_policy_excerpt text, stock_status text, brand text, price double precision, currency text, locale text,
    updated_at text, manual text, doc_title text, doc_body text, doc_kind text
  ) ON COMMIT DELETE ROWS`);
  const stream = client.query(copyFrom(`COPY hub_import_stage (${COLS.join(', ')}) FROM STDIN`));
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for (const r of rows) {
      chunk += r.map(copyField).join('\t') + '\n';
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), stream);
  const set = COLS.slice(2).map((c) => `${c} = EXCLUDED.${c}`).join(', ');
  await client.query(`INSERT INTO hub_catalog (${COLS.join(', ')}) SELECT ${COLS.join(', ')} FROM hub_import_stage ON CONFLICT (kind, id) DO UPDATE SET ${set}`);
}

/** Columns a narrow write sets (the non-indexed ones), as indexes into a Row. */
const NARROW = ['content_hash', 'stock_status', 'price', 'currency', 'locale', 'updated_at'] as const;
const NARROW_AT = NARROW.map((c) => COLS.indexOf(c));

/** Existing products changed only outside the indexed fields: COPY those columns, one UPDATE … FROM. */
async function writeNarrow(client: pg.ClientBase, rows: Row[]): Promise<void> {
  await client.query(`CREATE TEMP TABLE IF NOT EXISTS hub_import_narrow (
    id text, content_hash text, stock_status text, price double precision, currency text, locale text, updated_at text
  ) ON COMMIT DELETE ROWS`);
  const stream = client.query(copyFrom(`COPY hub_import_narrow (id, ${NARROW.join(', ')}) FROM STDIN`));
  async function* lines(): AsyncGenerator<string> {
    let chunk = '';
    for (const r of rows) {
      chunk += [r[1], ...NARROW_AT.map((i) => r[i])].map(copyField).join('\t') + '\n';
      if (chunk.length > 1 << 16) {
        yield chunk;
        chunk = '';
      }
    }
    if (chunk) yield chunk;
  }
  await pipeline(Readable.from(lines()), stream);
  // One primary-key probe per staged row: without statistics (a freshly loaded hub) the planner would hash-join the
  // whole catalog instead (50 ms per 50k products for 5,000 rows, linear in the catalog).
  await client.query('SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off');
  const n = await client.query(`UPDATE hub_catalog h SET ${NARROW.map((c) => `${c} = s.${c}`).join(', ')} FROM hub_import_narrow s WHERE h.kind = 'p' AND h.id = s.id`);
  await client.query('RESET enable_hashjoin; RESET enable_mergejoin');
  if (n.rowCount !== rows.length) throw new Error(`hub import: ${rows.length - (n.rowCount ?? 0)} products vanished during the import`);
}

async function* itemBatches(file: string, format: Format, progress: { bytes: number }, opts: HubImportOptions, size: number): AsyncGenerator<Item[]> {
  if (opts.worker ?? workerAvailable()) {
    for await (const b of workerBatches(file, format, progress, { signal: opts.signal, inFlight: 2 * size })) yield decodeBatch(b);
    return;
  }
  for await (const raw of itemsOf(format, textChunks(file, progress, opts.signal))) yield prepareItems(raw);
}

/** Imports a catalog file into the hub. Each batch commits on its own: an interrupted import keeps what committed. */
export async function hubImportFile(client: pg.ClientBase, file: string, opts: HubImportOptions = {}): Promise<ImportReport> {
  const totalBytes = statSync(file).size;
  const format = opts.format ?? formatFromName(file) ?? sniffFile(file);
  const size = opts.batchSize ?? HUB_IMPORT_BATCH;
  const progress = { bytes: 0 };
  const report = emptyReport();
  let pending: Item[] = [];
  let rows = 0;
  const flush = async (): Promise<void> => {
    const batch = pending;
    pending = [];
    await applyBatch(client, batch, report);
    rows += batch.length;
    opts.onProgress?.({ rows, bytes: progress.bytes, totalBytes });
  };
  for await (const items of itemBatches(file, format, progress, opts, size)) {
    for (const it of items) pending.push(it);
    if (pending.length >= size) await flush();
    if (opts.signal?.aborted) throw new HubError('interrupted', 'hub import interrupted; the batches committed so far are kept, run it again to complete it');
  }
  if (pending.length) await flush();
  report.rejected.sort((a, b) => a.line - b.line);
  return report;
}

/** Imports records given as values (tests). Line numbers are 1-based positions. */
export async function hubImportRecords(client: pg.ClientBase, records: readonly unknown[], batchSize = HUB_IMPORT_BATCH): Promise<ImportReport> {
  const report = emptyReport();
  for (let i = 0; i < records.length; i += batchSize) {
    const raw = records.slice(i, i + batchSize).map((value, k) => ({ line: i + k + 1, value }));
    await applyBatch(client, prepareItems(raw), report);
  }
  return report;
}
