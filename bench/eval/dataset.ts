// The labelled question set of `npm run eval`: deterministic, generated with the bench generator over a catalog
// of the first `catalogSize` products of EVAL_SEED. Every item names its gold product (or none), the fact an
// answer must contain, whether "no information" is the right answer, and whether the agent must escalate.
import { describeProduct, type ProductParts } from '../gen/products';
import { pick, rngFor, type Rng } from '../gen/rng';
import { zhJoin } from '../gen/queries';

export const EVAL_SEED = 11;
export type EvalLang = 'en' | 'zh' | 'ko';
export type EvalKind = 'specs' | 'stock' | 'returns' | 'sku' | 'followup' | 'multi-turn' | 'unanswerable' | 'escalation';
export const EVAL_KINDS: readonly EvalKind[] = ['specs', 'stock', 'returns', 'sku', 'followup', 'multi-turn', 'unanswerable', 'escalation'];
export const EVAL_LANGS: readonly EvalLang[] = ['en', 'zh', 'ko'];

export interface EvalItem {
  id: string;
  kind: EvalKind;
  lang: EvalLang;
  /** Earlier customer messages of the conversation (each answered by the engine before the question). */
  before: string[];
  question: string;
  /** product_id the answer is about (null: none in the catalog). */
  gold: string | null;
  /** A string a right answer contains (a spec value, the stock status, the return policy). */
  fact: string | null;
  noInformation: boolean;
  escalate: boolean;
  /** A product the conversation mentions that is NOT the answer (multi-turn). */
  distractor?: string;
}

const LANG_OF = ['en', 'zh', 'ko'] as const;

function productsByLang(n: number): Record<EvalLang, ProductParts[]> {
  const out: Record<EvalLang, ProductParts[]> = { en: [], zh: [], ko: [] };
  for (let i = 0; i < n; i++) {
    const p = describeProduct(i, EVAL_SEED);
    out[LANG_OF[p.lang]].push(p);
  }
  return out;
}

const short = (p: ProductParts): string => `${p.brand} ${p.series} ${p.modelCode}`;

/** A textual spec whose key is at least 2 characters and whose value is not a bare number. */
function spec(r: Rng, p: ProductParts): readonly [string, string] {
  const good = p.specs.filter(([k, v]) => k.length >= 2 && String(v).length >= 2);
  const [k, v] = pick(r, good.length > 0 ? good : p.specs);
  return [k, String(v)];
}

/** The product's own return window in days (0: final sale), from its policy text. */
export function returnWindowDays(policy: string): number {
  if (/final sale|cannot be returned|不退不换|반품·교환이 불가/i.test(policy) && !/30|14|60/.test(policy.split(/[;；:]/)[0])) return 0;
  const m = /(\d+)(?:-day| days|\s*天|일)/.exec(policy);
  return m ? Number(m[1]) : 30;
}

const ABSENT: Record<EvalLang, readonly string[]> = {
  en: ['satellite messaging', 'a built-in projector', 'Dolby Vision IQ calibration', 'a built-in coffee grinder', 'a lifetime ink subscription'],
  zh: ['卫星通话', '内置投影仪', '内置咖啡研磨器', '杜比视界校准', '终身墨水订阅'],
  ko: ['위성 통화', '내장 프로젝터', '내장 커피 그라인더', '돌비 비전 보정', '평생 잉크 구독'],
};

