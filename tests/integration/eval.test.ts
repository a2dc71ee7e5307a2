// A small slice of `npm run eval` (72 questions over 800 generated products, en/zh/ko, every kind) through the
// real engine against the grounded fake Kimi and offline: the answer-quality targets fail CI when they regress.
import { describe, expect, it } from 'vitest';
import { evalItems } from '../../bench/eval/dataset';
import { runEval } from '../../bench/eval/run';
import { cell, targets } from '../../bench/eval/metrics';

describe('answer quality (eval subset)', () => {
  it('meets the targets: follow-ups keep their product, flags match the words, escalation fires', async () => {
    const items = evalItems(800, 3);
    expect(items.length).toBe(72);
    const run = await runEval(items, 800);
    const missed = targets(run.outcomes).filter((t) => !t.met).map((t) => `${t.name}: ${t.value?.toFixed(1)}% < ${t.target}%`);
    expect(missed).toEqual([]);
    const single = cell(run.outcomes.filter((o) => ['specs', 'stock', 'returns', 'sku'].includes(o.item.kind)));
    expect(single.recall20.hit).toBe(single.recall20.of); // single-turn retrieval: every gold product within 20
    expect(single.offlineFact.hit / single.offlineFact.of).toBeGreaterThanOrEqual(0.95);
  }, 120_000);
});
