import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { demoCatalogLines, demoProducts, slugOf } from '../../bench/gen/demo/build';
import { DEMO_DOCS } from '../../bench/gen/demo/docs';
import { openDatabase, migrate } from '../../src/main/db';
import { catalogMigrations, ensureDemoCatalog, searchCatalog } from '../../src/main/catalog';
import { checkRecord } from '../../src/main/catalog/record';

const RESOURCES = join(__dirname, '../../resources');
const committed = readFileSync(join(RESOURCES, 'demo-catalog.jsonl'), 'utf8');
const rows = committed.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
const products = rows.filter((r) => 'product_id' in r);

describe('demo catalog', () => {
  it('is exactly what the committed script generates (run node scripts/make-demo-catalog.mjs after edits)', () => {
    expect(committed).toBe(`${demoCatalogLines().join('\n')}\n`);
    expect(demoCatalogLines()).toEqual(demoCatalogLines());
  });

  it('holds the team examples with their documented fields', () => {
    const x1 = products.find((p) => p.product_id === 'LP-TP-X1C-2024');
    expect(x1).toMatchObject({ brand: 'Lenovo', category: 'laptops', stock_status: 'in_stock', price: 1899 });
    expect(String(x1?.product_name)).toContain('ThinkPad X1 Carbon Gen 12');
    expect(JSON.stringify(x1?.specifications)).toMatch(/Core Ultra 7 155U.*32 GB LPDDR5x.*1 TB.*2\.8K.*OLED/);
    expect(JSON.stringify(x1?.specifications)).toMatch(/1\.09 kg.*57 Wh, up to 15 hours.*Thunderbolt 4.*HDMI 2\.1/);
    expect(x1?.return_policy_excerpt).toBe('30-day return window for unopened items; opened laptops can be returned within 15 days with a 15% restocking fee.');
    expect((x1?.faq_answers as string[]).join(' ')).toMatch(/Linux[\s\S]*soldered[\s\S]*3 years depot/);
    expect(typeof x1?.manual).toBe('string');

    const mx = products.find((p) => p.product_id === 'ACC-MSE-WL-001');
    expect(mx).toMatchObject({ brand: 'Logitech', category: 'mice', stock_status: 'low_stock', price: 99.99 });
    expect(String(mx?.product_name)).toContain('MX Master 3S');
    expect(JSON.stringify(mx?.specifications)).toMatch(/MX3S[\s\S]*8000 DPI[\s\S]*Quiet clicks[\s\S]*USB-C[\s\S]*70 days[\s\S]*Logi Bolt[\s\S]*3 devices[\s\S]*141 g/);
    expect((mx?.faq_answers as string[]).join(' ')).toMatch(/glass[\s\S]*Mac[\s\S]*1-minute quick charge gives about 3 hours/);
    expect(mx?.return_policy_excerpt).toBe('Returns accepted within 30 days in original packaging; free return shipping.');
  });

  it('has ~300 unique products, ~10% Chinese, ~5% Korean, all stock states and several manuals', () => {
    expect(products.length).toBeGreaterThanOrEqual(270);
    expect(products.length).toBeLessThanOrEqual(330);
    expect(new Set(products.map((p) => p.product_id)).size).toBe(products.length);
    const share = (loc: string) => products.filter((p) => p.locale === loc).length / products.length;
    expect(share('zh-CN')).toBeGreaterThan(0.08);
    expect(share('zh-CN')).toBeLessThan(0.13);
    expect(share('ko-KR')).toBeGreaterThan(0.04);
    expect(share('ko-KR')).toBeLessThan(0.07);
    for (const p of products.filter((x) => x.locale === 'zh-CN')) expect(String(p.product_name) + JSON.stringify(p.specifications)).toMatch(/[\u4e00-\u9fff]/);
    for (const p of products.filter((x) => x.locale === 'ko-KR')) expect(String(p.product_name) + JSON.stringify(p.specifications)).toMatch(/[\uac00-\ud7af]/);
    expect(new Set(products.map((p) => p.stock_status))).toEqual(new Set(['in_stock', 'low_stock', 'out_of_stock', 'preorder', 'discontinued']));
    expect(products.filter((p) => typeof p.manual === 'string' && p.manual.length > 600).length).toBeGreaterThanOrEqual(3);
    expect(new Set(products.map((p) => p.category)).size).toBeGreaterThanOrEqual(15);
    expect(demoProducts().every((p) => Object.keys(p.specifications).length >= 6 && p.faq_answers.length >= 2)).toBe(true);
  });

  it('ships the store policies, incl. escalation rules and Chinese/Korean return policies', () => {
    const docs = rows.filter((r) => 'doc_id' in r);
    expect(docs.length).toBe(DEMO_DOCS.length);
    expect(new Set(docs.map((d) => d.kind))).toEqual(new Set(['policy', 'manual', 'ticket']));
    const body = (id: string) => String(docs.find((d) => d.doc_id === id)?.body ?? '');
    expect(body('POL-RETURNS')).toMatch(/supervisor/);
    expect(body('POL-ESCALATION')).toMatch(/legal[\s\S]*safety[\s\S]*\$500/);
    expect(body('POL-RETURNS-ZH')).toMatch(/退货/);
    expect(body('POL-RETURNS-KO')).toMatch(/반품/);
    for (const id of ['POL-WARRANTY', 'POL-SHIPPING', 'POL-PRICE-MATCH', 'POL-HOLIDAY-RETURNS', 'POL-PRIVACY']) expect(body(id).length).toBeGreaterThan(150);
  });

  it('passes the importer record check on every line and loads into a fresh cache without rejects', () => {
    for (const r of rows) expect(checkRecord(r).type, JSON.stringify(r).slice(0, 80)).not.toBe('error');
    const db = openDatabase(':memory:');
    migrate(db, 'catalog', catalogMigrations);
    const report = ensureDemoCatalog(db, RESOURCES);
    expect(report?.rejectedTotal).toBe(0);
    expect(report?.imported).toBe(rows.length);
    expect(searchCatalog(db, 'LP-TP-X1C-2024').results[0]?.productId).toBe('LP-TP-X1C-2024');
    expect(searchCatalog(db, 'MX3S').results[0]?.productId).toBe('ACC-MSE-WL-001');
    db.close();
  });

  it('derives SKU slugs from model names', () => {
    expect(slugOf('Galaxy S24 Ultra')).toBe('GS24U');
    expect(slugOf('WH-1000XM5')).toBe('WH1000XM5');
    expect(slugOf('XPS 14 9440')).toBe('X149440');
  });
});
