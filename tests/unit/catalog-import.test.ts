import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import {
  catalogMigrations, catalogStats, ensureDemoCatalog, getProduct, getStandaloneDoc, getTokenCounts, importFile, importRecords,
  listStandaloneDocs, searchCatalog, setTokenCounts, uncountedDocuments, ImportFileError, MAX_REJECTED_KEPT,
} from '../../src/main/catalog';

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'deskmate-catalog-'));
}

function freshDb(dir = tmp()): Db {
  const db = openDatabase(join(dir, 'c.sqlite'));
  migrate(db, 'catalog', catalogMigrations);
  return db;
}

const laptop = {
  product_id: 'LP-TP-X1C-2024', product_name: 'ThinkPad X1 Carbon Gen 12', brand: 'Lenovo', category: 'laptops',
  specifications: { battery: '57 Wh, up to 15 hours', weight: '1.09 kg', RAM: '32 GB' },
  faq_answers: ['Battery life is up to 15 hours (MobileMark).', 'RAM is soldered and cannot be upgraded.'],
  return_policy_excerpt: '30-day return window for unopened items.', stock_status: 'in_stock', price: 1899, currency: 'USD',
};
const mouse = {
  product_id: 'ACC-MSE-WL-001', product_name: 'Logitech MX Master 3S', brand: 'Logitech', category: 'mice',
  specifications: { model: 'MX3S', sensor: '8000 DPI' }, faq_answers: ['Works on glass.'],
  return_policy_excerpt: 'Returns accepted within 30 days.', stock_status: 'low_stock', price: 99.99,
};

