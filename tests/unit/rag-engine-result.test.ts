import { describe, expect, it } from 'vitest';
import { sent } from '../../src/main/rag/engine-result';
import type { Candidate } from '../../src/main/rag/engine-docs';
import type { Assembled } from '../../src/main/rag/budget';
import { splitManual } from '../../src/main/rag/passages';

/** A manual of `n` 400-character sections (one passage each). */
const manualOf = (n: number): string => Array.from({ length: n }, (_, i) => `Section ${i}. ${'word '.repeat(78)}`.trim()).join('\n\n');

function candidate(id: string, manual: string | null, chosen: number[]): Candidate {
  const budget = { id, name: id, kind: 'product' as const, text: `Product ${id}`, tokens: 10 };
  if (manual === null) return { budget, catalog: null };
  const passages = splitManual(manual)!;
  return { budget, catalog: null, manual: { base: budget.text, baseTokens: 10, passages, chosen, gaps: 1 } };
}

function assembled(docs: { id: string; truncated?: boolean }[]): Assembled {
  return {
    messages: [],
    sentDocs: docs.map((d, i) => ({ n: i + 1, productId: d.id, name: d.id, kind: 'product', truncated: d.truncated ?? false })),
    droppedTurns: 0,
    droppedDocs: 0,
    messageTruncated: false,
    breakdown: { window: 1, reservedOutput: 0, system: 0, history: 0, documents: 0, message: 0, overhead: 0, margin: 0, total: 0 },
  };
}

describe('sent documents', () => {
  it('say where the sent passages of a manual are, and nothing when the manual went whole, was cut short or is absent', () => {
    const manual = manualOf(6);
    const cands = [candidate('A', manual, [1, 4]), candidate('B', manual, [0, 1, 2, 3, 4, 5]), candidate('C', null, []), candidate('D', manual, [2])];
    const out = sent(assembled([{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D', truncated: true }]), cands);
    expect(out.map((d) => d.manualRanges?.map(([a, b]) => manual.slice(a, b).slice(0, 10)))).toEqual([['Section 1.', 'Section 4.'], undefined, undefined, undefined]);
    expect(out.map((d) => d.n)).toEqual([1, 2, 3, 4]);
    // a sent document that is not its candidate (never expected) carries no ranges rather than another's
    expect(sent(assembled([{ id: 'X' }]), cands)[0]).toEqual({ n: 1, productId: 'X', name: 'X', kind: 'product' });
  });
});
