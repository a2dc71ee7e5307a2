// Vocabulary of offline answers: intents, spec concepts across EN/ZH/KO, and the localised labels.
import { OFFLINE_HEADERS } from '../../shared/offline-label';
import type { Lang } from './language';

export type Intent = 'return' | 'availability' | 'price' | 'warranty' | 'specs';

export const INTENTS: Record<Exclude<Intent, 'specs'>, RegExp> = {
  return: /\b(?:return(?:s|ed|ing)?|refund\w*|exchange\w*|send (?:it |this |them )?back|money back)\b|退货|退款|换货|退换|退回|반품|환불|교환/i,
  availability:
    /\b(?:in stock|stock|available|availability|deliver\w*|ship(?:s|ping|ped)?|back ?order\w*|sold out|out of stock|when can i get)\b|有货|有現貨|库存|現貨|现货|缺货|发货|送达|配送|到货|재고|구매 가능|배송|입고|품절/i,
  price: /\b(?:price\w*|cost\w*|how much|cheap\w*|expensive|discount\w*)\b|\$|价格|多少钱|价钱|售价|가격|얼마(?!나)|비용/i,
  warranty: /\b(?:warrant\w*|guarantee\w*|repair\w*)\b|保修|质保|保固|维修|보증|수리|워런티/i,
};

/** Delivery questions (a sub-case of availability answered from shipping policies too). */
export const DELIVERY = /\b(?:deliver\w*|ship(?:s|ping|ped)?)\b|配送|发货|送达|到货|배송/i;

/** Spec concepts: any variant in the question selects every variant for matching spec keys, values and FAQs. */
export const CONCEPTS: readonly (readonly string[])[] = [
  ['battery', 'battery life', '电池', '续航', '배터리'],
  ['weight', 'weigh', 'heavy', 'light', '重量', '多重', '무게', '가벼'],
  ['screen', 'display', 'monitor', '屏幕', '显示', '화면', '디스플레이'],
  ['size', 'dimension', 'dimensions', '尺寸', '大小', '크기', '사이즈'],
  ['color', 'colour', '颜色', '색상', '색깔'],
  ['memory', 'ram', '内存', '메모리'],
  ['storage', 'ssd', 'disk', '存储', '硬盘', '저장', '용량'],
  ['processor', 'cpu', 'chip', '处理器', '프로세서'],
  ['charging', 'charge', 'charger', 'adapter', '充电', '충전'],
  ['waterproof', 'water resistance', 'water', 'ip68', 'ip67', '防水', '방수'],
  ['warranty', '保修', '质保', '보증'],
  ['noise cancelling', 'noise canceling', 'anc', 'noise', '降噪', '노이즈'],
  ['camera', '摄像头', '相机', '카메라'],
  ['bluetooth', '蓝牙', '블루투스'],
  ['wifi', 'wi-fi', 'wireless', '无线', '무선'],
  ['resolution', '分辨率', '해상도'],
  ['material', '材质', '材料', '소재'],
  ['compatible', 'compatibility', '兼容', '호환'],
  ['power', 'wattage', 'watt', '功率', '전력'],
  ['capacity', '容量'],
  ['ports', 'port', 'usb', 'hdmi', '接口', '端口', '포트'],
  ['speed', 'fast', '速度', '속도'],
];

export const STOPWORDS = new Set(
  (
    'what which does have with this that the and for how long much many are can will about your you there its ' +
    'know tell please any some last does did has could would should from into when where who why get got want ' +
    'need like just also more than then them they their its one ones model product item thing'
  ).split(' '),
);

export interface Labels {
  header: string;
  noFit: string;
  /** Said instead of noFit when the customer's message calls for a supervisor. */
  escalate: string;
  returnPolicy: string;
  stock: string;
  asOf: string;
  price: string;
  faq: string;
}

export const LABELS: Record<Lang, Labels> = {
  en: {
    header: OFFLINE_HEADERS.en,
    noFit: 'None of the retrieved catalog documents answers this question, so I will not guess.',
    escalate: 'The customer asks for something the catalog cannot settle — hand over to a supervisor.',
    returnPolicy: 'Return policy',
    stock: 'Stock',
    asOf: 'as of',
    price: 'Price',
    faq: 'FAQ',
  },
  zh: {
    header: OFFLINE_HEADERS.zh,
    noFit: '检索到的商品目录文档都无法回答这个问题，因此不作猜测。',
    escalate: '客户的诉求无法由商品目录解决——请转交主管处理。',
    returnPolicy: '退货政策',
    stock: '库存',
    asOf: '更新于',
    price: '价格',
    faq: '常见问题',
  },
  ko: {
    header: OFFLINE_HEADERS.ko,
    noFit: '검색된 카탈로그 문서 중 이 질문에 답하는 문서가 없어 추측하지 않습니다.',
    escalate: '고객의 요청은 카탈로그로 해결할 수 없습니다 — 상급자에게 이관하세요.',
    returnPolicy: '반품 정책',
    stock: '재고',
    asOf: '기준',
    price: '가격',
    faq: '자주 묻는 질문',
  },
};
