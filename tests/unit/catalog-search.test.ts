import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase, type Db } from '../../src/main/db';
import { baselineSearch, catalogMigrations, importRecords, searchCatalog } from '../../src/main/catalog';
import { queryTerms, indexText } from '../../src/main/catalog/tokenize';

const products = [
  {
    product_id: 'LP-TP-X1C-2024', product_name: 'ThinkPad X1 Carbon Gen 12', brand: 'Lenovo', category: 'laptops',
    specifications: { processor: 'Intel Core Ultra 7 155U', battery: '57 Wh, up to 15 hours (MobileMark)', weight: '1.09 kg' },
    faq_answers: ['Battery life is up to 15 hours in MobileMark; expect 9–11 hours of office work.', 'Linux is supported (Ubuntu certified).'],
    return_policy_excerpt: '30-day return window for unopened items; opened laptops within 15 days with a 15% restocking fee.',
    stock_status: 'in_stock', price: 1899,
  },
  {
    product_id: 'LP-TP-T14-2024', product_name: 'ThinkPad T14 Gen 5', brand: 'Lenovo', category: 'laptops',
    specifications: { battery: '52.5 Wh', weight: '1.4 kg' }, faq_answers: ['The battery is user-replaceable.'],
    return_policy_excerpt: '30-day return window.', stock_status: 'in_stock',
  },
  {
    product_id: 'ACC-MSE-WL-001', product_name: 'Logitech MX Master 3S', brand: 'Logitech', category: 'mice',
    specifications: { model: 'MX3S', sensor: '8000 DPI', battery: 'up to 70 days' }, faq_answers: ['Works on glass surfaces.'],
    return_policy_excerpt: 'Returns accepted within 30 days in original packaging.', stock_status: 'low_stock',
  },
  {
    product_id: 'ZH-LX-7K2', product_name: '联想 昭阳 X7K2 轻薄笔记本电脑', brand: '联想', category: '笔记本电脑',
    specifications: { 电池续航: '最长 12 小时', 重量: '1.3 kg' }, faq_answers: ['电池续航最长 12 小时，支持快充。'],
    return_policy_excerpt: '7 天无理由退货。', stock_status: 'in_stock', locale: 'zh-CN',
  },
  {
    product_id: 'KO-SS-B3', product_name: '삼성 갤럭시 북 B3Q9 노트북', brand: '삼성', category: '노트북',
    specifications: { 배터리: '최대 15시간' }, faq_answers: ['배터리는 최대 15시간 지속됩니다.'],
    return_policy_excerpt: '30일 이내 반품 가능합니다.', stock_status: 'in_stock', locale: 'ko-KR',
  },
  {
    product_id: 'JA-SONY-1', product_name: 'ソニー ワイヤレスヘッドホン WH9X', brand: 'ソニー', category: 'ヘッドホン',
    specifications: { 電池: '最大30時間' }, faq_answers: ['ノイズキャンセリングに対応しています。'],
    return_policy_excerpt: '30日以内返品可能。', stock_status: 'in_stock', locale: 'ja-JP',
  },
  {
    product_id: 'SYN-AND-1', product_name: 'Cable AND adapter "pro" kit*', category: 'cables', specifications: {},
    faq_answers: ['NEAR( is not a function here.'], return_policy_excerpt: '', stock_status: 'in_stock',
  },
  {
    product_id: 'ESP-MACH-1', product_name: 'Breville Espresso Machine Barista Pro', brand: 'Breville', category: 'coffee machines',
    specifications: { pressure: '15 bar' }, faq_answers: ['The machine heats up in 3 seconds.'], return_policy_excerpt: '30 days.', stock_status: 'in_stock',
  },
  { doc_id: 'POL-ESC', title: 'Escalation policy', body: 'Legal threats, safety issues and refunds over $500 go to a supervisor.', kind: 'policy' },
];

let db: Db;
beforeAll(async () => {
  db = openDatabase(join(mkdtempSync(join(tmpdir(), 'deskmate-search-')), 'c.sqlite'));
  migrate(db, 'catalog', catalogMigrations);
  const r = await importRecords(db, products);
  expect(r.rejected).toEqual([]);
});

const top = (q: string): string | undefined => searchCatalog(db, q).results[0]?.productId;

