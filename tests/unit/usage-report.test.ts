import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { usageMigrations } from '../../src/main/usage/migrations';
import { UsageLedger } from '../../src/main/usage/ledger';
import { PricingTable } from '../../src/main/usage/pricing';
import { usageReport } from '../../src/main/usage/report';
import { latencySeries, percentile } from '../../src/main/usage/latency';
import { csvField, toCsv } from '../../src/main/usage/csv';
import { UsageReport, LatencySeries, type UsageRecordInput } from '../../src/shared/usage';

const dirs: string[] = [];
const dbs: Db[] = [];

function openFresh(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-report-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'deskmate.sqlite'));
  migrate(db, 'usage', usageMigrations);
  dbs.push(db);
  return db;
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function row(over: Partial<UsageRecordInput>): UsageRecordInput {
  return {
    sessionId: 's', model: 'kimi-k2.6', attempt: 1, promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 0,
    estimated: false, ttftMs: 500, latencyMs: 3000, tokensPerSecond: 50, outcome: 'ok', mode: 'online', ...over,
  };
}

/** Day 1: two k2.6 questions (one after a retry) and one k3 question; day 2: one k2.6 answer, estimated. */
function seed(ledger: UsageLedger): void {
  ledger.record(row({ at: '2026-05-01T08:00:00Z', outcome: 'retried', completionTokens: 0, ttftMs: null, tokensPerSecond: null }));
  ledger.record(row({ at: '2026-05-01T08:00:03Z', attempt: 2, cachedTokens: 500_000 }));
  ledger.record(row({ at: '2026-05-01T09:30:00Z', promptTokens: 2_000_000, completionTokens: 200_000 }));
  ledger.record(row({ at: '2026-05-01T23:30:00Z', model: 'kimi-k3', promptTokens: 1_000_000, completionTokens: 1_000_000 }));
  ledger.record(row({ at: '2026-05-02T10:00:00Z', estimated: true, outcome: 'interrupted' }));
}

