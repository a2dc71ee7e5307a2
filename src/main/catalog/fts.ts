// What each document contributes to the two FTS5 indexes (head: name, brand, category, codes; body: the rest).
import { codeWords, compact, hasCjk, indexText } from './tokenize';
import type { SpecValue } from './record';

/** A product as stored (the merge of every record imported for its product_id). */
export interface StoredProduct {
  productId: string;
  name: string;
  category: string;
  specifications: Record<string, SpecValue>;
  faqAnswers: string[];
  returnPolicyExcerpt: string;
  stockStatus: string;
  brand: string | null;
  price: number | null;
  currency: string | null;
  locale: string | null;
  updatedAt: string | null;
  manual: string | null;
}

export type HeadColumns = [name: string, brand: string, category: string, codes: string];
export type BodyColumns = [specs: string, faqs: string, policy: string, manual: string];

const MODEL_KEY = /model|mtm|sku|part|mpn|code|型号|모델/i;

/** Codes: the product id, its compact form, and model codes from the name and model-like specifications. */
export function productCodes(p: Pick<StoredProduct, 'productId' | 'name' | 'specifications'>): string {
  const codes = new Set<string>([p.productId, compact(p.productId)]);
  const words = codeWords(p.name);
  for (const [k, v] of Object.entries(p.specifications)) if (MODEL_KEY.test(k)) words.push(...codeWords(String(v)));
  for (const w of words) {
    codes.add(w);
    codes.add(compact(w));
  }
  return [...codes].join(' ');
}

export function specsText(specs: Record<string, SpecValue>): string {
  let out = '';
  for (const k in specs) out += `${k} ${String(specs[k])}\n`;
  return out;
}

export function productHead(p: StoredProduct): HeadColumns {
  return [indexText(p.name), indexText(p.brand ?? ''), indexText(p.category), productCodes(p)];
}

/**
 * Text for a JSON-valued column: the stored JSON itself when unicode61 reads it the same as plain text (no CJK,
 * no escapes), so the import passes one string for both the row and the index; otherwise plain text.
 */
function jsonOrText(json: string | undefined, text: () => string): string {
  return json !== undefined && !json.includes('\\') && !hasCjk(json) ? json : indexText(text());
}

/** Body columns; `json` are the stored JSON texts of specifications and FAQs when the caller has them. */
export function productBody(p: StoredProduct, json?: { specs: string; faqs: string }): BodyColumns {
  return [
    jsonOrText(json?.specs, () => specsText(p.specifications)),
    jsonOrText(json?.faqs, () => p.faqAnswers.join('\n')),
    indexText(p.returnPolicyExcerpt),
    indexText(p.manual ?? ''),
  ];
}

export function docHead(d: { docId: string; title: string; kind: string }): HeadColumns {
  return [indexText(d.title), '', d.kind, `${d.docId} ${compact(d.docId)}`];
}

export function docBody(d: { body: string; kind: string }): BodyColumns {
  return d.kind === 'manual' ? ['', '', '', indexText(d.body)] : ['', '', indexText(d.body), ''];
}
