import { beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { catalogVersion, setTokenCounts } from '../../src/main/catalog/store';
import { limitRenderings, loadCandidates, renderedStats, renderingsBound, RENDERED_BYTES } from '../../src/main/rag/engine-docs';
import type { CatalogHit } from '../../src/shared/domain';
import { productAt } from '../../bench/gen';
import { manualText } from '../../bench/gen/manual';
import { MANUAL_INTRO, MANUAL_TOP, passageTerms } from '../../src/main/rag/passages';
import { docBound } from '../../src/main/rag/budget';
import { createPromptCounts } from '../../src/main/rag/engine-counts';
import { createExactCounter, createTokenizer } from '../../src/main/rag/tokens';
import { renderDocumentBody } from '../../src/main/rag/render';
import { getProduct } from '../../src/main/catalog';
import { stringBytes } from '../../src/main/string-bytes';

let file: string;
const open = (): Db => {
  const db = openDatabase(file);
  migrate(db, 'catalog', catalogMigrations);
  return db;
};

const hit = (productId: string, kind: CatalogHit['kind'] = 'product'): CatalogHit => ({ productId, name: productId, kind, score: 1, snippet: '' });

/** What a question takes from loadCandidates, read in one read transaction as the engine does. */
function load(db: Db, hits: CatalogHit[]): [string, string, number | null][] {
  return db.transaction(() => loadCandidates(db, hits).map((c) => [c.budget.id, c.budget.text, c.budget.tokens] as [string, string, number | null]))();
}

beforeEach(async () => {
  file = join(mkdtempSync(join(tmpdir(), 'deskmate-docs-')), 'c.sqlite');
  const db = open();
  const r = await importRecords(db, [
    ...Array.from({ length: 6 }, (_, i) => productAt(i, 5)),
    { doc_id: 'POL-1', title: 'Returns', body: 'Thirty days to return anything unopened.', kind: 'policy' },
  ]);
  expect(r.rejected).toEqual([]);
  db.close();
});

describe('catalog version counter', () => {
  it('moves when a stored document version or token count changes or a document goes away, not on inserts', async () => {
    const db = open();
    const other = open();
    const v0 = catalogVersion(db)!;
    expect(typeof v0).toBe('number');
    await importRecords(other, [productAt(6, 5)]); // a new product
    expect(catalogVersion(db)).toBe(v0);
    await importRecords(other, [productAt(6, 5)]); // the same again: unchanged, nothing written
    expect(catalogVersion(db)).toBe(v0);
    setTokenCounts(other, [[productAt(0, 5).product_id, 321]]);
    const c = catalogVersion(db)!;
    expect(c).toBeGreaterThan(v0);
    setTokenCounts(other, [[productAt(0, 5).product_id, 321]]); // the same count again
    expect(catalogVersion(db)).toBe(c);
    await importRecords(other, [{ ...productAt(1, 5), faq_answers: ['Now with a case.'] }]);
    const v1 = catalogVersion(db)!;
    expect(v1).toBeGreaterThan(c);
    other.prepare('UPDATE products SET demo = 1 WHERE product_id = ?').run(productAt(2, 5).product_id);
    const v2 = catalogVersion(db)!;
    expect(v2).toBeGreaterThan(v1);
    other.prepare('DELETE FROM products WHERE product_id = ?').run(productAt(3, 5).product_id);
    const v3 = catalogVersion(db)!;
    expect(v3).toBeGreaterThan(v2);
    await importRecords(other, [{ doc_id: 'POL-1', title: 'Returns', body: 'Fourteen days now.', kind: 'policy' }]);
    expect(catalogVersion(db)).toBeGreaterThan(v3);
    db.close();
    other.close();
  });
});

describe('loadCandidates', () => {
  it('renders the stored version after every kind of change made through another connection', async () => {
    const db = open();
    const other = open();
    const ids = [0, 1, 2, 3].map((i) => productAt(i, 5).product_id as string);
    const hits = [...ids.map((id) => hit(id)), hit('POL-1', 'policy')];
    setTokenCounts(db, [...ids.map((id, i) => [id, 100 + i] as const), ['POL-1', 9] as const]);
    const first = load(db, hits);
    expect(first.map(([, , tokens]) => tokens)).toEqual([100, 101, 102, 103, 9]);
    expect(first.map(([id]) => id)).toEqual([...ids, 'POL-1']);
    expect(load(db, hits)).toEqual(first); // from memory, the same
    // content changed, a product deleted, a policy rewritten
    await importRecords(other, [{ ...productAt(1, 5), faq_answers: ['Changed in another process: ships with a case.'] }]);
    other.prepare('DELETE FROM products WHERE product_id = ?').run(ids[2]);
    await importRecords(other, [{ doc_id: 'POL-1', title: 'Returns', body: 'Fourteen days now.', kind: 'policy' }]);
    const after = load(db, hits);
    expect(after.map(([id]) => id)).toEqual([ids[0], ids[1], ids[3], 'POL-1']);
    expect(after[1]![1]).toContain('ships with a case');
    expect(after[3]![1]).toContain('Fourteen days now');
    expect(after).toEqual(load(open(), hits)); // exactly what a process that never saw them reads
    db.close();
    other.close();
  });

  it('reports a token count stored later by another process', () => {
    const db = open();
    const other = open();
    const id = productAt(4, 5).product_id;
    expect(load(db, [hit(id)])[0]![2]).toBeNull();
    expect(load(db, [hit(id)])[0]![2]).toBeNull(); // from memory
    setTokenCounts(other, [[id, 777]]); // counted elsewhere
    expect(load(db, [hit(id)])[0]![2]).toBe(777);
    expect(load(db, [hit(id)])[0]![2]).toBe(777); // and kept
    db.close();
    other.close();
  });

  it('gives what a search hit names, in the order of the hits, for real search results', () => {
    const db = open();
    const q = productAt(5, 5).product_name;
    const hits = searchCatalog(db, q, { k: 20 }).results;
    expect(hits.length).toBeGreaterThan(0);
    const warm = load(db, hits);
    expect(warm.map(([id]) => id)).toEqual(hits.map((h) => h.productId));
    expect(load(db, hits)).toEqual(warm);
    expect(load(open(), hits)).toEqual(warm);
    db.close();
  });

  it('renders hits another process found (nothing read or rendered here yet) from their rows, with stored token counts', () => {
    const db = open();
    const hits = Array.from({ length: 6 }, (_, i) => hit(productAt(i, 5).product_id));
    setTokenCounts(db, hits.map((h, i) => [h.productId, 100 + i] as const));
    const here = load(db, hits);
    expect(here.map(([, , tokens]) => tokens)).toEqual(hits.map((_, i) => 100 + i));
    const elsewhere = open(); // searched nothing: every hit is read whole (one statement), none by its stamp first
    const gone = hits[1]!.productId;
    db.prepare('DELETE FROM products WHERE product_id = ?').run(gone);
    const got = load(elsewhere, [...hits, hit('NO-SUCH-ID')]);
    expect(got).toEqual(here.filter(([id]) => id !== gone));
    db.close();
    elsewhere.close();
  });

  it('keeps no parsed document with a rendering: the return window is worked out once, the document is read again when asked for', async () => {
    const db = open();
    const other = open();
    const p = productAt(0, 5);
    await importRecords(other, [{ ...p, return_policy_excerpt: 'Returns accepted within 45 days of delivery.' }]);
    const [product, policy] = db.transaction(() => loadCandidates(db, [hit(p.product_id), hit('POL-1', 'policy')]))();
    expect(product!.catalog).toMatchObject({ product: true, windowDays: 45 });
    expect(policy!.catalog).toMatchObject({ product: false, windowDays: null });
    expect(policy!.catalog!.load()).toMatchObject({ docId: 'POL-1', title: 'Returns' });
    // the stored version now, not a copy kept in memory
    await importRecords(other, [{ ...p, return_policy_excerpt: 'Returns accepted within 45 days of delivery.', faq_answers: ['Comes with a case.'] }]);
    expect(product!.catalog!.load()).toMatchObject({ productId: p.product_id, faqAnswers: ['Comes with a case.'] });
    other.prepare('DELETE FROM products WHERE product_id = ?').run(p.product_id);
    expect(product!.catalog!.load()).toBeUndefined();
    db.close();
    other.close();
  });
});

describe('loadCandidates memory', () => {
  it('keeps renderings within its byte bound and renders an evicted one again, the same', () => {
    const db = open();
    const ids = Array.from({ length: 6 }, (_, i) => productAt(i, 5).product_id);
    try {
      const first = load(db, ids.map((id) => hit(id)));
      const all = renderedStats(db);
      expect(all.entries).toBe(6);
      // room for about three renderings of this size
      limitRenderings(Math.ceil((all.bytes / 6) * 3.5));
      load(db, [hit(ids[0]!)]); // ids[0] becomes the most recent; the next keep evicts down to the bound
      load(db, [hit('POL-1', 'policy')]);
      const bounded = renderedStats(db);
      expect(bounded.bytes).toBeLessThanOrEqual(Math.ceil((all.bytes / 6) * 3.5));
      expect(bounded.entries).toBeLessThan(7);
      expect(bounded.entries).toBeGreaterThanOrEqual(2);
      // what was evicted is rendered again, the same text
      expect(load(db, ids.map((id) => hit(id)))).toEqual(first);
      expect(renderedStats(db).bytes).toBeLessThanOrEqual(Math.ceil((all.bytes / 6) * 3.5));
    } finally {
      limitRenderings();
      db.close();
    }
  });
  it('takes its bound for serve from DESKMATE_SERVE_RENDERINGS_MB, and refuses anything but 1–4096 megabytes', () => {
    expect(renderingsBound(undefined)).toBe(RENDERED_BYTES);
    expect(renderingsBound(' ')).toBe(RENDERED_BYTES);
    expect(renderingsBound('48')).toBe(48 * 1024 * 1024);
    expect(renderingsBound('0.5e1')).toBe(5 * 1024 * 1024);
    for (const bad of ['0', '-3', '5000', 'lots', 'NaN']) expect(() => renderingsBound(bad)).toThrow(/DESKMATE_SERVE_RENDERINGS_MB/);
  });

  it('counts Latin-1 text at one byte a character and other text at two, as V8 keeps it', async () => {
    const db = open();
    try {
      const latin = 'Le détartrage se fait tous les trois mois. '.repeat(40);
      const cjk = '每三个月除垢一次，使用随附的除垢剂。'.repeat(40);
      await importRecords(db, [
        { ...productAt(20, 5), manual: latin },
        { ...productAt(21, 5), manual: cjk },
      ]);
      const bytesOf = (id: string): number => {
        const before = renderedStats(db).bytes;
        load(db, [hit(id)]);
        return renderedStats(db).bytes - before;
      };
      const a = bytesOf(productAt(20, 5).product_id);
      const b = bytesOf(productAt(21, 5).product_id);
      // each manual is kept twice (passages, folded copy): ~2 × its length at one byte, ~4 × at two
      expect(a).toBeGreaterThan(2 * latin.length);
      expect(a).toBeLessThan(2 * latin.length + 4_000);
      expect(b).toBeGreaterThan(4 * cjk.length);
      expect(b).toBeLessThan(4 * cjk.length + 4_000);
      expect(stringBytes(latin)).toBe(latin.length);
      expect(stringBytes(cjk)).toBe(2 * cjk.length);
      expect(stringBytes(`${latin}€`)).toBe(2 * (latin.length + 1)); // one character past Latin-1: all two-byte
    } finally {
      db.close();
    }
  });
});

describe('loadCandidates with a manual', () => {
  /** A 20-section manual (~10,000 characters); section 15 is the only one about descaling. */
  const manual = Array.from({ length: 20 }, (_, i) =>
    i === 15 ? 'Descaling: fill the kettle with white vinegar and water, boil once, leave it for an hour, then rinse twice.' : `Section ${i}. ${manualText(i, 480)}`,
  ).join('\n\n');

  it('sends the passages the question is about, counts them once, and stores the count of the body only', async () => {
    const db = open();
    const tokenizer = createTokenizer({ mode: 'inline' });
    await tokenizer.warmup();
    const exact = await createExactCounter();
    try {
      await importRecords(db, [{ ...productAt(7, 5), product_id: 'KET-1', manual }]);
      const ask = (q: string) => db.transaction(() => loadCandidates(db, [hit('KET-1')], () => passageTerms(q)))()[0]!;
      const c = ask('How do I descale it?');
      expect(c.budget.text).toContain('white vinegar');
      expect(c.budget.text).toContain(MANUAL_INTRO);
      expect(c.budget.text).not.toContain('Section 0.');
      expect(c.budget.text.length).toBeLessThan(renderDocumentBody(getProduct(db, 'KET-1')!).length + MANUAL_TOP + 100);
      expect(c.budget.pieces!.join('')).toBe(c.budget.text);
      expect(c.budget.tokens).toBeNull(); // nothing counted yet
      expect(docBound(c.budget)).toBe(Buffer.byteLength(c.budget.text));

      const counts = createPromptCounts({ tokenizer, db });
      await counts.countMissing([c], 'system prompt');
      const n = exact.count(c.budget.text);
      // the pieces' counts add up to at most a few tokens more than the whole text's
      expect(c.budget.tokens).toBeGreaterThanOrEqual(n);
      expect(c.budget.tokens).toBeLessThanOrEqual(n + 2 * c.budget.pieces!.length + 6 * c.manual!.gaps);
      // the catalog stores the body's count, not the body with this question's passages
      const stored = db.prepare('SELECT token_count FROM products WHERE product_id = ?').pluck().get('KET-1');
      expect(stored).toBe(exact.count(c.manual!.base));

      // the same question again: counted from what is kept; another one: only its passages are new
      expect(ask('descale?').budget.tokens).toBe(c.budget.tokens);
      const other = ask('How do I pair bluetooth and update the firmware?');
      expect(other.budget.text).not.toContain('white vinegar');
      expect(other.manual!.baseTokens).toBe(stored);
      expect(other.budget.tokens).toBeNull();
      // no word of the question in the manual: its first passage
      expect(ask('Is it in stock?').manual!.chosen).toEqual([0]);
      // the question's words are worked out once per question, and only when a manual needs choosing
      let asked = 0;
      const words = () => (asked++, passageTerms('descale'));
      db.transaction(() => loadCandidates(db, [0, 1, 2].map((i) => hit(productAt(i, 5).product_id as string)), words))();
      expect(asked).toBe(0);
      db.transaction(() => loadCandidates(db, [hit('KET-1'), hit('KET-1')], words))();
      expect(asked).toBe(1);
    } finally {
      await tokenizer.close();
      db.close();
    }
  });

  it('the migration forgets stored counts of products with a manual (they counted the manual)', async () => {
    const db = open();
    await importRecords(db, [{ ...productAt(8, 5), product_id: 'KET-2', manual }]);
    const plain = productAt(0, 5).product_id as string;
    setTokenCounts(db, [['KET-2', 4321], [plain, 77]]);
    catalogMigrations.find((m) => m.version === 4)!.up(db);
    const counts = db.prepare('SELECT product_id, token_count FROM products WHERE product_id IN (?, ?) ORDER BY product_id').all('KET-2', plain);
    expect(counts).toEqual([
      { product_id: 'KET-2', token_count: null },
      { product_id: plain, token_count: 77 },
    ].sort((a, b) => (a.product_id < b.product_id ? -1 : 1)));
    db.close();
  });
});
