// Offline answers: with no key, --offline, or an unreachable upstream, the answer is composed from the
// retrieved documents — only the fields that answer the question, each cited [Doc-N], labelled as not written
// by the model. When nothing fits, it says so instead of guessing.
import type { ProductDoc, StandaloneDoc } from '../../shared/domain';
import { detectLanguage, type Lang } from './language';
import { CONCEPTS, DELIVERY, INTENTS, LABELS, STOPWORDS, type Intent, type Labels } from './offline-terms';
import { capText, isProduct } from './render';

export interface OfflineDoc {
  n: number;
  doc: ProductDoc | StandaloneDoc;
}

export interface OfflineAnswer {
  text: string;
  /** Document numbers cited, in order of first use. */
  usedDocs: number[];
  /** False when no document answered the question (the text says so, or says to escalate). */
  fits: boolean;
  /** The text is the "no document answers this" sentence: the answer's no-information flag. */
  noInformation: boolean;
  intents: Intent[];
}

export function detectIntents(question: string): Intent[] {
  const found = (Object.keys(INTENTS) as (keyof typeof INTENTS)[]).filter((k) => INTENTS[k].test(question));
  return found.length > 0 ? found : ['specs'];
}

const ascii = (s: string): boolean => /^[\x20-\x7e]+$/.test(s);
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Matcher for the question's terms: its spec concepts (all languages) plus its own content words. */
export function questionMatcher(question: string, ignore: ReadonlySet<string> = new Set()): ((text: string) => boolean) | null {
  const q = question.toLowerCase();
  const variants = new Set<string>();
  for (const concept of CONCEPTS) {
    if (concept.some((v) => (ascii(v) ? new RegExp(`\\b${escape(v)}`, 'i').test(q) : q.includes(v)))) {
      for (const v of concept) variants.add(v);
    }
  }
  for (const w of q.match(/[a-z][a-z0-9-]{3,}/g) ?? []) if (!STOPWORDS.has(w) && !ignore.has(w)) variants.add(w);
  if (variants.size === 0) return null;
  const en = [...variants].filter(ascii).map(escape);
  const re = en.length > 0 ? new RegExp(`\\b(?:${en.join('|')})`, 'i') : null;
  const cjk = [...variants].filter((v) => !ascii(v));
  return (text) => (re !== null && re.test(text)) || cjk.some((v) => text.includes(v));
}

/** Product docs the question names; when it names none, the top-ranked product (retrieval ranks "it" first). */
function targetProducts(question: string, docs: readonly OfflineDoc[]): OfflineDoc[] {
  const q = question.toLowerCase();
  const products = docs.filter((d) => isProduct(d.doc));
  const named = products.filter(({ doc }) => {
    const p = doc as ProductDoc;
    const codes = p.name.split(/\s+/).filter((w) => /\d/.test(w) && /[a-z]/i.test(w) && w.length >= 2);
    return q.includes(p.name.toLowerCase()) || q.includes(p.productId.toLowerCase()) || codes.some((c) => q.includes(c.toLowerCase()));
  });
  return named.length > 0 ? named : products.slice(0, 1);
}

/** Sentences of a standalone document that match, at most `max`. */
function sentences(body: string, match: (s: string) => boolean, max = 2): string[] {
  return body
    .split(/(?<=[.!?。！？])\s*|\n+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0 && match(s))
    .slice(0, max)
    .map((s) => capText(s, 400));
}

interface Line {
  n: number;
  text: string;
}

function asOf(p: ProductDoc, l: Labels): string {
  return p.updatedAt ? ` (${l.asOf} ${p.updatedAt})` : '';
}

function productLines(intent: Intent, { n, doc }: OfflineDoc, match: ((s: string) => boolean) | null, l: Labels, question = ''): Line[] {
  const p = doc as ProductDoc;
  switch (intent) {
    case 'return':
      return p.returnPolicyExcerpt.trim() ? [{ n, text: `${p.name} — ${l.returnPolicy}: ${p.returnPolicyExcerpt.trim()}` }] : [];
    case 'availability':
      return p.stockStatus.trim() ? [{ n, text: `${p.name} — ${l.stock}: ${p.stockStatus.trim()}${asOf(p, l)}` }] : [];
    case 'price':
      return p.price !== undefined ? [{ n, text: `${p.name} — ${l.price}: ${p.price}${p.currency ? ` ${p.currency}` : ''}${asOf(p, l)}` }] : [];
    case 'warranty':
    case 'specs': {
      const m = intent === 'warranty' ? (s: string) => INTENTS.warranty.test(s) || (match?.(s) ?? false) : (match ?? (() => false));
      // A spec named in the question as written ("电池续航", "무게") counts as well as the concepts.
      const q = question.toLowerCase();
      const named = (k: string): boolean => k.trim().length >= 2 && q.includes(k.trim().toLowerCase());
      const specs = Object.entries(p.specifications)
        .filter(([k, v]) => named(k) || m(k) || (intent === 'warranty' && m(String(v))))
        .map(([k, v]) => ({ n, text: `${p.name} — ${k}: ${String(v)}` }));
      const faqs = p.faqAnswers.filter((a) => m(a)).map((a) => ({ n, text: `${p.name} — ${l.faq}: ${capText(a.trim(), 400)}` }));
      return [...specs, ...faqs].slice(0, 6);
    }
  }
}

