// snippetOf picks its field from the scorer's folded copies and flattens only that field: the snippets must be the
// ones the flatten-every-field version gave (kept here as the reference), on the benchmark's products and queries
// and on texts where flattening and folding matter (whitespace runs, tabs, diacritics, Greek sigma, huge fields).
import { describe, expect, it } from 'vitest';
import { fold, queryTerms } from '../../src/main/catalog/tokenize';
import { productFields, type Field, type Fields } from '../../src/main/catalog/rerank';
import { snippetOf, SNIPPET_SCAN } from '../../src/main/catalog/snippet';
import type { PlannedTerm } from '../../src/main/catalog/plan';
import { benchmarkQueries, productAt } from '../../bench/gen';

const ORDER: Field[] = ['faqs', 'specs', 'manual', 'policy', 'name'];
const WIDTH = 160;
const flat = (text: string): string => (text.length > SNIPPET_SCAN ? text.slice(0, SNIPPET_SCAN) : text).replace(/\s+/g, ' ').trim();

/** The snippet as every field flattened and folded gave it (catalog/snippet.ts before issue 13's third pass). */
function reference(f: Fields, terms: readonly PlannedTerm[]): string {
  let best: { text: string; at: number; hits: number } | undefined;
  for (const field of ORDER) {
    const text = flat(f[field]);
    if (!text) continue;
    const lower = fold(text);
    let hits = 0;
    let at = -1;
    for (const t of terms) {
      const i = lower.indexOf(t.term);
      if (i === -1) continue;
      hits++;
      if (at === -1 || i < at) at = i;
    }
    if (hits > 0 && (!best || hits > best.hits)) best = { text, at, hits };
  }
  if (!best) {
    const text = flat(f.faqs || f.specs || f.policy || f.name);
    return text.length > WIDTH ? `${text.slice(0, WIDTH).replace(/\s\S*$/, '')}…` : text;
  }
  const { text } = best;
  const at = Math.min(best.at, text.length);
  let start = Math.max(0, at - 50);
  if (start > 0) {
    const sp = text.indexOf(' ', start);
    if (sp !== -1 && sp < at) start = sp + 1;
  }
  let end = Math.min(text.length, start + WIDTH);
  if (end < text.length) {
    const sp = text.lastIndexOf(' ', end);
    if (sp > at) end = sp;
  }
  return `${start > 0 ? '…' : ''}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
}

const plan = (q: string): PlannedTerm[] => queryTerms(q).map(({ term }) => ({ term, prefix: false, headDf: 1, bodyDf: 1, source: term }));

describe('snippetOf', () => {
  it('gives the reference snippet for every benchmark query over the products it names and their neighbours', () => {
    let n = 0;
    for (const q of benchmarkQueries(400, 9, 300)) {
      const terms = plan(q.query);
      for (const i of [q.index, (q.index + 1) % 400, (q.index + 7) % 400]) {
        const p = productAt(i, 9);
        const fields = productFields({
          productId: p.product_id, name: p.product_name, category: p.category, specifications: p.specifications, faqAnswers: p.faq_answers,
          returnPolicyExcerpt: p.return_policy_excerpt, stockStatus: p.stock_status, brand: p.brand ?? null, price: null, currency: null, locale: null,
          updatedAt: null, manual: null,
        });
        expect(snippetOf(fields, terms)).toBe(reference(fields, terms));
        n++;
      }
    }
    expect(n).toBe(900);
  });

  it('gives the reference snippet where flattening and folding change the text', () => {
    const base: Fields = { name: '', brand: '', category: '', codes: '', specs: '', faqs: '', policy: '', manual: '' };
    const long = `${'filler words here '.repeat(1_200)} Überraschung ΣΟΦΟΣ battery`;
    const cases: [Partial<Fields>, string][] = [
      [{ faqs: '  Battery\tlife:\n\n up to   15 hours  ', specs: 'battery 57 Wh\nweight 1.09 kg\n' }, 'battery weight'],
      [{ faqs: 'Crème brûlée maker — Café   mode', name: 'CRÈME machine' }, 'creme cafe'],
      [{ policy: 'ΟΔΟΣ ΣΟΦΟΣ   returns\u2003within\u00a030 days', name: 'Σ plan' }, 'σοφος returns'],
      [{ manual: long, faqs: 'battery \n short' }, 'battery überraschung'],
      [{ manual: long }, 'σοφος'],
      [{ faqs: '   \n\t ', specs: 'x', name: 'Gadget' }, 'gadget'],
      [{ faqs: 'nothing relevant here at all', name: 'Thing' }, 'zebra'],
      [{ faqs: 'İstanbul İzmir delivery', specs: 'istanbul' }, 'i̇stanbul delivery'],
    ];
    for (const [f, q] of cases) {
      const fields = { ...base, ...f };
      expect(snippetOf(fields, plan(q)), q).toBe(reference(fields, plan(q)));
    }
    expect(long.length).toBeGreaterThan(SNIPPET_SCAN);
  });
});