describe('usageReport', () => {
  it('groups by day × model with requests (final attempts), attempts, tokens, cost and cost per 1,000 queries', () => {
    const db = openFresh();
    const ledger = new UsageLedger(db);
    seed(ledger);
    const report = usageReport(ledger, new PricingTable(db));
    expect(UsageReport.safeParse(report).success).toBe(true);
    expect(report.rows.map((r) => [r.day, r.model, r.requests, r.attempts])).toEqual([
      ['2026-05-01', 'kimi-k2.6', 2, 3],
      ['2026-05-01', 'kimi-k3', 1, 1],
      ['2026-05-02', 'kimi-k2.6', 1, 1],
    ]);
    const d1 = report.rows[0];
    expect([d1.promptTokens, d1.cachedTokens, d1.completionTokens]).toEqual([4_000_000, 500_000, 300_000]);
    // retried 1M×0.95 = 0.95; second 0.5M×0.16 + 0.5M×0.95 + 0.1M×4 = 0.955; third 2M×0.95 + 0.2M×4 = 2.7
    expect(d1.costUsd).toBe(4.605);
    expect(d1.costPer1kQueries).toBe(2302.5);
    expect(d1.outcomes).toMatchObject({ ok: 2, retried: 1, error: 0 });
    expect(report.rows[1].costUsd).toBe(18); // 1M × 3 + 1M × 15
    expect(report.rows[2]).toMatchObject({ estimatedAttempts: 1, costUsd: 1.35, outcomes: expect.objectContaining({ interrupted: 1 }) });

    expect(report.byModel.map((m) => [m.model, m.requests, m.costUsd])).toEqual([
      ['kimi-k2.6', 3, 5.955],
      ['kimi-k3', 1, 18],
    ]);
    expect(report.totals).toMatchObject({ requests: 4, attempts: 5, costUsd: 23.955, costPer1kQueries: 5988.75 });
  });

  it('prices the same tokens on every other model, with the current (edited) pricing', () => {
    const db = openFresh();
    const ledger = new UsageLedger(db);
    seed(ledger);
    const pricing = new PricingTable(db);
    const report = usageReport(ledger, pricing);
    const k3day = report.rows[1];
    const cmp = Object.fromEntries(k3day.comparisons.map((c) => [c.model, c.costUsd]));
    expect(Object.keys(cmp)).not.toContain('kimi-k3');
    expect(Object.keys(cmp)).toHaveLength(9);
    expect(cmp['kimi-k2.6']).toBe(4.95);
    expect(cmp['gpt-4.1']).toBe(10);
    expect(cmp['claude-sonnet-4.5']).toBe(18);
    expect(cmp['gemini-2.5-flash']).toBe(2.8);
    expect(cmp['deepseek-v3.2']).toBe(0.7);
    expect(cmp['gateway-plan']).toBe(0.42);
    expect(k3day.comparisons.find((c) => c.model === 'gpt-4.1')?.costPer1kQueries).toBe(10_000);
    expect(k3day.comparisons.find((c) => c.model === 'gateway-plan')?.role).toBe('comparison');
    // Day-1 k2.6 row has 500k cached: gpt-4.1 → 3.5M × 2 + 0.5M × 0.5 + 0.3M × 8 = 9.65
    expect(report.rows[0].comparisons.find((c) => c.model === 'gpt-4.1')?.costUsd).toBe(9.65);
    expect(report.totals.comparisons).toHaveLength(10);

    pricing.setPrice('gpt-4.1', { input: 1, cachedInput: 0.25, output: 4 });
    const after = usageReport(ledger, pricing);
    expect(after.rows[1].comparisons.find((c) => c.model === 'gpt-4.1')?.costUsd).toBe(5);
    expect(after.rows[1].costUsd).toBe(18); // recorded cost does not change with later edits
  });

  it('honours since/until and local-day offsets', () => {
    const db = openFresh();
    const ledger = new UsageLedger(db);
    seed(ledger);
    const pricing = new PricingTable(db);
    const day2 = usageReport(ledger, pricing, { since: '2026-05-02T00:00:00Z' });
    expect(day2.rows.map((r) => r.day)).toEqual(['2026-05-02']);
    expect(day2.since).toBe('2026-05-02T00:00:00.000Z');
    const day1 = usageReport(ledger, pricing, { until: '2026-05-02T00:00:00Z' });
    expect(day1.totals.attempts).toBe(4);
    // At UTC+1 the 23:30 k3 question falls on 2026-05-02.
    const plus1 = usageReport(ledger, pricing, { utcOffsetMinutes: 60 });
    expect(plus1.rows.map((r) => [r.day, r.model])).toEqual([
      ['2026-05-01', 'kimi-k2.6'],
      ['2026-05-02', 'kimi-k2.6'],
      ['2026-05-02', 'kimi-k3'],
    ]);
    // Calendar days: both ends included, at the viewer's offset.
    const localDay = usageReport(ledger, pricing, { since: '2026-05-02', until: '2026-05-02', utcOffsetMinutes: 60 });
    expect([localDay.since, localDay.until]).toEqual(['2026-05-01T23:00:00.000Z', '2026-05-02T23:00:00.000Z']);
    expect(localDay.rows.map((r) => [r.day, r.model])).toEqual([
      ['2026-05-02', 'kimi-k2.6'],
      ['2026-05-02', 'kimi-k3'],
    ]);
    expect(usageReport(ledger, pricing, { until: '2026-05-01' }).totals.attempts).toBe(4);
    expect(() => usageReport(ledger, pricing, { since: '2026-02-30' })).toThrow('since is not a valid date: "2026-02-30"');
    const empty = usageReport(ledger, pricing, { since: '2027-01-01' });
    expect(empty.rows).toEqual([]);
    expect(empty.totals).toMatchObject({ requests: 0, costUsd: 0, costPer1kQueries: null });
  });
});

