// Escalation advice: whether the agent should hand over to a supervisor, and why.
export type EscalationKind = 'safety' | 'legal' | 'person' | 'complaint' | 'refund' | 'angry' | 'model';

export interface Escalation {
  needed: boolean;
  /** Human-readable reason of the most serious kind found (null when not needed). */
  reason: string | null;
  kinds: EscalationKind[];
}

const SAFETY =
  /\b(?:fire|on fire|caught fire|flames?|smoke|smoking|smoked|burn(?:s|ed|t|ing)?|shock(?:ed|s)?|electrocut\w*|overheat\w*|explo(?:de|ded|sion)|sparks?|sparking|melt(?:ed|ing)?|injur(?:y|ies|ed)|swollen|swelling|hazard)\b|起火|着火|失火|冒烟|触电|漏电|爆炸|烫伤|烧伤|过热|受伤|鼓包|화재|불이|연기|감전|폭발|화상|과열|부상|다쳤/i;
const LEGAL =
  /\b(?:lawyers?|attorneys?|sue|suing|sued|lawsuit|court|legal action|chargeback|small claims|consumer protection|trading standards|ombudsman|report you)\b|律师|起诉|法院|诉讼|投诉到|消协|消费者协会|12315|法律途径|변호사|소송|고소|법적|소비자원|법원/i;
/** The customer asks for a person: a manager, a supervisor, a human. */
const PERSON =
  /\b(?:speak|talk|chat)(?: to| with) (?:a |an |the |your )?(?:manager|supervisor|human|real person|person in charge|someone in charge|boss)\b|\b(?:manager|supervisor)\b|\breal (?:person|human)\b|\bhuman (?:agent|being)\b|转人工|人工客服|人工服务|找(?:你们)?(?:的)?(?:经理|主管|领导|负责人)|经理|主管|매니저|관리자|상담원(?:과|이랑|을)? ?(?:연결|통화|바꿔)|책임자|사람(?:이랑|과|하고) (?:통화|얘기)/i;
/** A formal complaint. */
const COMPLAINT = /\b(?:file|make|lodge|raise|submit) (?:a |an )?(?:formal |official )?complaint\b|\bcomplain(?:ing)? (?:to|about)\b|投诉|申诉|민원|항의|컴플레인/i;
const REFUND = /\b(?:refund|money back|reimburse\w*|return(?:ed|ing)?|exchange)\b|退款|退货|退钱|换货|환불|반품|교환/i;
const BEYOND =
  /\b(?:months? ago|a year ago|last year|years? ago|(?:after|past|beyond|outside)(?: of)? (?:the )?(?:\d+[- ]day )?(?:return |refund )?(?:window|period|policy|deadline|warranty)|expired|without (?:a |the )?receipt|already used|used it for|opened and used|no receipt|exception)\b|超过.{0,6}(?:天|期限|退货期)|过了.{0,6}(?:天|期|退货)|个月前|去年|没有(?:发票|收据)|已经用了|예외|기간이 지났|지났는데|개월 전|작년|영수증(?:이|을)? 없/i;
