// Issue 8 items 5 and the import "low" items: field size limits (line, field, limit), over-long records not held,
// invalid UTF-8 reported with its line, and an unterminated CSV quote that no longer swallows the next records.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate } from '../../src/main/db';
import { catalogMigrations, catalogStats, getProduct, importFile } from '../../src/main/catalog';
import { FIELD_LIMITS } from '../../src/main/catalog/record';
import { MAX_RECORD_CHARS } from '../../src/main/catalog/sources';

function freshDb() {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-limits-'));
  const db = openDatabase(join(dir, 'deskmate.db'));
  migrate(db, 'catalog', catalogMigrations);
  return { db, dir };
}

const ok = (id: string, extra: Record<string, unknown> = {}) => JSON.stringify({ product_id: id, product_name: `Widget ${id}`, ...extra });

describe('import limits', () => {
  it('rejects a field over its limit with the line, the field and the limit; the other records import', async () => {
    const { db, dir } = freshDb();
    const file = join(dir, 'big.jsonl');
    writeFileSync(
      file,
      [
        ok('A'),
        ok('B', { product_name: 'x'.repeat(FIELD_LIMITS.product_name + 1) }),
        ok('C', { specifications: { weight: 'y'.repeat(FIELD_LIMITS.specificationValue + 5) } }),
        ok('D', { faq_answers: ['fine', 'z'.repeat(FIELD_LIMITS.faqItem + 1)] }),
        ok('E'),
      ].join('\n') + '\n',
    );
    const r = await importFile(db, file, { worker: false });
    expect(r.imported).toBe(2);
    expect(r.rejected).toEqual([
      { line: 2, error: `product_name is 501 characters; the limit is 500` },
      { line: 3, error: `specifications.weight is 2,005 characters; the limit is 2,000` },
      { line: 4, error: `faq_answers[1] is 5,001 characters; the limit is 5,000` },
    ]);
  });

  it('a line longer than MAX_RECORD_CHARS is rejected by line without stopping the import', async () => {
    const { db, dir } = freshDb();
    const file = join(dir, 'huge.jsonl');
    writeFileSync(file, [ok('A'), ok('B', { manual: 'm'.repeat(MAX_RECORD_CHARS + 10) }), ok('C')].join('\n') + '\n');
    const r = await importFile(db, file, { worker: false });
    expect(r.imported).toBe(2);
    expect(r.rejected).toHaveLength(1);
    expect(r.rejected[0].line).toBe(2);
    expect(r.rejected[0].error).toMatch(/records \(lines\) are limited to/);
  });

  it('invalid UTF-8 in a line is rejected with its line; valid U+FFFD text still imports', async () => {
    const { db, dir } = freshDb();
    const file = join(dir, 'latin1.jsonl');
    const bad = Buffer.concat([Buffer.from('{"product_id":"B","product_name":"Caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
    writeFileSync(file, Buffer.concat([Buffer.from(ok('A') + '\n'), bad, Buffer.from(ok('C', { product_name: 'odd \ufffd name' }) + '\n')]));
    const r = await importFile(db, file, { worker: false });
    expect(r.rejected).toEqual([{ line: 2, error: expect.stringMatching(/invalid UTF-8/) }]);
    expect(r.imported).toBe(2);
    expect(getProduct(db, 'C')?.name).toBe('odd \ufffd name');
  });

  it('a CSV record with an unterminated quote is rejected by line; the records after it still import', async () => {
    const { db, dir } = freshDb();
    const file = join(dir, 'broken.csv');
    writeFileSync(file, ['product_id,product_name,category', 'A,Alpha,x', 'B,"Beta with a "" quote,x', 'C,Gamma,x', 'D,"Delta ""ok""",x', ''].join('\n'));
    const r = await importFile(db, file, { worker: false });
    expect(r.rejected).toEqual([{ line: 3, error: 'unterminated quoted field: the " opened on line 3 is never closed' }]);
    expect(catalogStats(db).products).toBe(3);
    expect(getProduct(db, 'D')?.name).toBe('Delta "ok"');
  });
});

describe('caps on what a search or an answer carries', () => {
  it('a product stored before the limits (megabyte fields) gives a small search hit, snippet and rendered document', async () => {
    const { db } = freshDb();
    const { importRecords, searchCatalog } = await import('../../src/main/catalog');
    const { renderDocumentBody, PRODUCT_CAP } = await import('../../src/main/rag/render');
    const { splitManual, choosePassages, passageTerms, MANUAL_SCAN, MANUAL_TOP } = await import('../../src/main/rag/passages');
    await importRecords(db, [{ product_id: 'BIG-1', product_name: 'Zephyr kettle', category: 'kitchen', faq_answers: ['Boils in two minutes.'] }]);
    const huge = 'kettle '.repeat(400_000); // 2.8 MB
    db.prepare('UPDATE products SET name = ?, manual = ?, return_policy_excerpt = ? WHERE product_id = ?').run(huge, huge, huge, 'BIG-1');
    const r = searchCatalog(db, 'zephyr kettle');
    expect(r.results).toHaveLength(1);
    expect(JSON.stringify(r.results).length).toBeLessThan(2_000);
    const doc = getProduct(db, 'BIG-1')!;
    expect(renderDocumentBody(doc).length).toBeLessThanOrEqual(PRODUCT_CAP + 80); // + the manual's intro line
    // the manual: split up to MANUAL_SCAN characters, a question's passages within their budget
    const passages = splitManual(doc.manual!)!;
    expect(passages.chars).toBeLessThanOrEqual(MANUAL_SCAN);
    const chosen = choosePassages(passages, passageTerms('kettle'), MANUAL_TOP);
    expect(chosen.reduce((n, i) => n + passages.texts[i]!.length, 0)).toBeLessThanOrEqual(MANUAL_TOP + chosen.length);
  });
});
