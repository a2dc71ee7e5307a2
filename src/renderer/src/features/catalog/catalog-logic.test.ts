import { describe, expect, it } from 'vitest';
import { formatBytes, highlight, progressPercent } from './catalog-logic';

describe('highlight', () => {
  it('marks every query word case-insensitively and keeps the text intact', () => {
    const segs = highlight('The X200 laptop: returns within 30 days. Laptop bag sold apart.', 'laptop returns');
    expect(segs.map((s) => s.text).join('')).toBe('The X200 laptop: returns within 30 days. Laptop bag sold apart.');
    expect(segs.filter((s) => s.hit).map((s) => s.text)).toEqual(['laptop', 'returns', 'Laptop']);
  });

  it('treats regex characters in the query literally and marks CJK words', () => {
    expect(highlight('price (USD) 9.99', '(usd)').filter((s) => s.hit).map((s) => s.text)).toEqual(['USD']);
    expect(highlight('a.b', '.').every((s) => !s.hit)).toBe(true);
    expect(highlight('这款笔记本支持退货', '退货').filter((s) => s.hit).map((s) => s.text)).toEqual(['退货']);
  });

  it('returns the whole text unmarked for an empty query', () => {
    expect(highlight('abc', '  ')).toEqual([{ text: 'abc', hit: false }]);
  });
});

describe('import progress', () => {
  it('is a clamped percentage, unknown without a total', () => {
    expect(progressPercent({ bytes: 512, totalBytes: 2048 })).toBe(25);
    expect(progressPercent({ bytes: 5000, totalBytes: 2048 })).toBe(100);
    expect(progressPercent({ bytes: 5, totalBytes: 0 })).toBeNull();
  });

  it('formats sizes', () => {
    expect(formatBytes(900)).toBe('900 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
  });
});
