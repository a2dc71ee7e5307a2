// The knowledge-block text of one document. The counted (and cached) part is the BODY; the `[Doc-N]` header
// is rendered separately so a stored count stays valid whatever number the document gets in a request.
import type { ProductDoc, StandaloneDoc } from '../../shared/domain';
import { MANUAL_INTRO } from './passages';

export type AnyDoc = ProductDoc | StandaloneDoc;
export type DocKindTag = 'product' | 'policy' | 'manual' | 'ticket';

/** Bump when the body layout changes: stored counts of older renderings are then stale. */
export const RENDER_VERSION = 2;
export const STANDALONE_CAP = 12_000;
/** A product's whole rendered body (a product stored before the import limits may hold megabytes). */
export const PRODUCT_CAP = 16_000;

export function isProduct(doc: AnyDoc): doc is ProductDoc {
  return 'productId' in doc;
}

export function docId(doc: AnyDoc): string {
  return isProduct(doc) ? doc.productId : doc.docId;
}

export function docName(doc: AnyDoc): string {
  return isProduct(doc) ? doc.name : doc.title;
}

export function docKind(doc: AnyDoc): DocKindTag {
  return isProduct(doc) ? 'product' : doc.kind;
}

/** Cuts `text` to at most `cap` characters at a word boundary when one is near, marking the cut. */
export function capText(text: string, cap: number): string {
  if (text.length <= cap) return text;
  const cut = text.slice(0, cap);
  const space = cut.search(/\s\S*$/);
  const body = space > cap * 0.8 ? cut.slice(0, space) : cut;
  return `${body} […]`;
}

/** Line breaks (and the spaces around them) as one space; a text without any is only trimmed (no regex pass, no copy:
 * most names and specification values). */
const oneLine = (s: string): string => (s.includes('\n') || s.includes('\r') ? s.replace(/\s*[\r\n]+\s*/g, ' ') : s).trim();

function formatPrice(doc: ProductDoc): string | null {
  if (doc.price === undefined) return null;
  return doc.currency ? `${doc.price} ${doc.currency}` : String(doc.price);
}

/** The `[Doc-N]` header line, counted separately (a few tokens). */
export function docHeader(n: number): string {
  return `[Doc-${n}]\n`;
}

/**
 * The counted body of a document: everything but the `[Doc-N]` header. A product's manual is not in it: the body
 * ends with MANUAL_INTRO and the passages chosen for each question follow it (passages.ts, engine-docs.ts).
 */
export function renderDocumentBody(doc: AnyDoc, caps: { standalone?: number } = {}): string {
  if (!isProduct(doc)) {
    const label = doc.kind.charAt(0).toUpperCase() + doc.kind.slice(1);
    return `${label} ${doc.docId} — ${oneLine(capText(doc.title, 500))}\n${capText(doc.body.trim(), caps.standalone ?? STANDALONE_CAP)}`;
  }
  const lines = [`Product ${doc.productId} — ${oneLine(doc.name)}`];
  const meta = [doc.brand ? `Brand: ${oneLine(doc.brand)}` : null, `Category: ${oneLine(doc.category)}`];
  lines.push(meta.filter((x): x is string => x !== null).join(' | '));
  const price = formatPrice(doc);
  if (price) lines.push(`Price: ${price}`);
  lines.push(`Stock: ${oneLine(doc.stockStatus)}${doc.updatedAt ? ` (updated ${doc.updatedAt})` : ''}`);
  const specs = Object.entries(doc.specifications);
  if (specs.length > 0) {
    lines.push('Specifications:');
    for (const [k, v] of specs) lines.push(`- ${oneLine(k)}: ${oneLine(String(v))}`);
  }
  if (doc.faqAnswers.length > 0) {
    lines.push('FAQ:');
    for (const a of doc.faqAnswers) lines.push(`- ${oneLine(a)}`);
  }
  if (doc.returnPolicyExcerpt.trim()) lines.push(`Return policy: ${oneLine(doc.returnPolicyExcerpt)}`);
  const body = capText(lines.join('\n'), PRODUCT_CAP);
  return doc.manual?.trim() ? [body, MANUAL_INTRO].join('') : body; // one flat string (a cached part's key)
}

/** The full knowledge-block text of a document numbered `n`. */
export function renderDocument(doc: AnyDoc, n: number): string {
  return docHeader(n) + renderDocumentBody(doc);
}
