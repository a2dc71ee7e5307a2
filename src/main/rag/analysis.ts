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
 * A word of each squashed sentence that `squash` leaves alone but for ASCII lower-casing (no space, stop, quote; of
 * every code point only ASCII capitals and U+0130 lower-case to its letters, and U+0130 gives "i" + U+0307, never an
 * "i" followed by "o"): a text whose squashed form holds the sentence holds that word, up to ASCII case. So a text
 * without any is not squashed at all (three copies of the whole answer each time: most answers cite documents).
 */
const KEYS: Readonly<Record<string, string>> = { en: 'nformation', zh: '的信息', ko: '없습니다' };
const MAY_SAY = Object.entries(NO_INFO_SENTENCES).every(([lang, s]) => KEYS[lang] !== undefined && squash(s).includes(KEYS[lang]))
  ? new RegExp(Object.values(KEYS).join('|'), 'i')
  : null;

/** For tests: whether the quick check is on (every sentence holds its key word). */
export function noInfoPrefilter(): boolean {
  return MAY_SAY !== null;
}

/**
 * The answer is the fixed no-information sentence the system prompt asks for (any of the three languages), as
 * the whole answer or one of its sentences — exact, not a guess from wording.
 */
export function saysNoInformation(text: string): boolean {
  if (MAY_SAY && !MAY_SAY.test(text)) return false;
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