describe('searchCatalog', () => {
  it('does not prefix-expand ordinary words: "Logitech mac" finds the mouse, not espresso "Machine"s', () => {
    const ids = searchCatalog(db, 'Logitech mac').results.map((r) => r.productId);
    expect(ids[0]).toBe('ACC-MSE-WL-001');
    expect(ids).not.toContain('ESP-MACH-1');
    // code fragments still expand
    expect(top('MX3')).toBe('ACC-MSE-WL-001');
  });

  it('finds model numbers and SKUs by exact fragments', () => {
    expect(top('X1C')).toBe('LP-TP-X1C-2024');
    expect(top('LP-TP-X1C')).toBe('LP-TP-X1C-2024');
    expect(top('lp-tp-x1c-2024')).toBe('LP-TP-X1C-2024');
    expect(top('lptpx1c')).toBe('LP-TP-X1C-2024'); // compact prefix
    expect(top('MX3S')).toBe('ACC-MSE-WL-001');
    expect(top('mx master 3s')).toBe('ACC-MSE-WL-001');
  });

  it('finds the product of a natural-language question', () => {
    expect(top('how long does the battery last on the ThinkPad X1 Carbon?')).toBe('LP-TP-X1C-2024');
    expect(top('does the T14 battery come out?')).toBe('LP-TP-T14-2024');
  });

  it('without snippets (the answer engine\'s searches) ranks the same hits with the same scores', () => {
    for (const q of ['how long does the battery last on the ThinkPad X1 Carbon?', '电池续航', 'MX3S', 'return window laptops']) {
      const full = searchCatalog(db, q, { k: 5 }).results;
      const lean = searchCatalog(db, q, { k: 5, snippets: false }).results;
      expect(full.length).toBeGreaterThan(0);
      expect(full.some((h) => h.snippet !== '')).toBe(true);
      expect(lean.map((h) => h.snippet)).toEqual(full.map(() => ''));
      expect(lean).toEqual(full.map((h) => ({ ...h, snippet: '' })));
    }
  });

  it('finds Chinese, Korean and Japanese text, including two-character words', () => {
    expect(top('昭阳')).toBe('ZH-LX-7K2');
    expect(top('电池续航多久')).toBe('ZH-LX-7K2');
    expect(top('请问昭阳X7K2保修几年')).toBe('ZH-LX-7K2');
    expect(top('갤럭시 북 배터리')).toBe('KO-SS-B3');
    expect(top('배터리')).toBe('KO-SS-B3');
    expect(top('ヘッドホン')).toBe('JA-SONY-1');
    expect(indexText('昭阳笔记本')).toContain('昭阳');
    expect(queryTerms('电池续航').map((t) => t.term)).toEqual(expect.arrayContaining(['电池', '续航']));
  });

  it('treats FTS5 syntax as data', () => {
    for (const q of ['"pro" AND kit*', 'NEAR(cable adapter)', 'cable OR', '"', '*', 'AND', '- ^ : ( )', 'NOT NOT']) {
      expect(() => searchCatalog(db, q)).not.toThrow();
    }
    expect(top('Cable AND adapter "pro" kit*')).toBe('SYN-AND-1');
    expect(top('NEAR(')).toBe('SYN-AND-1');
    expect(() => baselineSearch(db, 'NEAR( "x AND', 5)).not.toThrow();
  });

  it('ranks name/SKU matches ahead of mentions in long text', () => {
    const ids = searchCatalog(db, 'battery').results.map((r) => r.productId);
    expect(ids).toContain('LP-TP-T14-2024');
    expect(searchCatalog(db, 'Logitech').results[0].productId).toBe('ACC-MSE-WL-001');
  });

  it('returns standalone documents with their kind, a snippet around the match, and honours k', () => {
    const r = searchCatalog(db, 'refunds supervisor escalation');
    expect(r.results[0]).toMatchObject({ productId: 'POL-ESC', name: 'Escalation policy', kind: 'policy' });
    expect(r.results[0].snippet).toMatch(/supervisor/);
    expect(searchCatalog(db, 'Linux ThinkPad').results[0].snippet).toMatch(/Linux/);
    expect(searchCatalog(db, 'laptops', { k: 1 }).results).toHaveLength(1);
    expect(r.tookMs).toBeGreaterThanOrEqual(0);
  });

  it('returns nothing for stop words only or unknown words', () => {
    expect(searchCatalog(db, 'zzzqqq').results).toEqual([]);
    expect(searchCatalog(db, '   ').results).toEqual([]);
  });

  it('baselineSearch is a plain AND query ranked by bm25', () => {
    expect(baselineSearch(db, 'ThinkPad Carbon', 5).productIds).toEqual(['LP-TP-X1C-2024']);
    expect(baselineSearch(db, 'how long does the battery last', 5).productIds).toEqual([]);
  });
});
