import { describe, expect, it } from 'vitest';
import type { LatencySeries, UsageFigures, UsageReport } from '../../../../shared/usage';
import { costPerDay, csvFileName, latencyCharts, otherModels, rangeQuery } from './dashboard-data';
import { definedRuns, labelIndexes, shortBucket } from './charts/geometry';
import { formatBucket, formatCount, formatMs, formatRate, formatShare, formatUsd, niceTicks } from './scale';

const NOW = Date.parse('2026-11-27T13:45:00Z');

function fig(costUsd: number, requests = 1, comparisons: UsageFigures['comparisons'] = []): UsageFigures {
  return {
    requests,
    attempts: requests,
    promptTokens: 100,
    cachedTokens: 0,
    completionTokens: 10,
    estimatedAttempts: 0,
    unpricedAttempts: 0,
    outcomes: { ok: requests, interrupted: 0, aborted: 0, error: 0, retried: 0, offline: 0 },
    costUsd,
    costPer1kQueries: requests ? (costUsd * 1000) / requests : null,
    comparisons,
  };
}

describe('rangeQuery', () => {
  it('24h: 24 hourly buckets ending with the current hour, at the local offset', () => {
    const q = rangeQuery('24h', NOW, 60);
    expect(q.bucket).toBe('hour');
    expect(q.buckets).toHaveLength(24);
    expect(q.buckets[23]).toBe('2026-11-27T14:00');
    expect(q.buckets[0]).toBe('2026-11-26T15:00');
    expect(q.since).toBe('2026-11-26T14:00:00.000Z');
    expect(q.until).toBe('2026-11-27T14:00:00.000Z');
  });

  it('7d: calendar days at a negative offset (the local day can differ from the UTC day)', () => {
    const q = rangeQuery('7d', Date.parse('2026-11-27T02:00:00Z'), -300);
    expect(q.buckets).toEqual(['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26']);
    expect(q.since).toBe('2026-11-20T05:00:00.000Z');
    expect(q.until).toBe('2026-11-27T05:00:00.000Z');
    expect(csvFileName(q)).toBe('deskmate-usage-2026-11-20_2026-11-26.csv');
  });
});

describe('latencyCharts', () => {
  it('fills every bucket of the range and leaves gaps where nothing ran', () => {
    const series: LatencySeries = {
      bucket: 'day',
      utcOffsetMinutes: 0,
      model: null,
      points: [
        { bucket: '2026-11-25', attempts: 2, ttftP50: 300, ttftP95: 500, latencyP50: 2000, latencyP95: 3000, tokensPerSecondAvg: 40 },
        { bucket: '2026-11-27', attempts: 1, ttftP50: 200, ttftP95: 200, latencyP50: 900, latencyP95: 900, tokensPerSecondAvg: 55 },
      ],
      totals: { attempts: 3, ttftP50: 300, ttftP95: 500, latencyP50: 2000, latencyP95: 3000, tokensPerSecondAvg: 45 },
    };
    const c = latencyCharts(series, ['2026-11-25', '2026-11-26', '2026-11-27'], { p50: 'p50', p95: 'p95', rate: 'tok/s' });
    expect(c.categories).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(c.ttft.map((s) => s.values)).toEqual([[300, null, 200], [500, null, 200]]);
    expect(c.latency[1].values).toEqual([3000, null, 900]);
    expect(c.tokensPerSecond[0].values).toEqual([40, null, 55]);
    expect(definedRuns(c.ttft[0].values)).toEqual([[[0, 300]], [[2, 200]]]);
  });
});