describe('latencySeries', () => {
  it('computes nearest-rank percentiles exactly', () => {
    const v = Array.from({ length: 20 }, (_, i) => (i + 1) * 10); // 10..200
    expect(percentile(v, 50)).toBe(100);
    expect(percentile(v, 95)).toBe(190);
    expect(percentile(v, 100)).toBe(200);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNull();
  });

  it('buckets by hour and day with ttft / latency p50 and p95 and mean tokens/s, from ok attempts only', () => {
    const db = openFresh();
    const ledger = new UsageLedger(db);
    // Hour 08: latencies 1000..10000 (10 rows), ttft 100..1000; hour 09: 2 rows.
    for (let i = 1; i <= 10; i++) {
      ledger.record(row({ at: `2026-05-01T08:${String(i).padStart(2, '0')}:00Z`, latencyMs: i * 1000, ttftMs: i * 100, tokensPerSecond: i * 10 }));
    }
    ledger.record(row({ at: '2026-05-01T09:10:00Z', latencyMs: 4000, ttftMs: null, tokensPerSecond: null }));
    ledger.record(row({ at: '2026-05-01T09:20:00Z', latencyMs: 2000, ttftMs: 300, tokensPerSecond: 40 }));
    ledger.record(row({ at: '2026-05-01T09:30:00Z', latencyMs: 99_000, outcome: 'error' }));
    ledger.record(row({ at: '2026-05-02T09:00:00Z', model: 'kimi-k3', latencyMs: 8000, ttftMs: 2000, tokensPerSecond: 20 }));

    const hourly = latencySeries(ledger, { bucket: 'hour', until: '2026-05-01' });
    expect(LatencySeries.safeParse(hourly).success).toBe(true);
    expect(hourly.points).toEqual([
      { bucket: '2026-05-01T08:00', attempts: 10, ttftP50: 500, ttftP95: 1000, latencyP50: 5000, latencyP95: 10_000, tokensPerSecondAvg: 55 },
      { bucket: '2026-05-01T09:00', attempts: 2, ttftP50: 300, ttftP95: 300, latencyP50: 2000, latencyP95: 4000, tokensPerSecondAvg: 40 },
    ]);
    expect(hourly.totals).toMatchObject({ attempts: 12, latencyP50: 4000, latencyP95: 10_000 });

    const daily = latencySeries(ledger, { bucket: 'day' });
    expect(daily.points.map((p) => [p.bucket, p.attempts])).toEqual([['2026-05-01', 12], ['2026-05-02', 1]]);
    const k3 = latencySeries(ledger, { bucket: 'day', model: 'kimi-k3' });
    expect(k3.points).toEqual([{ bucket: '2026-05-02', attempts: 1, ttftP50: 2000, ttftP95: 2000, latencyP50: 8000, latencyP95: 8000, tokensPerSecondAvg: 20 }]);
    const withErrors = latencySeries(ledger, { bucket: 'day', outcomes: ['ok', 'error'], until: '2026-05-01' });
    expect(withErrors.totals.latencyP95).toBe(99_000);
  });
});

describe('toCsv', () => {
  it('quotes per RFC 4180 and writes one line per day × model with comparison columns', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');

    const db = openFresh();
    const ledger = new UsageLedger(db);
    new PricingTable(db).setPrice('odd,"model"', { input: 1, cachedInput: 1, output: 1 });
    ledger.record(row({ at: '2026-05-01T08:00:00Z', model: 'odd,"model"' }));
    ledger.record(row({ at: '2026-05-01T09:00:00Z' }));
    const csv = toCsv(usageReport(ledger, new PricingTable(db)));
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe('');
    const header = lines[0].split(',');
    expect(header.slice(0, 11)).toEqual([
      'day', 'model', 'requests', 'attempts', 'prompt_tokens', 'cached_tokens', 'completion_tokens',
      'estimated_attempts', 'unpriced_attempts', 'cost_usd', 'cost_per_1k_queries_usd',
    ]);
    expect(lines[0]).toContain('"cost_on:odd,""model"""');
    expect(lines[0]).toContain('cost_on:gpt-4.1');
    expect(lines[1].startsWith('2026-05-01,kimi-k2.6,1,1,1000000,0,100000,0,0,1.35,1350,')).toBe(true);
    expect(lines[2].startsWith('2026-05-01,"odd,""model""",1,1,1000000,0,100000,0,0,1.1,1100,')).toBe(true);
  });
});