function file(dir: string, name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe('importFile: JSONL', () => {
  it('imports valid records, rejects bad ones with line and reason, skips blank lines', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    const lines = [
      JSON.stringify(laptop),
      '',
      '{"product_id": "A-1", "product_name": ', // invalid JSON
      '[1, 2]', // not an object
      JSON.stringify({ product_name: 'no id' }),
      JSON.stringify({ product_id: '   ', product_name: 'blank id' }),
      JSON.stringify({ product_id: 'T-1', product_name: 'x', specifications: 'big' }),
      JSON.stringify({ product_id: 'T-2', product_name: 'x', faq_answers: [1] }),
      JSON.stringify({ product_id: 'T-3', product_name: 'x', price: '12' }),
      '   ',
      JSON.stringify(mouse),
    ];
    const report = await importFile(db, file(dir, 'cat.jsonl', lines.join('\n') + '\n'));
    expect(report.imported).toBe(2);
    expect(report.rejected.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(report.rejected[0].error).toMatch(/invalid JSON/);
    expect(report.rejected[1].error).toMatch(/not an object/);
    expect(report.rejected[2].error).toMatch(/missing product_id/);
    expect(report.rejected[3].error).toMatch(/product_id/);
    expect(report.rejected[4].error).toMatch(/specifications must be an object/);
    expect(report.rejected[5].error).toMatch(/faq_answers/);
    expect(report.rejected[6].error).toMatch(/price must be a number/);
    expect(getProduct(db, 'ACC-MSE-WL-001')?.specifications).toEqual({ model: 'MX3S', sensor: '8000 DPI' });
    expect(catalogStats(db).products).toBe(2);
  });

  it('re-importing the same file changes nothing', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    const f = file(dir, 'cat.jsonl', [laptop, mouse].map((r) => JSON.stringify(r)).join('\n'));
    expect(await importFile(db, f)).toMatchObject({ imported: 2, updated: 0, unchanged: 0 });
    setTokenCounts(db, [['LP-TP-X1C-2024', 321]]);
    const before = db.prepare('SELECT * FROM products ORDER BY id').all();
    expect(await importFile(db, f)).toMatchObject({ imported: 0, updated: 0, unchanged: 2, rejected: [] });
    expect(db.prepare('SELECT * FROM products ORDER BY id').all()).toEqual(before);
    expect(getTokenCounts(db, ['LP-TP-X1C-2024']).get('LP-TP-X1C-2024')).toBe(321);
  });

  it('a partial record (inventory feed) updates only its fields and keeps the index in step', async () => {
    const db = freshDb();
    await importRecords(db, [laptop, mouse]);
    setTokenCounts(db, [['ACC-MSE-WL-001', 200], ['LP-TP-X1C-2024', 300]]);
    const r = await importRecords(db, [{ product_id: 'ACC-MSE-WL-001', stock_status: 'out_of_stock' }, { product_id: 'LP-TP-X1C-2024', product_name: 'ThinkPad Zephyr' }]);
    expect(r).toMatchObject({ imported: 0, updated: 2, unchanged: 0 });
    const m = getProduct(db, 'ACC-MSE-WL-001');
    expect(m).toMatchObject({ ...{ name: 'Logitech MX Master 3S', stockStatus: 'out_of_stock', price: 99.99, brand: 'Logitech' } });
    expect(m?.faqAnswers).toEqual(['Works on glass.']);
    expect(getTokenCounts(db, ['ACC-MSE-WL-001', 'LP-TP-X1C-2024', 'nope'])).toEqual(
      new Map([['ACC-MSE-WL-001', null], ['LP-TP-X1C-2024', null]]),
    );
    expect(searchCatalog(db, 'zephyr').results[0]?.productId).toBe('LP-TP-X1C-2024');
    expect(searchCatalog(db, 'carbon').results).toEqual([]);
    // The same partial record again is unchanged.
    expect(await importRecords(db, [{ product_id: 'ACC-MSE-WL-001', stock_status: 'out_of_stock' }])).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('rejects a partial record for an unknown product', async () => {
    const db = freshDb();
    const r = await importRecords(db, [{ product_id: 'NEW-1', stock_status: 'in_stock' }]);
    expect(r.imported).toBe(0);
    expect(r.rejected).toEqual([{ line: 1, error: expect.stringMatching(/product_name is required/) }]);
  });

  it('keeps at most MAX_REJECTED_KEPT rejections in memory but counts them all', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    const bad = Array.from({ length: MAX_REJECTED_KEPT + 500 }, () => 'nope').join('\n');
    const r = await importFile(db, file(dir, 'bad.jsonl', `${bad}\n${JSON.stringify(mouse)}\n`));
    expect(r.rejected).toHaveLength(MAX_REJECTED_KEPT);
    expect(r.rejectedTotal).toBe(MAX_REJECTED_KEPT + 500);
    expect(r.imported).toBe(1);
  });

  it('imports standalone documents (doc_id) and indexes them', async () => {
    const db = freshDb();
    const r = await importRecords(db, [
      { doc_id: 'POL-RET', title: 'Return & refund policy', body: 'Refunds beyond policy need a supervisor.', kind: 'policy' },
      { doc_id: 'BAD', title: 'x', body: 'y', kind: 'memo' },
    ]);
    expect(r.imported).toBe(1);
    expect(r.rejected[0]).toMatchObject({ line: 2, error: expect.stringMatching(/kind/) });
    expect(getStandaloneDoc(db, 'POL-RET')?.kind).toBe('policy');
    expect(listStandaloneDocs(db, 'policy').map((d) => d.docId)).toEqual(['POL-RET']);
    expect(uncountedDocuments(db, 10)).toEqual(['POL-RET']);
    expect(searchCatalog(db, 'supervisor refund').results[0]).toMatchObject({ productId: 'POL-RET', kind: 'policy' });
  });
});

describe('importFile: JSON array and CSV', () => {
  it('streams a JSON array element by element, with line numbers', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    const text = `[\n${JSON.stringify(laptop)},\n{"product_id": "B-1",, },\n42,\n${JSON.stringify({ ...mouse, product_name: 'Mouse [with] {braces} "quoted"' })}\n]\n`;
    const r = await importFile(db, file(dir, 'cat.json', text));
    expect(r.imported).toBe(2);
    expect(r.rejected.map((x) => x.line)).toEqual([3, 4]);
    expect(getProduct(db, 'ACC-MSE-WL-001')?.name).toBe('Mouse [with] {braces} "quoted"');
  });

  it('fails with ImportFileError on something that is not a JSON array', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    await expect(importFile(db, file(dir, 'x.json', '{"a": 1}'))).rejects.toBeInstanceOf(ImportFileError);
  });

  it('reads CSV with JSON columns or spec.* / faq.* columns, quoted cells and embedded newlines', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    const csv = [
      'product_id,product_name,category,spec.Weight,spec.Colour,faq.1,faq.2,price,stock_status',
      'C-1,"Chair, ""Ergo""",furniture,12 kg,black,"Assembly takes\n20 minutes.",Ships flat.,249.5,in_stock',
      'C-2,Desk,furniture,30 kg,,,,abc,in_stock',
      '',
      'C-3,Lamp,lighting,,,,,,preorder',
    ].join('\r\n');
    const r = await importFile(db, file(dir, 'cat.csv', csv));
    expect(r.imported).toBe(2);
    expect(r.rejected).toEqual([{ line: 4, error: expect.stringMatching(/price/) }]);
    expect(getProduct(db, 'C-1')).toMatchObject({
      name: 'Chair, "Ergo"', specifications: { Weight: '12 kg', Colour: 'black' },
      faqAnswers: ['Assembly takes\n20 minutes.', 'Ships flat.'], price: 249.5,
    });
    const f2 = file(dir, 'json-cols.csv', 'product_id,product_name,category,specifications,faq_answers\nD-1,Dock,accessories,"{""ports"": 4}","[""Works with Mac.""]"\n');
    expect(await importFile(db, f2)).toMatchObject({ imported: 1 });
    expect(getProduct(db, 'D-1')).toMatchObject({ specifications: { ports: 4 }, faqAnswers: ['Works with Mac.'] });
    // An inventory feed as CSV: empty cells leave fields alone.
    expect(await importFile(db, file(dir, 'stock.csv', 'product_id,stock_status,price\nC-1,out_of_stock,\n'))).toMatchObject({ updated: 1 });
    expect(getProduct(db, 'C-1')).toMatchObject({ stockStatus: 'out_of_stock', price: 249.5, name: 'Chair, "Ergo"' });
  });

  it('sniffs the format when the extension says nothing', async () => {
    const dir = tmp();
    const db = freshDb(dir);
    expect(await importFile(db, file(dir, 'a.txt', `${JSON.stringify(laptop)}\n`))).toMatchObject({ imported: 1 });
    expect(await importFile(db, file(dir, 'b.dat', `[${JSON.stringify(mouse)}]`))).toMatchObject({ imported: 1 });
  });
});

