// Return policy variants and store-wide FAQs shared by every category.
import { int, pick } from '../rng';
import { t, type FaqDef, type Tri } from './types';

export const RETURN_POLICIES: readonly Tri[] = [
  t('30-day return window for unopened items; opened items can be returned within 15 days with a 15% restocking fee.',
    '未拆封商品 30 天内可退货；已拆封商品 15 天内可退，收取 15% 重新上架费。',
    '미개봉 상품은 30일 이내 반품 가능하며, 개봉 상품은 15일 이내 15% 재입고 수수료 후 반품됩니다.'),
  t('Returns accepted within 30 days in original packaging; free return shipping.',
    '原包装完好 30 天内可退货，免退货运费。', '원래 포장 상태로 30일 이내 반품 가능하며 반품 배송비는 무료입니다.'),
  t('14-day return window; opened-box returns carry a 10% fee unless the item is faulty.',
    '14 天内可退货；已拆封退货收取 10% 费用，质量问题除外。', '14일 이내 반품 가능하며 개봉 상품은 불량이 아니면 10% 수수료가 부과됩니다.'),
  t('Final sale: this clearance item cannot be returned or exchanged; the manufacturer warranty still applies.',
    '清仓商品，售出不退不换；仍享受厂家保修。', '최종 할인 상품으로 반품·교환이 불가하며 제조사 보증은 유효합니다.'),
  t('Covered by a 1-year manufacturer warranty; returns within 30 days for a full refund if unused.',
    '享 1 年厂家保修；未使用商品 30 天内可全额退款。', '제조사 1년 보증이 적용되며 미사용 시 30일 이내 전액 환불됩니다.'),
  t('60-day satisfaction guarantee: return for any reason within 60 days, even if used.',
    '60 天满意保证：60 天内可无理由退货，使用过也可以。', '60일 만족 보장: 사용했더라도 60일 이내 사유 없이 반품됩니다.'),
  t('Large appliance: returns within 14 days must be booked for collection; a $79 collection fee applies unless faulty.',
    '大家电 14 天内可预约上门取件退货，非质量问题收取 79 元取件费。', '대형 가전은 14일 이내 회수를 예약해야 하며 불량이 아니면 79,000원 회수비가 부과됩니다.'),
  t('Apparel: free returns and exchanges within 30 days with tags attached; underwear and swimwear are final sale.',
    '服装吊牌完好 30 天内免费退换；内衣与泳装不退不换。', '의류는 택 부착 시 30일 이내 무료 반품·교환되며 속옷·수영복은 반품 불가입니다.'),
];

const DELIVERY: FaqDef = (lang, _s, r) => {
  const d = int(r, 1, 5);
  return t(`Orders placed before 2 pm ship the same day; standard delivery takes ${d}–${d + 2} business days.`,
    `下午 2 点前下单当天发货，标准配送 ${d}–${d + 2} 个工作日送达。`,
    `오후 2시 전 주문은 당일 출고되며 일반 배송은 영업일 기준 ${d}~${d + 2}일 걸립니다.`)[lang];
};
const WARRANTY_CLAIM: FaqDef = (lang) =>
  t('Warranty claims are handled by us, not the manufacturer: keep the order number and we arrange collection.',
    '保修由本店统一受理，无需联系厂家：提供订单号即可安排取件。',
    '보증 접수는 제조사가 아닌 저희가 처리합니다. 주문번호만 있으면 회수를 접수해 드립니다.')[lang];
const INVOICE: FaqDef = (lang) =>
  t('A VAT invoice is emailed when the order ships and can be re-downloaded from your account page.',
    '发货时电子发票会发送到邮箱，也可在账户页面重新下载。',
    '출고 시 세금계산서가 이메일로 발송되며 계정 페이지에서 다시 받을 수 있습니다.')[lang];
const PRICE_MATCH: FaqDef = (lang, _s, r) => {
  const d = pick(r, [7, 14]);
  return t(`We match a lower price from a major retailer within ${d} days of purchase; contact support with the link.`,
    `购买后 ${d} 天内如主流商城价格更低，可联系客服提供链接申请价保。`,
    `구매 후 ${d}일 이내 주요 쇼핑몰 최저가가 있으면 링크와 함께 고객센터로 문의하세요.`)[lang];
};

/** FAQs any product may carry, used after the category FAQs (and for padding short products). */
export const GENERIC_FAQS: readonly FaqDef[] = [DELIVERY, WARRANTY_CLAIM, INVOICE, PRICE_MATCH];

const GENERAL = RETURN_POLICIES.slice(0, 6);
const LARGE_APPLIANCE = [RETURN_POLICIES[0], RETURN_POLICIES[3], RETURN_POLICIES[4], RETURN_POLICIES[6]];
const APPAREL = [RETURN_POLICIES[1], RETURN_POLICIES[3], RETURN_POLICIES[5], RETURN_POLICIES[7], RETURN_POLICIES[7]];

/** The return policies that make sense for a category (no apparel tag rules on a fridge). */
export function policiesFor(categoryId: string): readonly Tri[] {
  if (categoryId === 'washers' || categoryId === 'fridges' || categoryId === 'tvs') return LARGE_APPLIANCE;
  if (categoryId === 'jackets' || categoryId === 'shoes') return APPAREL;
  return GENERAL;
}
