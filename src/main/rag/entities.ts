// Entities of a message (model codes, product names, brands) and whether it leans on earlier turns.

/** Model codes / SKUs: a token mixing letters and digits, e.g. X1, WH-1000XM5, SKU-4411, A2337, P-100. */
const CODE = /\b(?=[A-Za-z0-9-]*\d)(?=[A-Za-z0-9-]*[A-Za-z])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\b/g;
/** Runs of capitalised words (with optional following code), e.g. "ThinkPad X1 Carbon", "Galaxy Buds". */
const CAPS = /\b[A-Z][A-Za-z0-9]*(?:[ -](?:[A-Z][A-Za-z0-9]*|\d[A-Za-z0-9]*))*\b/g;

/** Capitalised words that are not product names (sentence starts, pronouns, courtesy, weekdays). */
const NOT_NAMES = new Set(
  (
    'I Im Hi Hello Hey Thanks Thank Please Yes No Ok Okay Sure Sorry Dear The A An It Its This That These Those ' +
    'What Whats When Where Which Who Why How Can Could Would Should Will Do Does Did Is Are Was Were Have Has Had ' +
    'If And But Or So Also My Your Our We You They He She Agent Customer Monday Tuesday Wednesday Thursday ' +
    'Friday Saturday Sunday Doc ESCALATE Let Here There Great Good Got Just Not Any Some Ill Id Ive Im'
  ).split(' '),
);

/** Quantities that look like codes but are not products: 16GB, 65W, 5000mAh, 4K, 2nd, 30days. */
const UNIT = /^\d+(?:\.\d+)?(?:gb|tb|mb|kb|w|kw|mah|wh|hz|ghz|mhz|k|h|hrs?|mm|cm|m|km|kg|g|lbs?|in|inch|st|nd|rd|th|days?|pm|am|x|v|a|mp|fps|p)$/i;

function cleanName(raw: string): string | null {
  const words = raw.split(/\s+/).filter((w) => !NOT_NAMES.has(w.replace(/[^A-Za-z]/g, '')));
  const name = words.join(' ').trim();
  if (name.length < 2) return null;
  if (/^(?:USB|HDMI|RAM|SSD|FAQ|OK|USA|EU|UK|PM|AM)$/.test(name)) return null;
  return name;
}

/** Product-like entities of a text, in order of appearance, deduplicated (case-insensitive). */
export function extractEntities(text: string): string[] {
  const found: { at: number; value: string }[] = [];
  for (const m of text.matchAll(CAPS)) {
    const at = m.index ?? 0;
    const name = cleanName(m[0]);
    // A lone ordinary word capitalised only because it starts a sentence ("Return policy for it?") is no name.
    const sentenceStart = /(?:^|[.!?:\n]\s*)$/.test(text.slice(Math.max(0, at - 3), at));
    if (name && !(sentenceStart && /^[A-Z][a-z]+$/.test(name) && m[0].split(/\s+/).length === 1)) {
      found.push({ at, value: name });
    }
  }
  for (const m of text.matchAll(CODE)) if (!UNIT.test(m[0])) found.push({ at: m.index ?? 0, value: m[0] });
  // Quoted names: "…", “…”, 「…」, 《…》.
  for (const m of text.matchAll(/["“「《]([^"”」》\n]{2,60})["”」》]/g)) found.push({ at: m.index ?? 0, value: m[1].trim() });
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const out: string[] = [];
  for (const f of found) {
    const key = f.value.toLowerCase();
    if ([...seen].some((s) => s.includes(key))) continue;
    seen.add(key);
    out.push(f.value);
  }
  return out;
}

const EN_ANAPHORA =
  /\b(?:it|its|it's|itself|this|that|these|those|them|they|one|same)\b|\b(?:this|that|the|these|those)\s+(?:one|model|item|product|laptop|phone|device|unit|thing|order)s?\b/i;
const CJK_ANAPHORA = /它|這|这个|那个|這個|那個|这款|那款|这台|那台|该产品|此产品|同款|그거|이거|저거|그것|이것|저것|그 제품|이 제품|저 제품|그 모델|이 모델/;

/** True when the message refers back to something named earlier ("it", "this one", 它, 这个, 그거, 이거). */
export function isAnaphoric(message: string): boolean {
  return EN_ANAPHORA.test(message) || CJK_ANAPHORA.test(message);
}

/** True for short follow-ups ("and the battery?", "保修呢？", "무게는?") that need earlier context. */
export function isShortQuestion(message: string): boolean {
  const words = message.trim().split(/\s+/).filter(Boolean).length;
  const cjk = message.match(/[\u4e00-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  return cjk > 0 ? cjk <= 10 && words <= 4 : words <= 6;
}
