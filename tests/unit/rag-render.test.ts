import { describe, expect, it } from 'vitest';
import type { ProductDoc } from '../../src/shared/domain';
import { renderDocument, renderDocumentBody } from '../../src/main/rag/render';
import { MANUAL_INTRO } from '../../src/main/rag/passages';
import { neutraliseCitations } from '../../src/main/rag/history';

const DOC: ProductDoc = {
  productId: 'LAP-X1',
  name: 'ThinkPad X1\nCarbon',
  category: 'laptops',
  brand: 'Lenovo',
  price: 1899,
  currency: 'USD',
  updatedAt: '2026-03-01',
  stockStatus: 'in stock',
  returnPolicyExcerpt: 'Returns within 30 days.',
  specifications: { battery: '15 h', weight: 1.12, backlit: true },
  faqAnswers: ['Charges to 80% in an hour.'],
  manual: 'Step one. '.repeat(1000),
};

describe('renderDocument', () => {
  it('renders every field the model needs, one fact per line, under a [Doc-N] header', () => {
    const text = renderDocument(DOC, 3);
    const lines = text.split('\n');
    expect(lines.slice(0, 11)).toEqual([
      '[Doc-3]',
      'Product LAP-X1 — ThinkPad X1 Carbon',
      'Brand: Lenovo | Category: laptops',
      'Price: 1899 USD',
      'Stock: in stock (updated 2026-03-01)',
      'Specifications:',
      '- battery: 15 h',
      '- weight: 1.12',
      '- backlit: true',
      'FAQ:',
      '- Charges to 80% in an hour.',
    ]);
    expect(lines[11]).toBe('Return policy: Returns within 30 days.');
    // the manual itself is chosen per question (passages.ts): the body only announces it, last
    expect(lines).toHaveLength(13);
    expect(text.endsWith(MANUAL_INTRO)).toBe(true);
    expect(text).not.toContain('Step one');
  });

  it('omits absent optional fields and renders standalone documents by kind', () => {
    const { brand: _b, price: _p, manual: _m, updatedAt: _u, ...bare } = DOC;
    const body = renderDocumentBody({ ...bare, specifications: {}, faqAnswers: [] });
    expect(body).toBe('Product LAP-X1 — ThinkPad X1 Carbon\nCategory: laptops\nStock: in stock\nReturn policy: Returns within 30 days.');
    expect(renderDocument({ docId: 'POL-1', title: 'Returns', body: 'Thirty days.', kind: 'policy' }, 1)).toBe(
      '[Doc-1]\nPolicy POL-1 — Returns\nThirty days.',
    );
  });
});

describe('neutraliseCitations', () => {
  it('turns old [Doc-N] markers into source names, or drops them when unknown', () => {
    const cites = [{ n: 1, productId: 'A', name: 'Alpha' }, { n: 2, productId: 'B' }];
    expect(neutraliseCitations('x [Doc-1] y 【Doc-2】 z [Doc-1, Doc-2] w [Doc-9].', cites)).toBe(
      'x (source: Alpha) y (source: B) z (source: Alpha, B) w .',
    );
  });
});
