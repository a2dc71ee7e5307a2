import { describe, expect, it } from 'vitest';
import { benchmarkQueries, describeProduct, kindCounts, QUERY_MIX, type QueryKind } from '../../bench/gen';
import { zhJoin } from '../../bench/gen/queries';

/** The code appears as a token of its own (not glued to other letters or digits). */
function hasToken(query: string, code: string): boolean {
  return new RegExp(`(?<![A-Za-z0-9])${code}(?![A-Za-z0-9])`, 'i').test(query);
}

describe('benchmarkQueries', () => {
  it('is deterministic for (n, seed, count) and changes with the seed', () => {
    const a = benchmarkQueries(2_300_000, 1, 500);
    expect(benchmarkQueries(2_300_000, 1, 500)).toEqual(a);
    expect(benchmarkQueries(2_300_000, 2, 500)).not.toEqual(a);
    expect(a).toHaveLength(500);
  });

  it('uses the fixed mix of kinds for any count', () => {
    const expected = new Map(QUERY_MIX);
    const counts = new Map<QueryKind, number>();
    for (const q of benchmarkQueries(100_000, 1, 500)) counts.set(q.kind, (counts.get(q.kind) ?? 0) + 1);
    expect(counts).toEqual(expected);
    for (const count of [1, 7, 100, 1000]) {
      const c = kindCounts(count);
      expect([...c.values()].reduce((s, x) => s + x, 0)).toBe(count);
      for (const [kind, w] of QUERY_MIX) expect(Math.abs((c.get(kind) ?? 0) - (w * count) / 500)).toBeLessThan(1);
    }
  });

  it('targets real products below n whose identifying code appears in the query', () => {
    for (const n of [2_300_000, 5000]) {
      for (const q of benchmarkQueries(n, 3, 500)) {
        expect(q.index).toBeLessThan(n);
        const p = describeProduct(q.index, 3);
        expect(p.raw.product_id).toBe(q.productId);
        const carries = hasToken(q.query, p.modelCode) || hasToken(q.query, p.skuCode);
        expect(carries, `${q.kind}: ${q.query}`).toBe(true);
      }
    }
  });

  it('matches each kind to its language and shape', () => {
    const qs = benchmarkQueries(2_300_000, 1, 500);
    for (const q of qs) {
      const p = describeProduct(q.index, 1);
      if (q.kind === 'sku') expect(q.query).toBe(q.productId);
      if (q.kind === 'name') expect(q.query).toBe(p.raw.product_name);
      if (q.kind === 'cjk-zh') expect(p.raw.locale).toBe('zh-CN');
      if (q.kind === 'cjk-zh') expect(q.query).toMatch(/[\u4e00-\u9fff]/);
      if (q.kind === 'cjk-ko') expect(p.raw.locale).toBe('ko-KR');
      if (q.kind === 'cjk-ko') expect(q.query).toMatch(/[\uac00-\ud7af]/);
      if (q.kind === 'natural-en' || q.kind === 'common+rare') expect(p.raw.locale).toBe('en-US');
      if (q.kind === 'sku-fragment') expect(q.query).not.toBe(q.productId);
    }
    const odd = qs.filter((q) => q.kind === 'typo-or-case').map((q) => q.query);
    expect(odd.some((s) => /\b(AND|OR|NOT)\b|NEAR\(|\*|"/.test(s))).toBe(true);
    expect(odd.some((s) => s === s.toLowerCase() && /^[a-z]{2,3}-/.test(s))).toBe(true);
  });

  it('stays answerable in a catalog too small to hold Korean products', () => {
    const qs = benchmarkQueries(3, 1, 50);
    expect(qs).toHaveLength(50);
    for (const q of qs) {
      expect(q.index).toBeLessThan(3);
      const p = describeProduct(q.index, 1);
      expect(hasToken(q.query, p.modelCode) || hasToken(q.query, p.skuCode), q.query).toBe(true);
    }
  });

  it('keeps Latin runs apart when joining Chinese query parts', () => {
    expect(zhJoin('请问', 'V', 'R6GZ8G', '键盘', '保修几年')).toBe('请问V R6GZ8G键盘保修几年');
    expect(zhJoin('联想', 'R6GZ8G', '可以退货吗？')).toBe('联想R6GZ8G可以退货吗？');
    expect(zhJoin('JBL', 'R6GZ8G')).toBe('JBL R6GZ8G');
  });
});
