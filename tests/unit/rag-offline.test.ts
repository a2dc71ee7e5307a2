import { describe, expect, it } from 'vitest';
import type { ProductDoc, StandaloneDoc } from '../../src/shared/domain';
import { composeOfflineAnswer, detectIntents } from '../../src/main/rag/offline';
import { analyseAnswer } from '../../src/main/rag/analysis';

const LAPTOP: ProductDoc = {
  productId: 'LAP-X1',
  name: 'ThinkPad X1 Carbon',
  category: 'laptops',
  brand: 'Lenovo',
  price: 1899,
  currency: 'USD',
  updatedAt: '2026-03-01T09:00:00Z',
  stockStatus: 'in stock (12 units)',
  returnPolicyExcerpt: 'Returns accepted within 30 days with receipt; opened items incur a 15% restocking fee.',
  specifications: { battery: '57 Wh, up to 15 h', weight: '1.12 kg', display: '14" 2.8K OLED', warranty: '3 years on-site' },
  faqAnswers: ['The battery charges to 80% in one hour with the 65 W adapter.', 'The keyboard is spill resistant.'],
};
const PHONE: ProductDoc = {
  productId: 'PH-S24',
  name: 'Galaxy S24',
  category: 'phones',
  stockStatus: 'out of stock, back 2026-04-10',
  updatedAt: '2026-03-02',
  returnPolicyExcerpt: '14-day returns, unopened only.',
  specifications: { camera: '50 MP', weight: '167 g' },
  faqAnswers: [],
};
const POLICY: StandaloneDoc = {
  docId: 'POL-RET',
  kind: 'policy',
  title: 'Store return policy',
  body: 'Refunds are issued to the original payment method within 5 business days. Shipping fees are not refunded. Gift cards cannot be returned.',
};
const DOCS = [
  { n: 1, doc: LAPTOP },
  { n: 2, doc: POLICY },
  { n: 3, doc: PHONE },
];
const SENT = [
  { n: 1, productId: 'LAP-X1', name: LAPTOP.name },
  { n: 2, productId: 'POL-RET', name: POLICY.title },
  { n: 3, productId: 'PH-S24', name: PHONE.name },
];

describe('composeOfflineAnswer', () => {
  it('answers returns with the return policy and the matching policy document, cited', () => {
    const a = composeOfflineAnswer("What's the return policy for it?", DOCS);
    expect(a.fits).toBe(true);
    expect(a.text.split('\n')[0]).toBe('Offline answer — composed from the catalog, not by the AI model.');
    expect(a.text).toContain('Returns accepted within 30 days with receipt; opened items incur a 15% restocking fee. [Doc-1]');
    expect(a.text).toMatch(/Refunds are issued to the original payment method.*\[Doc-2\]/);
    expect(a.text).not.toContain('Galaxy'); // the phone is not the product in question
    expect(a.text).not.toContain('1899'); // no unrelated fields
    expect(a.usedDocs).toEqual([1, 2]);
    expect(analyseAnswer(a.text, SENT).unsupportedCitations).toEqual([]);
  });

  it('answers availability with the stock status and its update time; a named product wins', () => {
    const a = composeOfflineAnswer('Is the Galaxy S24 in stock?', DOCS);
    expect(a.intents).toEqual(['availability']);
    expect(a.text).toContain('Galaxy S24 — Stock: out of stock, back 2026-04-10 (as of 2026-03-02) [Doc-3]');
    expect(a.text).not.toContain('ThinkPad');
    expect(a.usedDocs).toEqual([3]);
    const ship = composeOfflineAnswer('When will it ship?', DOCS);
    expect(ship.text).toContain('Stock: in stock (12 units)');
    expect(ship.text).toContain('Shipping fees are not refunded. [Doc-2]');
  });

  it('answers the price with its currency', () => {
    const a = composeOfflineAnswer('How much is the X1?', DOCS);
    expect(a.text).toContain('ThinkPad X1 Carbon — Price: 1899 USD (as of 2026-03-01T09:00:00Z) [Doc-1]');
  });

  it('answers specs with the matching spec entries and FAQ answers only', () => {
    const a = composeOfflineAnswer('How long does the battery last?', DOCS);
    expect(a.intents).toEqual(['specs']);
    expect(a.text).toContain('ThinkPad X1 Carbon — battery: 57 Wh, up to 15 h [Doc-1]');
    expect(a.text).toContain('The battery charges to 80% in one hour with the 65 W adapter. [Doc-1]');
    expect(a.text).not.toContain('weight');
    expect(a.text).not.toContain('spill');
  });

  it('answers warranty questions from the warranty spec', () => {
    const a = composeOfflineAnswer('What warranty does it have?', DOCS);
    expect(a.text).toContain('warranty: 3 years on-site [Doc-1]');
  });

  it('answers in Chinese and Korean with localised labels, matching concepts across languages', () => {
    const zh = composeOfflineAnswer('它的电池续航多久？', DOCS);
    expect(zh.text.split('\n')[0]).toBe('离线回答 — 根据商品目录整理，并非由 AI 模型生成。');
    expect(zh.text).toContain('battery: 57 Wh, up to 15 h [Doc-1]');
    const zhStock = composeOfflineAnswer('这个有货吗？', DOCS);
    expect(zhStock.text).toContain('库存: in stock (12 units) (更新于 2026-03-01T09:00:00Z) [Doc-1]');
    const ko = composeOfflineAnswer('이거 반품 가능한가요?', DOCS);
    expect(ko.text.split('\n')[0]).toBe('오프라인 답변 — AI 모델이 아닌 카탈로그에서 구성한 답변입니다.');
    expect(ko.text).toContain('반품 정책: Returns accepted within 30 days');
    const koWeight = composeOfflineAnswer('무게가 얼마나 되나요?', DOCS);
    expect(koWeight.text).toContain('weight: 1.12 kg [Doc-1]');
  });

  it('says plainly when no document fits instead of guessing', () => {
    const a = composeOfflineAnswer('Does it support Thunderbolt eGPU docking?', DOCS);
    expect(a.fits).toBe(false);
    expect(a.usedDocs).toEqual([]);
    expect(a.text).toContain('None of the retrieved catalog documents answers this question');
    expect(a.text).not.toMatch(/\[Doc-\d+\]/);
    expect(composeOfflineAnswer('Is it in stock?', []).fits).toBe(false);
    expect(composeOfflineAnswer('有货吗？', []).text).toContain('无法回答');
  });

  it('detects several intents in one question', () => {
    expect(detectIntents('Is it in stock and how much is it?')).toEqual(['availability', 'price']);
    expect(detectIntents('环불')).toEqual(['specs']);
  });
});
