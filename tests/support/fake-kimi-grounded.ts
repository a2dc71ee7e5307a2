// A deterministic "reader" for the fake Kimi: answers only from the documents in the request's knowledge block
// and cites them, or says the fixed no-information sentence the system prompt asks for. Used by `npm run eval`
// and the eval test (startFakeKimi({ mode: 'grounded' })). Simple on purpose: it finds the product the question
// (or, for a follow-up, the conversation) names, then the one line of that document that answers.

interface Msg {
  role: string;
  content: string;
}

interface Doc {
  n: number;
  id: string;
  name: string;
  body: string;
}

const FALLBACK_NO_INFO: Record<'en' | 'zh' | 'ko', string> = {
  en: "I don't have that information.",
  zh: '我没有这方面的信息。',
  ko: '해당 정보가 없습니다.',
};

function lang(text: string): 'en' | 'zh' | 'ko' {
  if (/[\uac00-\ud7af]/.test(text)) return 'ko';
  if (/[\u4e00-\u9fff]/.test(text)) return 'zh';
  return 'en';
}

/** The fixed sentences the system prompt names, by language (English "…", Chinese "…", Korean "…"). */
function noInfoSentences(system: string): Record<'en' | 'zh' | 'ko', string> {
  const out = { ...FALLBACK_NO_INFO };
  for (const [key, label] of [['en', 'English'], ['zh', 'Chinese'], ['ko', 'Korean']] as const) {
    const m = new RegExp(`${label}: "([^"]+)"`).exec(system);
    if (m) out[key] = m[1];
  }
  return out;
}

function parseDocs(block: string): Doc[] {
  const out: Doc[] = [];
  const parts = block.split(/\[Doc-(\d+)\]\n/);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const body = parts[i + 1];
    const head = /^(?:Product|Policy|Manual|Ticket) (\S+) — (.*)$/m.exec(body);
    out.push({ n: Number(parts[i]), id: head?.[1] ?? '', name: head?.[2] ?? '', body });
  }
  return out;
}

/** Code-like tokens (letters and digits) of a text, upper-cased. */
const codes = (text: string): string[] => (text.match(/[A-Za-z0-9][A-Za-z0-9-]*\d[A-Za-z0-9-]*|[A-Za-z0-9-]*\d[A-Za-z0-9-]*[A-Za-z][A-Za-z0-9-]*/g) ?? [])
  .filter((c) => /[A-Za-z]/.test(c) && /\d/.test(c) && c.length >= 4)
  .map((c) => c.toUpperCase());

function names(doc: Doc, text: string): boolean {
  const t = text.toUpperCase();
  if (doc.id && t.includes(doc.id.toUpperCase())) return true;
  const nameCodes = codes(doc.name);
  if (nameCodes.some((c) => t.includes(c))) return true;
  const idParts = doc.id.split('-').filter((p) => /\d/.test(p) && /[A-Z]/i.test(p) && p.length >= 4);
  return idParts.some((p) => t.includes(p.toUpperCase()));
}

const OWN = /\b(?:bought|purchased|ordered|my)\b|买了|我买的|购买|제가 산|샀|구매한|구입한/i;

function target(docs: Doc[], question: string, history: Msg[]): Doc | null | 'unknown' {
  const named = docs.filter((d) => names(d, question));
  if (named.length > 0) return named[0];
  const qCodes = codes(question);
  if (qCodes.length > 0 && !docs.some((d) => qCodes.some((c) => d.body.toUpperCase().includes(c)))) return 'unknown';
  // A follow-up: the product the customer owns when the question is about theirs, else the latest one named.
  const users = history.filter((m) => m.role === 'user');
  if (OWN.test(question) || /return|refund|opened|退|반품|환불|개봉/i.test(question)) {
    for (const m of users) if (OWN.test(m.content)) {
      const d = docs.find((x) => names(x, m.content));
      if (d) return d;
    }
  }
  for (let i = history.length - 1; i >= 0; i--) {
    const d = docs.find((x) => names(x, history[i].content));
    if (d) return d;
  }
  return docs.find((d) => d.id !== '') ?? null;
}

const STOCK = /in stock|available|availability|有货|库存|재고/i;
const RETURN = /return|refund|exchange|退货|退款|退|반품|환불|교환/i;

function answerLine(doc: Doc, question: string): string | null {
  const lines = doc.body.split('\n');
  if (STOCK.test(question)) return lines.find((l) => l.startsWith('Stock:')) ?? null;
  if (RETURN.test(question)) return lines.find((l) => l.startsWith('Return policy:')) ?? null;
  const q = question.toLowerCase();
  const specs = lines.filter((l) => l.startsWith('- ') && l.includes(': '));
  const hit = specs.find((l) => {
    const key = l.slice(2, l.indexOf(': ')).toLowerCase();
    return key.length >= 2 && q.includes(key);
  });
  return hit ? hit.slice(2) : null;
}

/** The grounded answer for a recorded chat request body. */
export function groundedAnswer(body: unknown): string {
  const msgs: Msg[] = Array.isArray((body as { messages?: unknown })?.messages) ? ((body as { messages: Msg[] }).messages) : [];
  const system = msgs[0]?.role === 'system' ? msgs[0].content : '';
  const kbIndex = msgs.findIndex((m, i) => i > 0 && m.role === 'system' && m.content.includes('[Doc-'));
  const docs = kbIndex >= 0 ? parseDocs(msgs[kbIndex].content) : [];
  const lastUser = [...msgs].reverse().find((m) => m.role === 'user')?.content ?? '';
  const history = msgs.filter((m, i) => i > 0 && i !== kbIndex && m.role !== 'system').slice(0, -1);
  const noInfo = noInfoSentences(system)[lang(lastUser)];
  const doc = target(docs, lastUser, history);
  if (doc === null || doc === 'unknown') return noInfo;
  const line = answerLine(doc, lastUser);
  return line ? `${line} [Doc-${doc.n}]` : noInfo;
}
