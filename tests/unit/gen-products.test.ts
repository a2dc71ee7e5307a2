import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  describeProduct, MAX_LINE_BYTES, MAX_PRODUCTS, MIN_LINE_BYTES, modelCodeAt, productAt, productLineAt, skuCodeAt,
  writeJsonl,
} from '../../bench/gen';

const STOCK = ['in_stock', 'low_stock', 'out_of_stock', 'preorder', 'discontinued'];

describe('productAt', () => {
  it('is a pure function of (index, seed)', () => {
    for (const i of [0, 1, 999, 123_456, 2_299_999]) {
      expect(productAt(i, 7)).toEqual(productAt(i, 7));
      expect(productLineAt(i)).toBe(JSON.stringify(productAt(i)));
    }
    expect(productAt(5, 1).product_id).not.toBe(productAt(5, 2).product_id);
    expect(productAt(5, 1).product_name).not.toBe(productAt(6, 1).product_name);
  });

  it('keeps every JSON line within 600–1000 bytes and fills the documented fields', () => {
    for (let i = 0; i < 2000; i++) {
      const p = productAt(i * 1009, 3);
      const bytes = Buffer.byteLength(JSON.stringify(p));
      expect(bytes, `product ${i * 1009}`).toBeGreaterThanOrEqual(MIN_LINE_BYTES);
      expect(bytes, `product ${i * 1009}`).toBeLessThanOrEqual(MAX_LINE_BYTES);
      const specs = Object.values(p.specifications);
      expect(specs.length).toBeGreaterThanOrEqual(6);
      expect(specs.length).toBeLessThanOrEqual(12);
      for (const v of specs) expect(['string', 'number']).toContain(typeof v);
      expect(p.faq_answers.length).toBeGreaterThanOrEqual(2);
      expect(p.faq_answers.length).toBeLessThanOrEqual(4);
      expect(STOCK).toContain(p.stock_status);
      expect(p.product_id).toMatch(/^[A-Z]{2,3}-[A-Z]{3}-[0-9][0-9A-Z]{4}-20\d\d$/);
      expect(p.return_policy_excerpt.length).toBeGreaterThan(10);
      expect(Number.isNaN(Date.parse(p.updated_at))).toBe(false);
    }
  });

  it('writes about 85% en-US, 10% zh-CN, 5% ko-KR, with text in the product language', () => {
    const counts: Record<string, number> = {};
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const p = productAt(i);
      counts[p.locale] = (counts[p.locale] ?? 0) + 1;
      if (i % 50 !== 0) continue;
      const text = p.product_name + p.faq_answers.join('');
      if (p.locale === 'zh-CN') expect(text).toMatch(/[\u4e00-\u9fff]/);
      if (p.locale === 'ko-KR') expect(text).toMatch(/[\uac00-\ud7af]/);
      if (p.locale === 'en-US') expect(text).not.toMatch(/[\u4e00-\u9fff\uac00-\ud7af]/);
    }
    expect(counts['en-US'] / n).toBeCloseTo(0.85, 1);
    expect(counts['zh-CN'] / n).toBeGreaterThan(0.08);
    expect(counts['zh-CN'] / n).toBeLessThan(0.12);
    expect(counts['ko-KR'] / n).toBeGreaterThan(0.035);
    expect(counts['ko-KR'] / n).toBeLessThan(0.065);
  });

  it('gives every index a unique product_id and model code (200k indices), carried in name and id', () => {
    const ids = new Set<string>();
    const models = new Set<string>();
    const n = 200_000;
    for (let i = 0; i < n; i++) {
      const p = describeProduct(i);
      ids.add(p.raw.product_id);
      models.add(p.modelCode);
      if (i % 997 === 0) {
        expect(p.raw.product_name).toContain(p.modelCode);
        expect(p.raw.product_id).toContain(`-${p.skuCode}-`);
        expect(Object.values(p.raw.specifications)).toContain(p.modelCode);
      }
    }
    expect(ids.size).toBe(n);
    expect(models.size).toBe(n);
  }, 180_000); // 200k generated products: ~5 s alone, far more on a loaded 2-core machine

  it('keeps codes unique at the top of the supported range and rejects indices outside it', () => {
    const sku = new Set<string>();
    const model = new Set<string>();
    for (let i = MAX_PRODUCTS - 100_000; i < MAX_PRODUCTS; i++) {
      sku.add(skuCodeAt(i, 1));
      model.add(modelCodeAt(i, 1));
    }
    expect(sku.size).toBe(100_000);
    expect(model.size).toBe(100_000);
    expect(modelCodeAt(0, 1)).toMatch(/^[A-Z][0-9][0-9A-Z]{2}[0-9][0-9A-Z]$/);
    expect(skuCodeAt(0, 1)).toMatch(/^[0-9][0-9A-Z]{2}[A-Z][0-9A-Z]$/);
    expect(() => productAt(-1)).toThrow(RangeError);
    expect(() => productAt(1.5)).toThrow(RangeError);
    expect(() => productAt(MAX_PRODUCTS)).toThrow(RangeError);
  });
});

describe('writeJsonl', () => {
  it('streams exactly productLineAt(0..n-1) as newline-terminated lines and reports the byte count', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'deskmate-gen-')), 'c.jsonl');
    const n = 3000;
    const progress: number[] = [];
    const { bytes } = await writeJsonl(file, n, 4, (p) => progress.push(p.rows));
    expect(statSync(file).size).toBe(bytes);
    const lines = readFileSync(file, 'utf8').split('\n');
    expect(lines.length).toBe(n + 1);
    expect(lines[n]).toBe('');
    for (const i of [0, 1, 1023, 1024, 2999]) expect(lines[i]).toBe(productLineAt(i, 4));
    expect(JSON.parse(lines[1500])).toEqual(productAt(1500, 4));
    expect(progress.at(-1)).toBe(n);
  });
});
