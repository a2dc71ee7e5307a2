// What an answer says about itself: which documents it cites, citations of documents never sent, whether it
// is a "no information" answer, and whether the agent should escalate.
import { citedNumbers } from './citations';
import { detectEscalation, type Escalation } from './escalation';

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

const NO_INFO = [
  /\bI (?:do not|don't|don’t) have (?:that|this|the|any|enough) (?:specific )?information\b/i,
  /\b(?:the )?(?:documents?|catalog(?:ue)?|knowledge base|sources?)(?: provided)? (?:do(?:es)? not|don't|doesn't|don’t|doesn’t) (?:contain|include|mention|say|cover|specify|provide)\b/i,
  /\bno information (?:about|on|regarding)\b/i,
  /\b(?:there is|there's) no information\b/i,
  /我没有(?:这方面的|该|相关的?|这个|这一)?信息/,
  /(?:文档|资料|目录|知识库)中?(?:没有|未)(?:提到|提及|包含|说明|相关)/,
  /没有(?:相关|这方面的)(?:信息|资料)/,
  /(?:해당|그|관련) 정보(?:가|는)? 없습니다/,
  /정보가 없(?:습니다|어요|네요)/,
  /문서에(?:는)? (?:없|나와 있지 않)/,
];

export function saysNoInformation(text: string): boolean {
  return NO_INFO.some((re) => re.test(text));
}

export function analyseAnswer(text: string, sentDocs: readonly SentDocRef[], customerMessage?: string): AnswerAnalysis {
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
    escalation: detectEscalation(text, customerMessage),
  };
}
