// What an answer says about itself: which documents it cites, citations of documents never sent, whether it
// is a "no information" answer, and whether the agent should escalate.
import { citedNumbers } from './citations';
import { detectEscalation, type Escalation } from './escalation';
import { NO_INFO_SENTENCES } from './prompt';

export { citedNumbers };

export interface SentDocRef {
  n: number;
  productId: string;
  name: string;
}

export interface Citation {
  n: number;
  productId: string;
  name: string;
}

export interface AnswerAnalysis {
  /** Distinct citations of sent documents, in order of first appearance. */
  citations: Citation[];
  /** Numbers cited but not among the documents sent (distinct, in order of appearance). */
  unsupportedCitations: number[];
  /** The answer says the documents do not contain the information (and cites nothing it was given). */
  noInformation: boolean;
  escalation: Escalation;
}

const squash = (t: string): string => t.toLowerCase().replace(/[’‘]/g, "'").replace(/[\s.。!！]+/g, ' ').trim();
const SENTENCES = Object.values(NO_INFO_SENTENCES).map(squash);

/**
 * The answer is the fixed no-information sentence the system prompt asks for (any of the three languages), as
 * the whole answer or one of its sentences — exact, not a guess from wording.
 */
export function saysNoInformation(text: string): boolean {
  const t = squash(text);
  if (t === '') return false;
  return SENTENCES.some((s) => t === s || t.startsWith(`${s} `) || t.endsWith(` ${s}`) || t.includes(` ${s} `));
}

export function analyseAnswer(
  text: string,
  sentDocs: readonly SentDocRef[],
  customerMessage?: string,
  opts: { returnWindowDays?: number | null } = {},
): AnswerAnalysis {
  const byN = new Map(sentDocs.map((d) => [d.n, d]));
  const citations: Citation[] = [];
  const unsupported: number[] = [];
  for (const n of citedNumbers(text)) {
    const doc = byN.get(n);
    if (doc) {
      if (!citations.some((c) => c.n === n)) citations.push({ n, productId: doc.productId, name: doc.name });
    } else if (!unsupported.includes(n)) unsupported.push(n);
  }
  return {
    citations,
    unsupportedCitations: unsupported,
    noInformation: saysNoInformation(text) && citations.length === 0,
    escalation: detectEscalation(text, customerMessage, opts),
  };
}
