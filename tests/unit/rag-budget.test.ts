import { beforeAll, describe, expect, it } from 'vitest';
import type { Turn } from '../../src/shared/domain';
import { assembleContext, BudgetError, KNOWLEDGE_INTRO, type AssembleInput, type BudgetDoc } from '../../src/main/rag/budget';
import { TokenCache } from '../../src/main/rag/token-cache';
import { createExactCounter, upperBound, type TokenCounter } from '../../src/main/rag/tokens';
import { samplingFor, systemPrompt } from '../../src/main/rag/prompt';
import { renderDocumentBody } from '../../src/main/rag/render';

let exact: TokenCounter;
beforeAll(async () => {
  exact = await createExactCounter();
});

let id = 0;
function turn(speaker: Turn['speaker'], text: string, extra: Partial<Turn> = {}): Turn {
  id++;
  return { id, sessionId: 's', seq: id, speaker, text, status: 'complete', createdAt: 'x', updatedAt: 'x', ...extra };
}

function doc(i: number, body = `Product P-${i} — Thing ${i}\nStock: in stock`): BudgetDoc {
  return { id: `P-${i}`, name: `Thing ${i}`, kind: 'product', text: body, tokens: exact.count(body) };
}

function input(over: Partial<AssembleInput>): AssembleInput {
  return {
    window: 32_768,
    reservedOutput: 1_024,
    systemPrompt: 'SYSTEM',
    history: [],
    newMessage: 'Is it in stock?',
    docs: [],
    counter: exact,
    cache: new TokenCache(),
    safetyMargin: 500,
    ...over,
  };
}

