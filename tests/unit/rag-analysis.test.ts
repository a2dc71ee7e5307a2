import { describe, expect, it } from 'vitest';
import { analyseAnswer, citedNumbers, noInfoPrefilter, saysNoInformation } from '../../src/main/rag/analysis';
import { detectEscalation, modelEscalation, returnWindowDays } from '../../src/main/rag/escalation';
import { NO_INFO_SENTENCES, systemPrompt } from '../../src/main/rag/prompt';

const SENT = [
  { n: 1, productId: 'LAP-X1', name: 'ThinkPad X1' },
  { n: 2, productId: 'POL-RET', name: 'Return policy' },
  { n: 3, productId: 'PH-S24', name: 'Galaxy S24' },
];

describe('citations', () => {
  it('reads every citation form', () => {
    expect(citedNumbers('a [Doc-1] b [Doc 2] c [doc-3] d [DOC_4]')).toEqual([1, 2, 3, 4]);
    expect(citedNumbers('x [Doc-1, Doc-2] y [Doc-3][Doc-1] z 【Doc-2】 w 【Doc-1，Doc-3】 v [Doc-1, 2]')).toEqual([1, 2, 3, 1, 2, 1, 3, 1, 2]);
    expect(citedNumbers('no marker here: Doc 1, [1], [Document]')).toEqual([]);
  });

  it('maps citations to product ids, distinct in order of first appearance, and flags documents not sent', () => {
    const a = analyseAnswer('Returns within 30 days [Doc-2]. The X1 weighs 1.1 kg [Doc-1][Doc-2]. Also [Doc-7] and [Doc-7].', SENT);
    expect(a.citations).toEqual([
      { n: 2, productId: 'POL-RET', name: 'Return policy' },
      { n: 1, productId: 'LAP-X1', name: 'ThinkPad X1' },
    ]);
    expect(a.unsupportedCitations).toEqual([7]);
    expect(a.noInformation).toBe(false);
    expect(a.escalation.needed).toBe(false);
  });
});

describe('no information', () => {
  it('detects exactly the fixed sentence the system prompt asks for, in each language', () => {
    for (const t of ["I don't have that information.", 'I don’t have that information', '我没有这方面的信息。', '해당 정보가 없습니다.', '죄송합니다. 해당 정보가 없습니다.']) {
      expect(analyseAnswer(t, SENT).noInformation, t).toBe(true);
    }
    // paraphrases are not the fixed sentence: the prompt asks for it exactly, so detection does not guess
    for (const t of ['The documents do not mention the colour options.', '抱歉，文档中没有提到保修期。', '문서에는 나와 있지 않습니다.']) {
      expect(analyseAnswer(t, SENT).noInformation, t).toBe(false);
    }
  });

  it('the quick check before squashing the answer never changes the result (case, spaces, quotes, U+0130, fuzz)', () => {
    // The reference: what saysNoInformation did before the quick check (squash every answer).
    const squash = (t: string): string => t.toLowerCase().replace(/[’‘]/g, "'").replace(/[\s.。!！]+/g, ' ').trim();
    const sentences = Object.values(NO_INFO_SENTENCES).map(squash);
    const reference = (text: string): boolean => {
      const t = squash(text);
      return t !== '' && sentences.some((s) => t === s || t.startsWith(`${s} `) || t.endsWith(` ${s}`) || t.includes(` ${s} `));
    };
    expect(noInfoPrefilter()).toBe(true);
    const fixed = [
      "I DON'T HAVE THAT INFORMATION!",
      "i\tdon’t\n\nhave  that INFORMATION。",
      "Sorry!! I don't have that InFoRmAtIoN... [Doc-1]",
      "I don't have that İnformation.",
      "I don't have that informatİon.",
      '我没有这方面的信息！',
      '해당\n정보가   없습니다!',
      "I don't have that info.",
      '',
      ' . ',
    ];
    for (const t of fixed) expect(saysNoInformation(t), t).toBe(reference(t));
    expect(saysNoInformation("I DON'T HAVE THAT INFORMATION!")).toBe(true);
    const bits = ["I don't have that information.", '我没有这方面的信息。', '해당 정보가 없습니다.', 'I', 'İ', 'ı', 'K', 'INFORMATION', 'nformation', '’', ' ', '\n', '.', '!', '！', '。', 'x', '[Doc-1]', '信息', '없습니다', 'have that'];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed % n;
    };
    let positives = 0;
    for (let k = 0; k < 3_000; k++) {
      let t = '';
      for (let j = rnd(6); j >= 0; j--) t += bits[rnd(bits.length)]!;
      const want = reference(t);
      if (want) positives++;
      expect(saysNoInformation(t), JSON.stringify(t)).toBe(want);
    }
    expect(positives).toBeGreaterThan(100);
  });

  it('the system prompt names the fixed sentence of every language', () => {
    const prompt = systemPrompt();
    for (const s of Object.values(NO_INFO_SENTENCES)) expect(prompt).toContain(`"${s}"`);
  });

  it('is false for a grounded answer, even one that lacks one detail', () => {
    expect(analyseAnswer('The battery lasts 15 hours [Doc-1].', SENT).noInformation).toBe(false);
    expect(analyseAnswer("Returns take 30 days [Doc-2]. I don't have that information for the charger.", SENT).noInformation).toBe(false);
  });
});