const INELIGIBLE =
  /\b(?:not eligible|outside (?:the|our) (?:return|refund) (?:window|period|policy)|beyond (?:the|our) (?:return|refund)? ?policy|cannot be refunded|can't be refunded|no longer eligible)\b|不符合退|超出.{0,4}(?:退货|政策)|无法退款|환불이 불가|반품이 불가|대상이 아닙/i;
const ANGRY_WORDS =
  /\b(?:unacceptable|ridiculous|outrageous|absurd|disgusting|pathetic|furious|scam|scammers?|rip[- ]?off|worst|useless|incompetent|fed up|sick of|waste of (?:my )?(?:time|money)|wtf|damn|shit|fuck\w*|idiots?|stupid|hate you)\b|太差了|垃圾|气死|骗子|岂有此理|什么破|受够了|无语|太过分|愤怒|짜증|화가 나|화나|최악|어이없|말이 안|사기꾼|장난하|열받/i;

function shouting(text: string): boolean {
  if (/[!！]{3,}/.test(text) || (text.match(/[!！]{2,}/g)?.length ?? 0) >= 2) return true;
  const caps = text.match(/\b[A-Z]{3,}\b/g)?.filter((w) => !/\d/.test(w)) ?? [];
  const letters = text.match(/[A-Za-z]/g)?.length ?? 0;
  const upper = text.match(/[A-Z]/g)?.length ?? 0;
  return caps.length >= 3 || (letters >= 20 && upper / letters > 0.7);
}

/** "45 days", "6 weeks", "3个月", "40일": longer than the product's return window (30 days when unknown). */
function longAgo(text: string, windowDays = 30): string | null {
  for (const m of text.matchAll(/(\d{1,4})\s*(days?|weeks?|months?|天|周|个月|일|주|개월)/gi)) {
    const n = Number(m[1]);
    const unit = m[2].toLowerCase();
    const days = /^(?:day|天|일)/.test(unit) ? n : /^(?:week|周|주)/.test(unit) ? n * 7 : n * 30;
    if (days > windowDays) return m[0];
  }
  return null;
}

/** A product's own return window in days from its policy text (0: final sale; null: none stated). */
export function returnWindowDays(policy: string | null | undefined): number | null {
  if (!policy) return null;
  const first = policy.split(/[;；.。]/)[0];
  if (/final sale|cannot be returned|no returns|不退不换|不可退|반품[·・ ]?교환이 불가|반품 불가/i.test(first)) return 0;
  const m = /(\d{1,3})(?:-day|\s*days?|\s*天|\s*일)/i.exec(policy);
  return m ? Number(m[1]) : null;
}

/** The model's own escalation: a line starting "ESCALATE:" (any markdown around it) or escalation wording. */
export function modelEscalation(answer: string): string | null {
  const line = answer.match(/^[\s>*_#-]*ESCALATE\s*[:：]\**\s*(.*)$/im);
  if (line) return line[1].replace(/[*_]+$/g, '').trim() || 'the model advised escalation';
  // Find the wording first, then widen to its sentence: a leading `[^.!?]*` would rescan the answer from
  // every position (quadratic on long answers).
  const m = MODEL_WORDING.exec(answer);
  if (!m) return null;
  let start = m.index;
  while (start > 0 && !SENTENCE_STOP.test(answer[start - 1])) start--;
  let end = m.index + m[0].length;
  while (end < answer.length && !SENTENCE_STOP.test(answer[end])) end++;
  return answer.slice(start, end).trim();
}

const SENTENCE_STOP = /[.!?\n。！？]/;
const MODEL_WORDING =
  /escalat\w+ (?:this |it |the case )?to (?:a |your )?(?:supervisor|manager|team lead)|(?:hand|pass) (?:this |it )?(?:over )?to a supervisor|转交(?:给)?主管|升级(?:给|至)(?:主管|上级)|上报主管|상급자에게|관리자에게 (?:연결|전달|이관)|에스컬레이션/i;

const LABEL: Record<EscalationKind, string> = {
  safety: 'Safety issue reported',
  legal: 'Legal threat',
  person: 'Customer asks for a manager or a person',
  complaint: 'Formal complaint',
  refund: 'Refund or exception beyond policy',
  angry: 'Angry customer',
  model: 'Model advised escalation',
};

/** Escalation from the customer's message and the answer, most serious kind first. */
export function detectEscalation(answer: string, customerMessage = '', opts: { returnWindowDays?: number | null } = {}): Escalation {
  const kinds: EscalationKind[] = [];
  const evidence = new Map<EscalationKind, string>();
  const note = (kind: EscalationKind, found: string | null | undefined): void => {
    if (!found || kinds.includes(kind)) return;
    kinds.push(kind);
    evidence.set(kind, found.trim());
  };
  const c = customerMessage;
  note('safety', c.match(SAFETY)?.[0]);
  note('legal', c.match(LEGAL)?.[0]);
  note('person', c.match(PERSON)?.[0]);
  note('complaint', c.match(COMPLAINT)?.[0]);
  if (REFUND.test(c)) note('refund', c.match(BEYOND)?.[0] ?? longAgo(c, opts.returnWindowDays ?? 30) ?? answer.match(INELIGIBLE)?.[0]);
  note('angry', c.match(ANGRY_WORDS)?.[0] ?? (shouting(c) ? 'shouting' : null));
  const own = modelEscalation(answer);
  if (own) {
    kinds.push('model');
    evidence.set('model', own);
  }
  if (kinds.length === 0) return { needed: false, reason: null, kinds };
  const first = kinds[0];
  const reason = first === 'model' ? `${LABEL.model}: ${evidence.get('model')}` : `${LABEL[first]} ("${evidence.get(first)}")`;
  return { needed: true, reason, kinds };
}