describe('assembleContext', () => {
  it('orders system, history as turns, knowledge block, then the new message', () => {
    const history = [
      turn('customer', 'Hi, I have a ThinkPad X1.'),
      turn('assistant', 'It weighs 1.1 kg [Doc-2].', { meta: { citations: [{ n: 2, productId: 'LAP-X1', name: 'ThinkPad X1' }] } }),
      turn('agent', 'Let me check the stock for you.'),
      turn('assistant', '', { status: 'error' }),
      turn('assistant', 'half an ans', { status: 'interrupted' }),
      turn('assistant', '   '),
      turn('assistant', 'draft', { status: 'streaming' }),
    ];
    const out = assembleContext(input({ history, docs: [doc(1), doc(2)] }));
    expect(out.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'assistant', 'assistant', 'system', 'user']);
    expect(out.messages[2].content).toBe('It weighs 1.1 kg (source: ThinkPad X1).'); // old numbering neutralised
    expect(out.messages[3].content).toBe('Agent: Let me check the stock for you.');
    expect(out.messages[4].content).toBe('half an ans\n[answer interrupted]');
    expect(out.messages[5].content.startsWith(KNOWLEDGE_INTRO)).toBe(true);
    expect(out.messages[5].content).toContain('[Doc-1]\nProduct P-1');
    expect(out.messages[5].content).toContain('[Doc-2]\nProduct P-2');
    expect(out.messages[6]).toEqual({ role: 'user', content: 'Is it in stock?' });
    expect(out.sentDocs).toEqual([
      { n: 1, productId: 'P-1', name: 'Thing 1', kind: 'product', truncated: false },
      { n: 2, productId: 'P-2', name: 'Thing 2', kind: 'product', truncated: false },
    ]);
    expect(out.droppedTurns).toBe(0);
    const b = out.breakdown;
    expect(b.total).toBe(b.system + b.history + b.documents + b.message + b.overhead);
    expect(b.total + b.reservedOutput + b.margin).toBeLessThanOrEqual(b.window);
  });

  it('omits the knowledge block when there are no documents', () => {
    const out = assembleContext(input({ history: [turn('customer', 'hello')] }));
    expect(out.messages.map((m) => m.role)).toEqual(['system', 'user', 'user']);
    expect(out.breakdown.documents).toBe(0);
  });

  it('keeps the newest history when it does not all fit, and leaves documents room', () => {
    const history = Array.from({ length: 60 }, (_, i) => turn(i % 2 ? 'assistant' : 'customer', `turn number ${i} `.repeat(40)));
    const docs = Array.from({ length: 10 }, (_, i) => doc(i + 1, `Product P-${i + 1}\n${'spec line '.repeat(150)}`));
    const out = assembleContext(input({ window: 8_192, reservedOutput: 1_024, history, docs }));
    const sent = out.messages.filter((m) => m.content.includes('turn number'));
    expect(sent.length).toBe(60 - out.droppedTurns);
    expect(out.droppedTurns).toBeGreaterThan(0);
    expect(sent[sent.length - 1].content).toContain('turn number 59');
    expect(out.sentDocs.length).toBeGreaterThan(0);
    expect(out.breakdown.documents).toBeGreaterThan(out.breakdown.window * 0.2);
  });

  it('truncates the last document that does not fit rather than dropping it, and stops there', () => {
    const big = doc(2, `Product P-2\n${'battery details '.repeat(4000)}`);
    const out = assembleContext(input({ window: 8_192, docs: [doc(1), big, doc(3)] }));
    expect(out.sentDocs.map((d) => [d.productId, d.truncated])).toEqual([
      ['P-1', false],
      ['P-2', true],
    ]);
    expect(out.droppedDocs).toBe(1);
    expect(out.messages[out.messages.length - 2].content).toMatch(/\[…\]$/);
  });

  it('cuts the middle out of a new message too long for the window, and says so', () => {
    const huge = `START ${'word '.repeat(20_000)} END`;
    const out = assembleContext(input({ window: 8_192, newMessage: huge }));
    expect(out.messageTruncated).toBe(true);
    const last = out.messages[out.messages.length - 1].content;
    expect(last.startsWith('START')).toBe(true);
    expect(last.endsWith('END')).toBe(true);
    expect(last).toContain('middle of a long message cut');
    expect(exact.count(last)).toBeLessThanOrEqual(8_192 - 500);
  });

  it('lowers an impossible reserved output, and refuses a window the system prompt alone fills', () => {
    const out = assembleContext(input({ window: 8_192, reservedOutput: 50_000 }));
    expect(out.breakdown.reservedOutput).toBeLessThan(8_192 - 500);
    expect(out.breakdown.total + out.breakdown.reservedOutput + 500).toBeLessThanOrEqual(8_192);
    expect(() => assembleContext(input({ window: 1_000, systemPrompt: 'rule '.repeat(2_000) }))).toThrow(BudgetError);
    expect(() => assembleContext(input({ newMessage: '  ' }))).toThrow(BudgetError);
  });

  it('never tokenizes cached text: a repeat assembly counts only the new message', () => {
    let calls = 0;
    const spy: TokenCounter = { count: (s) => (calls++, exact.count(s)), ready: true };
    const cache = new TokenCache();
    const history = Array.from({ length: 47 }, (_, i) => turn(i % 2 ? 'assistant' : 'customer', `message ${i}`));
    const docs = [doc(1), doc(2), { ...doc(3), tokens: null }];
    const args = input({ history, docs, counter: spy, cache, systemTokens: 3 });
    assembleContext(args);
    const first = calls;
    expect(first).toBe(47 + 1 + 1); // turns once, the uncounted document, the new message
    calls = 0;
    assembleContext({ ...args, docs: docs.map((d) => ({ ...d, tokens: d.tokens ?? 10 })) });
    expect(calls).toBe(1);
  });

  it('with upper bounds only (encoder not ready), still fits by bytes', () => {
    const bound: TokenCounter = { count: upperBound, ready: false };
    const body = renderDocumentBody({ docId: 'R', title: '退货政策', body: '三十天内可以退货。'.repeat(400), kind: 'policy' });
    const out = assembleContext(input({ window: 8_192, counter: bound, docs: [{ id: 'R', name: 'r', kind: 'policy', text: body, tokens: null }] }));
    const bytes = out.messages.reduce((s, m) => s + upperBound(m.content) + 4, 3);
    expect(bytes + out.breakdown.reservedOutput + 500).toBeLessThanOrEqual(8_192);
  });
});

describe('prompt', () => {
  it('is grounded: citations, the exact no-information sentence, escalation, language', () => {
    const p = systemPrompt({ language: 'zh' });
    expect(p).toContain('[Doc-N]');
    expect(p).toContain('"I don\'t have that information."');
    expect(p).toContain('ESCALATE:');
    expect(p).toMatch(/refund.*legal.*safety.*angry/s);
    expect(p).toContain('Chinese');
    expect(p).toContain('ONLY from the documents');
    expect(systemPrompt({ factual: false })).not.toContain('ONLY from the documents');
  });

  it('sampling: ≤ 0.3 in factual mode where allowed, nothing for fixed-sampling models', () => {
    expect(samplingFor({ fixedSampling: true }, true)).toEqual({});
    expect(samplingFor({ fixedSampling: false, temperatureRange: [0, 1] }, true)).toEqual({ temperature: 0.3 });
    expect(samplingFor({ fixedSampling: false, temperatureRange: [0, 0.2] }, true)).toEqual({ temperature: 0.2 });
    expect(samplingFor({ fixedSampling: false, temperatureRange: [0.6, 1] }, true)).toEqual({});
    expect(samplingFor({ fixedSampling: false, temperatureRange: [0, 1] }, false)).toEqual({ temperature: 0.7 });
  });
});