describe('escalation', () => {
  const cases: [string, string, string][] = [
    ['My laptop started smoking and burned my hand!', '', 'safety'],
    ['充电的时候冒烟了', '', 'safety'],
    ['충전 중에 연기가 났어요', '', 'safety'],
    ['If you do not fix this I will contact my lawyer.', '', 'legal'],
    ['I will file a chargeback with my bank.', '', 'legal'],
    ['不解决我就起诉你们', '', 'legal'],
    ['변호사와 상담하겠습니다', '', 'legal'],
    ['I want a full refund, I bought it 3 months ago.', '', 'refund'],
    ['Can I get a refund? I bought it 45 days ago.', '', 'refund'],
    ['我想退款，已经买了两个月，用了40天', '', 'refund'],
    ['I want my money back', 'This order is outside the return window and not eligible.', 'refund'],
    ['This is unacceptable, third time I ask.', '', 'angry'],
    ['WHERE IS MY ORDER WHY IS NOBODY ANSWERING', '', 'angry'],
    ['hello??? anyone!!!', '', 'angry'],
    ['你们的服务太差了', '', 'angry'],
    ['정말 최악이네요', '', 'angry'],
    ['Can I get a discount?', 'Discounts are not listed [Doc-1].\nESCALATE: customer asks for a price exception', 'model'],
  ];
  it.each(cases)('%s → %s', (customer, answer, kind) => {
    const e = detectEscalation(answer, customer);
    expect(e.needed).toBe(true);
    expect(e.kinds[0]).toBe(kind);
    expect(e.reason).toBeTruthy();
  });

  it('stays quiet for ordinary questions and in-policy returns', () => {
    for (const c of ['Can I return it within 30 days?', 'I bought it 10 days ago, can I get a refund?', 'Is the X1 in stock?', '这个有货吗？', '배터리 얼마나 가요?', 'Is the USB-C PD charger included?']) {
      expect(detectEscalation('It is in stock [Doc-1].', c).needed, c).toBe(false);
    }
  });

  it("reads the model's own escalation line or wording", () => {
    expect(modelEscalation('Answer [Doc-1].\n**ESCALATE:** legal threat')).toBe('legal threat');
    expect(modelEscalation('I recommend you escalate this to a supervisor because of the injury.')).toMatch(/supervisor/);
    expect(modelEscalation('建议转交主管处理。')).toMatch(/转交/);
    expect(modelEscalation('The battery lasts 15 hours [Doc-1].')).toBeNull();
    const a = analyseAnswer('ESCALATE: safety', SENT, 'It caught fire');
    expect(a.escalation.kinds).toEqual(['safety', 'model']);
    expect(a.escalation.reason).toMatch(/Safety/);
  });
});

describe('escalation: a person, a complaint, a refund past the product window', () => {
  it.each([
    ['I want to speak to a manager about my order.', 'person'],
    ['Can I talk to a real person please?', 'person'],
    ['我要找你们经理', 'person'],
    ['请帮我转人工', 'person'],
    ['매니저와 통화하고 싶어요', 'person'],
    ['상담원 연결해 주세요', 'person'],
    ['I want to file a complaint about this blender.', 'complaint'],
    ['我要投诉', 'complaint'],
    ['민원을 넣겠습니다', 'complaint'],
  ])('%s → %s', (message, kind) => {
    const e = detectEscalation('', message);
    expect(e.needed).toBe(true);
    expect(e.kinds[0]).toBe(kind);
    expect(e.reason).toBeTruthy();
  });

  it('judges a refund by the product’s own return window, not a fixed 30 days', () => {
    expect(detectEscalation('', 'I bought it 20 days ago and want a refund.', { returnWindowDays: 14 }).needed).toBe(true);
    expect(detectEscalation('', 'I bought it 20 days ago and want a refund.', { returnWindowDays: 60 }).needed).toBe(false);
    expect(detectEscalation('', 'I bought it 40 days ago and want a refund.', { returnWindowDays: 60 }).needed).toBe(false);
    expect(detectEscalation('', '我20天前买的，我要退款。', { returnWindowDays: 0 }).needed).toBe(true);
    expect(returnWindowDays('14-day return window; opened-box returns carry a 10% fee unless the item is faulty.')).toBe(14);
    expect(returnWindowDays('Final sale: this clearance item cannot be returned or exchanged.')).toBe(0);
    expect(returnWindowDays('60 天满意保证：60 天内可无理由退货。')).toBe(60);
  });

  it('does not escalate an ordinary question', () => {
    expect(detectEscalation('', 'Is the MX Master 3S in stock?').needed).toBe(false);
  });
});
