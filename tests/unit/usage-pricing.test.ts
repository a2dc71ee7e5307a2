import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { usageMigrations } from '../../src/main/usage/migrations';
import { costPico, costUsd, PricingTable } from '../../src/main/usage/pricing';
import { UsageLedger } from '../../src/main/usage/ledger';

const dirs: string[] = [];
const dbs: Db[] = [];

function openFresh(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-usage-'));
  dirs.push(dir);
  const file = join(dir, 'deskmate.sqlite');
  const db = openDatabase(file);
  migrate(db, 'usage', usageMigrations);
  dbs.push(db);
  return { db, file };
}

const clock = (): Date => new Date('2026-04-02T10:00:00.000Z');

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('costUsd', () => {
  const k26 = { input: 0.95, cachedInput: 0.16, output: 4.0 };

  it('bills cached prompt tokens at cachedInput, the rest at input, completion at output — exactly', () => {
    // 400k cached × 0.16 + 600k × 0.95 + 500k × 4.00 per 1M = 0.064 + 0.57 + 2.00
    expect(costUsd(k26, { promptTokens: 1_000_000, cachedTokens: 400_000, completionTokens: 500_000 })).toBe(2.634);
    expect(costPico(k26, { promptTokens: 1_000_000, cachedTokens: 400_000, completionTokens: 500_000 })).toBe(2_634_000_000_000);
    // A typical long-context answer: 61,234 prompt (50,000 cached), 412 completion.
    // 50,000 × 0.16e-6 + 11,234 × 0.95e-6 + 412 × 4e-6 = 0.008 + 0.0106723 + 0.001648
    expect(costUsd(k26, { promptTokens: 61_234, cachedTokens: 50_000, completionTokens: 412 })).toBe(0.0203203);
    expect(costUsd(k26, { promptTokens: 0, cachedTokens: 0, completionTokens: 0 })).toBe(0);
    // Sums of many small rows stay exact in pico-dollars: 0.1 + 0.2 style drift does not happen.
    const one = costPico({ input: 0.1, cachedInput: 0.1, output: 0.2 }, { promptTokens: 1, cachedTokens: 0, completionTokens: 1 });
    expect(one).toBe(300_000);
    expect((one * 3) / 1e12).toBe(9e-7);
  });

  it('prices the gateway plan on output only and v1 models without a cache discount', () => {
    const { db } = openFresh();
    const pricing = new PricingTable(db, clock);
    const t = { promptTokens: 2_000_000, cachedTokens: 1_000_000, completionTokens: 1_000_000 };
    expect(costUsd(pricing.getPrice('gateway-plan')!, t)).toBe(0.42);
    expect(costUsd(pricing.getPrice('moonshot-v1-128k')!, t)).toBe(9);
    expect(costUsd(pricing.getPrice('deepseek-v3.2')!, t)).toBe(0.728);
  });
});