function standaloneLines(
  intent: Intent,
  { n, doc }: OfflineDoc,
  match: ((s: string) => boolean) | null,
  delivery: boolean,
): Line[] {
  const s = doc as StandaloneDoc;
  const test =
    intent === 'specs' || intent === 'price'
      ? match
      : intent === 'availability'
        ? delivery
          ? (t: string) => DELIVERY.test(t)
          : null
        : (t: string) => INTENTS[intent].test(t);
  if (!test) return [];
  if (intent !== 'specs' && !test(`${s.title} ${s.body}`)) return [];
  return sentences(s.body, test).map((t) => ({ n, text: `${s.title} — ${t}` }));
}

/**
 * The question asks about a feature the product's document does not mention: most of its own content words
 * ("coffee", "grinder") appear nowhere in the document, so a line matching one generic word ("built-in") is no
 * answer.
 */
function mostlyAbsent(question: string, targets: readonly OfflineDoc[], nameWords: ReadonlySet<string>): boolean {
  const words = [...new Set(question.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? [])].filter((w) => !STOPWORDS.has(w) && !nameWords.has(w));
  if (words.length < 2 || targets.length === 0) return false;
  const text = targets.map(({ doc }) => JSON.stringify(doc).toLowerCase()).join(' ');
  const absent = words.filter((w) => !text.includes(w.replace(/s$/, '')));
  return absent.length * 2 > words.length;
}

/** Model codes the question names (letters and digits, ≥ 4 characters), upper-cased. */
function namedCodes(question: string): string[] {
  return (question.match(/[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*/g) ?? [])
    .filter((w) => w.length >= 4 && /[A-Za-z]/.test(w) && /\d/.test(w) && !/^\d+(?:gb|tb|mah|wh|hz|mm|cm|kg|w|k|p)$/i.test(w))
    .map((w) => w.toUpperCase());
}

/** The question names a product code no retrieved document has: the catalog does not know that product. */
function unknownProduct(question: string, docs: readonly OfflineDoc[]): boolean {
  const codes = namedCodes(question);
  if (codes.length === 0) return false;
  const texts = docs.map(({ doc }) => (isProduct(doc) ? `${doc.productId} ${doc.name} ${Object.values(doc.specifications).join(' ')}` : `${doc.docId} ${doc.title}`).toUpperCase());
  return !codes.some((c) => texts.some((t) => t.includes(c)));
}

export function composeOfflineAnswer(
  question: string,
  docs: readonly OfflineDoc[],
  language?: Lang,
  opts: { escalate?: boolean } = {},
): OfflineAnswer {
  const lang = language ?? detectLanguage(question);
  const l = LABELS[lang];
  const intents = detectIntents(question);
  const none = (): OfflineAnswer =>
    opts.escalate
      ? { text: `${l.header}\n\n${l.escalate}`, usedDocs: [], fits: false, noInformation: false, intents }
      : { text: `${l.header}\n\n${l.noFit}`, usedDocs: [], fits: false, noInformation: true, intents };
  if (unknownProduct(question, docs)) return none();
  const targets = targetProducts(question, docs);
  // Words of the product's own name ("laptop", "carbon") say which product, not which field.
  const nameWords = new Set(targets.flatMap((t) => (t.doc as ProductDoc).name.toLowerCase().split(/[^a-z0-9-]+/)));
  const match = questionMatcher(question, nameWords);
  const standalone = docs.filter((d) => !isProduct(d.doc));
  if (intents.length === 1 && intents[0] === 'specs' && mostlyAbsent(question, targets, nameWords)) return none();

  const lines: Line[] = [];
  for (const intent of intents) {
    for (const t of targets) lines.push(...productLines(intent, t, match, l, question));
    for (const s of standalone) lines.push(...standaloneLines(intent, s, match, DELIVERY.test(question)));
  }
  const seen = new Set<string>();
  const unique = lines.filter((x) => !seen.has(x.text) && (seen.add(x.text), true));
  if (unique.length === 0) return none();

  const usedDocs = [...new Set(unique.map((x) => x.n))];
  const body = unique.map((x) => `- ${x.text} [Doc-${x.n}]`).join('\n');
  return { text: `${l.header}\n\n${body}`, usedDocs, fits: true, noInformation: false, intents };
}