describe('cost charts', () => {
  const report: UsageReport = {
    since: null,
    until: null,
    utcOffsetMinutes: 0,
    rows: [
      { day: '2026-11-26', model: 'kimi-k2.6', ...fig(0.5) },
      { day: '2026-11-27', model: 'kimi-k2.6', ...fig(0.25) },
      { day: '2026-11-27', model: 'moonshot-v1-8k', ...fig(0.1) },
    ],
    byModel: [
      { model: 'kimi-k2.6', ...fig(0.75, 2) },
      { model: 'moonshot-v1-8k', ...fig(0.1) },
    ],
    totals: fig(0.85, 3, [
      { model: 'gpt-x', role: 'comparison', costUsd: 2, costPer1kQueries: 666 },
      { model: 'kimi-k2.6', role: 'called', costUsd: 0.9, costPer1kQueries: 300 },
      { model: 'cheap', role: 'comparison', costUsd: 0.1, costPer1kQueries: null },
    ]),
  };

  it('stacks cost per day by model, with empty days of the range', () => {
    const c = costPerDay(report, ['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(c.categories).toEqual(['2026-11-25', '2026-11-26', '2026-11-27']);
    expect(c.stacks.map((s) => [s.key, s.values])).toEqual([
      ['kimi-k2.6', [0, 0.5, 0.25]],
      ['moonshot-v1-8k', [0, 0, 0.1]],
    ]);
    expect(c.stacks[0].color).not.toBe(c.stacks[1].color);
  });

  it('prices the same usage on other models cheapest first and highlights the models used', () => {
    const rows = otherModels(report, false);
    expect(rows.map((r) => [r.key, r.value, r.highlight])).toEqual([
      ['cheap', 0.1, false],
      ['kimi-k2.6', 0.9, true],
      ['gpt-x', 2, false],
    ]);
    expect(otherModels(report, true).map((r) => r.key)).toEqual(['kimi-k2.6', 'gpt-x', 'cheap']);
  });
});

describe('scales and formats', () => {
  it('nice ticks cover the maximum in 1-2-2.5-5 steps', () => {
    expect(niceTicks(870)).toEqual([0, 250, 500, 750, 1000]);
    expect(niceTicks(0.0031)).toEqual([0, 0.001, 0.002, 0.003, 0.004]);
    expect(niceTicks(0)).toEqual([0, 1]);
  });

  it('formats milliseconds and dollars for people', () => {
    expect(formatMs(850.4, 'en')).toBe('850 ms');
    expect(formatMs(1250, 'en')).toBe('1.25 sec');
    expect(formatMs(null, 'en')).toBe('–');
    expect(formatUsd(0.5, 'en')).toBe('$0.50');
    expect(formatUsd(0.000012, 'en')).toBe('$0.000012');
    expect(formatUsd(0.01234, 'en')).toBe('$0.012');
    expect(formatUsd(12.3, 'en')).toBe('$12.30');
    expect(formatUsd(12345, 'en')).toBe('$12,345');
  });

  it('writes every figure the way of the app language (Intl), not a fixed US format', () => {
    expect(formatMs(850.4, 'zh')).toBe('850毫秒');
    expect(formatMs(1250, 'ko')).toBe('1.25초');
    expect(formatUsd(12345, 'zh')).toBe('US$12,345');
    expect(formatUsd(0.5, 'ko')).toBe('US$0.50');
    expect(formatRate(7.25, 'en')).toBe('7.3 tok/s');
    expect(formatCount(1234567, 'ko')).toBe('1,234,567');
    expect(formatShare(1, 8, 'en')).toBe('12.5%');
    expect(formatShare(1, 0, 'en')).toBe('–');
    expect(formatBucket('2026-11-27', 'en')).toBe('11/27');
    expect(formatBucket('2026-11-27', 'ko')).toBe('11. 27.');
    expect(formatBucket('2026-11-27', 'zh', true)).toBe('2026年11月27日');
    expect(formatBucket('2026-11-27T13:00', 'en')).toBe('13:00');
    expect(formatBucket('2026-11-27T13:00', 'en', true)).toBe('Nov 27, 13:00');
  });

  it('thins x labels but keeps the last one', () => {
    expect(labelIndexes(5)).toEqual([0, 1, 2, 3, 4]);
    const many = labelIndexes(30, 8);
    expect(many.length).toBeLessThanOrEqual(9);
    expect(many[many.length - 1]).toBe(29);
    expect(shortBucket('2026-11-27T13:00')).toBe('13:00');
    expect(shortBucket('2026-11-27')).toBe('11-27');
  });
});