describe('PricingTable', () => {
  it('is seeded with Kimi list prices and the comparison models, marked as such', () => {
    const { db } = openFresh();
    const prices = new PricingTable(db, clock).listPrices();
    const byModel = Object.fromEntries(prices.map((p) => [p.model, [p.cachedInput, p.input, p.output, p.role]]));
    expect(byModel).toEqual({
      'kimi-k2.6': [0.16, 0.95, 4, 'called'],
      'kimi-k3': [0.3, 3, 15, 'called'],
      'moonshot-v1-128k': [2, 2, 5, 'called'],
      'moonshot-v1-32k': [1, 1, 3, 'called'],
      'moonshot-v1-8k': [0.2, 0.2, 2, 'called'],
      'gpt-4.1': [0.5, 2, 8, 'comparison'],
      'claude-sonnet-4.5': [0.3, 3, 15, 'comparison'],
      'gemini-2.5-flash': [0.03, 0.3, 2.5, 'comparison'],
      'deepseek-v3.2': [0.028, 0.28, 0.42, 'comparison'],
      'gateway-plan': [0, 0, 0.42, 'comparison'],
    });
    // Models we call are listed first.
    expect(prices.slice(0, 5).every((p) => p.role === 'called')).toBe(true);
    expect(prices.find((p) => p.model === 'gateway-plan')?.note).toMatch(/input included/);
  });

  it('edits prices, survives reopen, and keeps edits when migrations run again', () => {
    const { db, file } = openFresh();
    const pricing = new PricingTable(db, clock);
    const edited = pricing.setPrice('kimi-k2.6', { input: 0.6, cachedInput: 0.15, output: 2.5 });
    expect(edited).toMatchObject({ model: 'kimi-k2.6', input: 0.6, cachedInput: 0.15, output: 2.5, role: 'called' });
    expect(edited.updatedAt).toBe('2026-04-02T10:00:00.000Z');
    const added = pricing.setPrice('my-local-model', { input: 0, cachedInput: 0, output: 0.1 }, { role: 'comparison', note: 'self-hosted' });
    expect(added.role).toBe('comparison');
    expect(pricing.getPrice('KIMI-K2.6')?.input).toBe(0.6);
    db.close();
    const db2 = openDatabase(file);
    dbs.push(db2);
    expect(migrate(db2, 'usage', usageMigrations)).toBe(0);
    const again = new PricingTable(db2, clock);
    expect(again.getPrice('kimi-k2.6')?.output).toBe(2.5);
    expect(again.getPrice('my-local-model')?.note).toBe('self-hosted');
    expect(again.listPrices()).toHaveLength(11);
    expect(again.deletePrice('my-local-model')).toBe(true);
    expect(again.getPrice('my-local-model')).toBeUndefined();
  });

  it('rejects negative or non-numeric prices naming the field', () => {
    const { db } = openFresh();
    const pricing = new PricingTable(db, clock);
    expect(() => pricing.setPrice('gpt-4.1', { input: -1, cachedInput: 0, output: 1 })).toThrow(/invalid price for "gpt-4.1": input/);
    expect(() => pricing.setPrice('gpt-4.1', { input: 1, cachedInput: Number.NaN, output: 1 })).toThrow(/cachedInput/);
    expect(() => pricing.setPrice(' ', { input: 1, cachedInput: 1, output: 1 })).toThrow(/model name/);
    expect(pricing.getPrice('gpt-4.1')?.input).toBe(2);
  });

  it('records an unknown model at cost 0 with priced false instead of failing', () => {
    const { db } = openFresh();
    const ledger = new UsageLedger(db, clock);
    const id = ledger.record({
      sessionId: 's1', model: 'mystery-model', attempt: 1, promptTokens: 1000, completionTokens: 100, cachedTokens: 0,
      estimated: false, ttftMs: 300, latencyMs: 2000, tokensPerSecond: 50, outcome: 'ok', mode: 'online',
    });
    const [row] = ledger.list();
    expect(row).toMatchObject({ id, model: 'mystery-model', costUsd: 0, priced: false });
    expect(new PricingTable(db).price('mystery-model', { promptTokens: 1, cachedTokens: 0, completionTokens: 1 })).toEqual({ costPico: 0, priced: false });
  });
});

describe('PricingTable.price reuse', () => {
  it("uses this process's own change at once, and another process's change within 2 s", () => {
    const { db, file } = openFresh();
    const other = openDatabase(file);
    dbs.push(other);
    const here = new PricingTable(db, clock);
    const there = new PricingTable(other, clock);
    const t = { promptTokens: 1_000_000, cachedTokens: 0, completionTokens: 0 };
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      here.setPrice('m-x', { input: 1, cachedInput: 0.5, output: 2 });
      expect(here.price('m-x', t)).toEqual({ costPico: 1_000_000_000_000, priced: true });
      here.setPrice('m-x', { input: 3, cachedInput: 0.5, output: 2 });
      expect(here.price('m-x', t).costPico).toBe(3_000_000_000_000); // own change: at once
      there.setPrice('m-x', { input: 5, cachedInput: 0.5, output: 2 });
      expect(here.price('m-x', t).costPico).toBe(3_000_000_000_000); // another process's change: not yet
      vi.advanceTimersByTime(2_001);
      expect(here.price('m-x', t).costPico).toBe(5_000_000_000_000);
      there.deletePrice('m-x');
      vi.advanceTimersByTime(2_001);
      expect(here.price('m-x', t)).toEqual({ costPico: 0, priced: false });
    } finally {
      vi.useRealTimers();
    }
  });
});