describe('demo catalog', () => {
  it('loads into an empty cache, is marked demo, and is removed by the first real import', async () => {
    const dir = tmp();
    const resources = join(dir, 'resources');
    mkdirSync(resources);
    file(resources, 'demo-catalog.jsonl', [mouse, { doc_id: 'POL-1', title: 'Returns', body: 'Thirty days.', kind: 'policy' }].map((r) => JSON.stringify(r)).join('\n'));
    const db = freshDb(dir);
    expect(ensureDemoCatalog(db, resources)).toMatchObject({ imported: 2 });
    expect(catalogStats(db)).toMatchObject({ products: 1, standaloneDocs: 1, demo: true });
    expect(getProduct(db, 'ACC-MSE-WL-001')?.demo).toBe(true);
    expect(ensureDemoCatalog(db, resources)).toBeUndefined(); // not empty: nothing to do
    await importRecords(db, [laptop]);
    expect(catalogStats(db)).toMatchObject({ products: 1, standaloneDocs: 0, demo: false });
    expect(searchCatalog(db, 'MX3S').results).toEqual([]);
    // Emptying the cache later does not bring the demo back: a real catalog was imported once.
    db.exec('DELETE FROM products');
    expect(ensureDemoCatalog(db, resources)).toBeUndefined();
  });
});

describe('worker batch encoding', () => {
  it('round-trips prepared items (products with and without CJK, docs, errors) in order', async () => {
    const { prepareItems } = await import('../../src/main/catalog/prepare');
    const { decodeBatch, encodeBatch } = await import('../../src/main/catalog/wire');
    const raw = [
      { line: 1, value: laptop },
      { line: 2, error: 'invalid JSON: x' },
      { line: 3, value: { ...mouse, brand: null, manual: 'Pair it with\nthe receiver.' } },
      { line: 4, value: { product_id: 'ZH-1', product_name: '联想 昭阳', category: '笔记本', specifications: { 电池: '12 小时' }, faq_answers: ['续航 "长"'] } },
      { line: 5, value: { doc_id: 'D-1', title: 't', body: 'b', kind: 'manual' } },
      { line: 6, value: { product_id: 'P-2', stock_status: 'in_stock' } },
      { line: 7, value: { ...laptop, product_id: 'CTL-1', product_name: 'odd \u0001 name' } },
    ];
    const items = prepareItems(raw);
    expect(decodeBatch(encodeBatch(items))).toEqual(items);
    expect(decodeBatch(encodeBatch([]))).toEqual([]);
  });
});

describe('abort', () => {
  it('stops on the signal with an AbortError, keeping what was committed', async () => {
    const db = freshDb();
    const ac = new AbortController();
    const records = Array.from({ length: 30 }, (_, i) => ({ ...mouse, product_id: `M-${i}` }));
    const run = importRecords(db, records, {
      batchSize: 10,
      signal: ac.signal,
      onProgress: (p) => {
        if (p.rows >= 10) ac.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const n = catalogStats(db).products;
    expect(n).toBeGreaterThanOrEqual(10);
    expect(n).toBeLessThan(30);
    expect(await importRecords(db, records)).toMatchObject({ imported: 30 - n, unchanged: n });
  });
});