function questionFor(kind: EvalKind, lang: EvalLang, r: Rng, p: ProductParts, q: ProductParts, k: number): Omit<EvalItem, 'id' | 'kind' | 'lang'> {
  const base = { gold: p.raw.product_id, noInformation: false, escalate: false, before: [] as string[] };
  switch (kind) {
    case 'specs': {
      const [key, value] = spec(r, p);
      const question = lang === 'en' ? `What is the ${key.toLowerCase()} of the ${short(p)}?` : lang === 'zh' ? zhJoin(p.brand, p.series, p.modelCode, `的${key}是多少？`) : `${short(p)} ${key} 알려주세요`;
      return { ...base, question, fact: value };
    }
    case 'stock': {
      const question = lang === 'en' ? `Is the ${p.brand} ${p.modelCode} in stock?` : lang === 'zh' ? zhJoin(p.brand, p.modelCode, '有货吗？') : `${p.brand} ${p.modelCode} 재고 있나요?`;
      return { ...base, question, fact: p.raw.stock_status };
    }
    case 'returns': {
      const question =
        lang === 'en' ? `What is the return policy for the ${p.raw.product_name}?` : lang === 'zh' ? zhJoin(p.raw.product_name, '的退货政策是什么？') : `${p.raw.product_name} 반품 규정이 어떻게 되나요?`;
      return { ...base, question, fact: p.raw.return_policy_excerpt };
    }
    case 'sku': {
      const frag = pick(r, [p.raw.product_id, p.skuCode, `${p.brandCode}-${p.skuCode}`]);
      const question = lang === 'en' ? `Is ${frag} in stock?` : lang === 'zh' ? zhJoin(frag, '有货吗') : `${frag} 재고 있나요`;
      return { ...base, question, fact: p.raw.stock_status };
    }
    case 'followup': {
      const [key, value] = spec(r, p);
      const first = lang === 'en' ? `Is the ${short(p)} ${p.noun.toLowerCase()} in stock?` : lang === 'zh' ? zhJoin(short(p), p.noun, '有货吗？') : `${short(p)} ${p.noun} 재고 있나요?`;
      const question =
        lang === 'en'
          ? pick(r, [`What is the ${key.toLowerCase()} of it?`, `And the ${key.toLowerCase()} of this one?`])
          : lang === 'zh'
            ? pick(r, [`它的${key}是多少？`, `这款的${key}呢？`])
            : pick(r, [`이 제품 ${key}는 뭐예요?`, `그거 ${key} 알려주세요`]);
      return { ...base, before: [first], question, fact: value };
    }
    case 'multi-turn': {
      const bought = lang === 'en' ? `I bought the ${p.raw.product_name} last week.` : lang === 'zh' ? zhJoin('我上周买了', p.raw.product_name, '。') : `지난주에 ${p.raw.product_name} 샀어요.`;
      const mention = lang === 'en' ? `My colleague is asking about the ${q.brand} ${q.modelCode}: is it in stock?` : lang === 'zh' ? zhJoin('我同事问', q.brand, q.modelCode, '有货吗？') : `동료가 ${q.brand} ${q.modelCode} 재고가 있는지 물어보네요.`;
      const question =
        lang === 'en'
          ? pick(r, ['What is the return policy for it if I already opened the box?', 'Can I still return the one I bought? I already opened the box.'])
          : lang === 'zh'
            ? pick(r, ['我买的那个已经拆封了，退货政策是什么？', '我买的这个拆封了还能退货吗？'])
            : pick(r, ['제가 산 그 제품은 이미 개봉했는데 반품 규정이 어떻게 되나요?', '제가 산 거 개봉했는데 반품 되나요?']);
      return { ...base, before: [bought, mention], question, fact: p.raw.return_policy_excerpt, distractor: q.raw.product_id };
    }
    case 'unanswerable': {
      if (k % 2 === 0) {
        const absent = pick(r, ABSENT[lang]);
        const question = lang === 'en' ? `Does the ${short(p)} support ${absent}?` : lang === 'zh' ? zhJoin(short(p), `支持${absent}吗？`) : `${short(p)} ${absent} 지원하나요?`;
        return { ...base, question, fact: null, noInformation: true };
      }
      const fake = `Q${(9000 + k * 37).toString(36).toUpperCase()}Z${k % 10}`;
      const brand = pick(r, ['Zentrix', 'Morvane', 'Quilbo', 'Tessaly']);
      const question =
        lang === 'en' ? `What is the battery life of the ${brand} ${fake}?` : lang === 'zh' ? zhJoin(brand, fake, '的电池续航多久？') : `${brand} ${fake} 배터리 얼마나 가나요?`;
      return { ...base, gold: null, question, fact: null, noInformation: true };
    }
    case 'escalation': {
      const window = returnWindowDays(p.raw.return_policy_excerpt);
      const late = window + 20 + (k % 5) * 10;
      const forms: Record<EvalLang, string[]> = {
        en: [
          `I want to speak to a manager about my ${short(p)}.`,
          `Can I talk to a real person? The ${short(p)} still doesn't work.`,
          `I want to file a complaint about the ${short(p)}.`,
          `If the ${short(p)} isn't replaced I'll take legal action.`,
          `I bought the ${short(p)} ${late} days ago and I want a refund.`,
        ],
        zh: [
          zhJoin('我要找你们经理，', short(p), '的问题一直没解决。'),
          zhJoin('请帮我转人工，', short(p), '还是不能用。'),
          zhJoin('我要投诉', short(p), '。'),
          zhJoin(short(p), '再不给换我就起诉你们。'),
          zhJoin('我', `${late}天前买的`, short(p), '，我要退款。'),
        ],
        ko: [
          `${short(p)} 문제로 매니저와 통화하고 싶어요.`,
          `상담원 연결해 주세요. ${short(p)} 아직도 안 돼요.`,
          `${short(p)} 때문에 민원을 넣겠습니다.`,
          `${short(p)} 교환 안 해주시면 소송하겠습니다.`,
          `${short(p)} ${late}일 전에 샀는데 환불해 주세요.`,
        ],
      };
      return { ...base, question: forms[lang][k % 5], fact: null, escalate: true };
    }
  }
}

/** Per kind and language; ~8 kinds × 3 languages × perCell items (≥ 300 at the default 15). */
export function evalItems(catalogSize = 3000, perCell = 15): EvalItem[] {
  const pools = productsByLang(catalogSize);
  const items: EvalItem[] = [];
  for (const kind of EVAL_KINDS) {
    for (const lang of EVAL_LANGS) {
      const pool = pools[lang];
      for (let k = 0; k < perCell; k++) {
        const r = rngFor(EVAL_SEED, items.length, 0x65766c);
        const p = pool[Math.floor(r() * pool.length)];
        let q = pool[Math.floor(r() * pool.length)];
        if (q.index === p.index) q = pool[(pool.indexOf(p) + 1) % pool.length];
        items.push({ id: `${kind}-${lang}-${k}`, kind, lang, ...questionFor(kind, lang, r, p, q, k) });
      }
    }
  }
  return items;
}

/** The catalog rows of the eval (the first catalogSize products of EVAL_SEED). */
export function* evalCatalog(catalogSize = 3000): Generator<ReturnType<typeof describeProduct>['raw']> {
  for (let i = 0; i < catalogSize; i++) yield describeProduct(i, EVAL_SEED).raw;
}
