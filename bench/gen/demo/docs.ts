// Store-wide documents of the demo catalog: policies (incl. Chinese and Korean return policies), a general
// manual and two resolved tickets. Lines have doc_id, title, body, kind.
export interface DemoDoc {
  doc_id: string;
  title: string;
  body: string;
  kind: 'policy' | 'manual' | 'ticket';
}

const p = (...paragraphs: string[]): string => paragraphs.join('\n\n');

export const DEMO_DOCS: readonly DemoDoc[] = [
  {
    doc_id: 'POL-RETURNS', kind: 'policy', title: 'Return and refund policy',
    body: p(
      'Standard window. Most items can be returned within 30 days of delivery for a full refund to the original payment method. Items must be complete, with accessories and manuals; unopened items need no reason.',
      'Opened items. Opened electronics are accepted within 15 days; laptops, tablets and cameras carry a 15% restocking fee unless faulty. Opened earbuds and coffee machines that have been used are accepted only if faulty (hygiene). Product pages may state a different window; the product page wins when it is more generous.',
      'Final sale. Clearance items marked "final sale" cannot be returned, but the manufacturer warranty still applies.',
      'Refunds. Refunds are issued within 5 business days after the return is received and inspected; the bank may take another 3–5 days. Original shipping is refunded only for faulty or wrong items.',
      'Exceptions. Agents may not promise refunds, fee waivers or returns outside this policy. Any refund beyond policy needs a supervisor\'s approval: escalate the case with the order number and the reason before replying to the customer.',
    ),
  },
  {
    doc_id: 'POL-WARRANTY', kind: 'policy', title: 'Warranty policy',
    body: p(
      'Every product carries at least the manufacturer warranty stated on its product page (1 year unless stated otherwise). Within the first 30 days, a faulty item is replaced or refunded by us directly.',
      'After 30 days, we handle the claim with the manufacturer: the customer gives the order number, describes the fault, and we arrange collection or send a prepaid label. Depot warranties (e.g. ThinkPad laptops) mean the product is repaired at the service centre, typically in 5–7 business days.',
      'Not covered: accidental damage, liquid damage, limescale in coffee machines, cosmetic wear, and batteries after 1 year (batteries are consumables even when the product has a longer warranty). Extended protection plans bought at checkout cover accidental damage.',
    ),
  },
  {
    doc_id: 'POL-SHIPPING', kind: 'policy', title: 'Shipping and delivery',
    body: p(
      'Orders placed before 2 pm (local time) on business days ship the same day. Standard delivery takes 2–5 business days and is free over $35; express (1–2 days) costs $14.99.',
      'Large appliances (washers, fridges, TVs over 65") are delivered by a two-person team on a booked day, including unpacking and removal of packaging; installation and haul-away of the old appliance can be added at checkout.',
      'Pre-orders are charged when they ship. If a delivery is late by more than 3 business days after the promised date, the customer may cancel for a full refund or receive the shipping fee back.',
    ),
  },
  {
    doc_id: 'POL-PRICE-MATCH', kind: 'policy', title: 'Price match',
    body: p(
      'We match the price of an identical item (same model, colour and capacity) sold new and in stock by a major national retailer, before or within 14 days after purchase.',
      'Excluded: marketplace sellers, clearance, open-box, bundles, membership-only and flash-sale prices. Only one price match per item. The agent checks the competitor link and applies the difference as a refund to the original payment method.',
    ),
  },
  {
    doc_id: 'POL-HOLIDAY-RETURNS', kind: 'policy', title: 'Holiday returns extension',
    body: p(
      'Items bought between November 1 and December 31 can be returned until January 31 of the following year, whichever is later than the normal return window.',
      'The extension applies to the return window only: restocking fees, final-sale exclusions and hygiene rules still apply. Gift receipts allow a refund as store credit to the gift recipient.',
    ),
  },
  {
    doc_id: 'POL-PRIVACY', kind: 'policy', title: 'Privacy and customer data',
    body: p(
      'Verify the customer before discussing an order: ask for the order number plus the email address or postcode on the order. Never read out full payment card numbers, passwords or one-time codes, and never ask for them.',
      'Customers can request a copy or deletion of their data; log the request and pass it to the privacy team, who answer within 30 days. Do not paste customer personal data into external tools.',
    ),
  },
  {
    doc_id: 'POL-ESCALATION', kind: 'policy', title: 'Escalation policy',
    body: p(
      'Escalate to a supervisor immediately, and do not attempt to resolve alone, when: the customer threatens legal action or mentions a lawyer; there is a safety issue (smoke, fire, burns, electric shock, swelling batteries, injury); a refund or compensation over $500 is requested; or a refund beyond policy is requested.',
      'For safety issues, tell the customer to stop using and unplug the product, and do not ask them to ship a damaged lithium battery. For press or social-media complaints, escalate to the communications team.',
      'When escalating, summarise the case in the ticket (order number, product, what was promised) and tell the customer a supervisor will reply within one business day.',
    ),
  },
  {
    doc_id: 'POL-RETURNS-ZH', kind: 'policy', title: '退货与退款政策',
    body: p(
      '大多数商品自签收之日起 30 天内可退货并全额退款，退回原支付方式。商品须配件齐全；未拆封商品无需说明理由。',
      '已拆封的电子产品 15 天内可退；笔记本电脑、平板和相机如非质量问题收取 15% 重新上架费。已使用的入耳式耳机和咖啡机出于卫生原因仅在故障时可退。',
      '清仓“不退不换”商品不可退货，但仍享受厂家保修。退款在收货检验后 5 个工作日内处理。超出政策范围的退款须经主管批准。',
    ),
  },
  {
    doc_id: 'POL-RETURNS-KO', kind: 'policy', title: '반품 및 환불 정책',
    body: p(
      '대부분의 상품은 수령 후 30일 이내에 반품하면 원래 결제 수단으로 전액 환불됩니다. 구성품이 모두 있어야 하며 미개봉 상품은 사유가 필요 없습니다.',
      '개봉한 전자제품은 15일 이내 반품 가능하며 노트북, 태블릿, 카메라는 불량이 아닌 경우 15% 재입고 수수료가 부과됩니다. 사용한 이어버드와 커피 머신은 위생상 불량일 때만 반품됩니다.',
      '최종 할인(반품 불가) 상품은 반품할 수 없지만 제조사 보증은 적용됩니다. 환불은 반품 검수 후 영업일 기준 5일 이내 처리되며, 정책을 벗어난 환불은 관리자 승인이 필요합니다.',
    ),
  },
  {
    doc_id: 'MAN-BLUETOOTH', kind: 'manual', title: 'Troubleshooting Bluetooth pairing (headphones, speakers, mice, keyboards)',
    body: p(
      'Put the device in pairing mode (usually hold the power or Bluetooth button for 5–7 seconds until the light flashes blue). On the computer or phone, remove any old entry for the device before pairing again.',
      'If it pairs but drops out: keep within 10 m, move away from USB 3 hubs and microwaves, and update the device firmware from the manufacturer app. For mice and keyboards, a USB receiver (Logi Bolt, 2.4 GHz dongle) is more stable than Bluetooth in busy offices.',
      'Multipoint headphones connect to two sources at once; if audio plays from the wrong one, pause the other source. A factory reset (see the product manual) clears all pairings.',
    ),
  },
  {
    doc_id: 'TKT-10482', kind: 'ticket', title: 'Resolved: X1 Carbon restocking fee waived after dead pixel',
    body: p(
      'Customer returned an opened ThinkPad X1 Carbon Gen 12 (LP-TP-X1C-2024) on day 9 citing a bright pixel. Inspection confirmed the defect, so it counted as faulty: no 15% restocking fee, full refund of $1,899 issued.',
      'Note: because the refund exceeded $500 the agent escalated to a supervisor, who approved it within the same day.',
    ),
  },
  {
    doc_id: 'TKT-10517', kind: 'ticket', title: 'Resolved: MX Master 3S not pairing with Unifying receiver',
    body: p(
      'Customer tried to use an old Unifying receiver with the MX Master 3S (ACC-MSE-WL-001). The 3S only supports Logi Bolt and Bluetooth. Agent explained the difference; customer paired over Bluetooth and kept the mouse. No return needed.',
    ),
  },
];
