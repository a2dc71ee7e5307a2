import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { openDesk } from '../../src/main/desk';
import { UsageLedger } from '../../src/main/usage/ledger';
import { UsageReport, type UsageRecordInput } from '../../src/shared/usage';

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-usage-cli-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args);

function row(over: Partial<UsageRecordInput>): UsageRecordInput {
  return {
    sessionId: 's', model: 'kimi-k2.6', attempt: 1, promptTokens: 1_000_000, completionTokens: 100_000, cachedTokens: 0,
    estimated: false, ttftMs: 500, latencyMs: 3000, tokensPerSecond: 50, outcome: 'ok', mode: 'online', ...over,
  };
}

function seeded(): string {
  const dataDir = tempDir();
  const desk = openDesk({ dataDir });
  const ledger = new UsageLedger(desk.db);
  ledger.record(row({ at: '2026-05-01T08:00:00Z' }));
  ledger.record(row({ at: '2026-05-01T23:30:00Z', model: 'kimi-k3', completionTokens: 1_000_000 }));
  ledger.record(row({ at: '2026-05-03T12:00:00Z', model: 'mystery-model' }));
  desk.close();
  return dataDir;
}

describe('deskmate usage', () => {
  it('prints a compact table with totals and comparisons', async () => {
    const dataDir = seeded();
    const r = await run(['--data-dir', dataDir, 'usage']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('usage start … now (days in UTC)');
    expect(lines[1]).toMatch(/^day\s+model\s+requests\s+attempts\s+prompt\s+cached\s+completion\s+cost\s+per 1k q$/);
    expect(lines[2]).toMatch(/^2026-05-01\s+kimi-k2\.6\s+1\s+1\s+1,000,000\s+0\s+100,000\s+\$1\.3500\s+\$1350\.00$/);
    expect(r.out).toMatch(/^total\s+3\s+3\s+3,000,000\s+0\s+1,200,000\s+\$19\.3500/m);
    expect(r.out).toMatch(/^gateway-plan\s+comparison\s+\$0\.5040/m);
    expect(r.out).toContain('note: 1 attempts of unpriced models counted at $0');
  });

  it('filters by --since/--until (inclusive days) and emits JSON that matches the shared schema', async () => {
    const dataDir = seeded();
    const r = await run(['--data-dir', dataDir, 'usage', '--since', '2026-05-01', '--until', '2026-05-01', '--json']);
    expect(r.code).toBe(0);
    const report = UsageReport.parse(JSON.parse(r.out));
    expect(report.rows.map((x) => x.model)).toEqual(['kimi-k2.6', 'kimi-k3']);
    expect(report.since).toBe('2026-05-01T00:00:00.000Z');
    expect(report.until).toBe('2026-05-02T00:00:00.000Z');
    const text = await run(['--data-dir', dataDir, 'usage', '--since', '2026-05-01', '--until', '2026-05-01']);
    expect(text.out.split('\n')[0]).toBe('usage 2026-05-01 … 2026-05-01 (days in UTC)');
    const shifted = await run(['--data-dir', dataDir, 'usage', '--since', '2026-05-02', '--utc-offset', '120', '--json']);
    expect(UsageReport.parse(JSON.parse(shifted.out)).rows.map((x) => [x.day, x.model])).toEqual([
      ['2026-05-02', 'kimi-k3'],
      ['2026-05-03', 'mystery-model'],
    ]);
  });

  it('exports CSV with a header row and CRLF lines', async () => {
    const dataDir = seeded();
    const r = await run(['--data-dir', dataDir, 'usage', '--csv']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\r\n');
    expect(lines[0].startsWith('day,model,requests,attempts,')).toBe(true);
    expect(lines.slice(1, 4).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      '2026-05-01,kimi-k2.6',
      '2026-05-01,kimi-k3',
      '2026-05-03,mystery-model',
    ]);
    expect(lines[4]).toBe('');
  });

  it('rejects a bad date naming the flag and value, and --json with --csv', async () => {
    const dataDir = tempDir();
    const bad = await run(['--data-dir', dataDir, 'usage', '--since', '2026-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('deskmate: --since must be a date YYYY-MM-DD, got "2026-02-30"\n');
    const bad2 = await run(['--data-dir', dataDir, 'usage', '--until', 'yesterday']);
    expect(bad2.err).toContain('--until must be a date YYYY-MM-DD, got "yesterday"');
    const both = await run(['--data-dir', dataDir, 'usage', '--json', '--csv']);
    expect(both.code).toBe(2);
    expect(both.err).toContain('choose one of --json or --csv');
    const order = await run(['--data-dir', dataDir, 'usage', '--since', '2026-05-03', '--until', '2026-05-01']);
    expect(order.err).toContain('--since 2026-05-03 is after --until 2026-05-01');
    const sub = await run(['--data-dir', dataDir, 'usage', 'frobnicate']);
    expect(sub.code).toBe(2);
    expect(sub.err).toContain('unknown subcommand "frobnicate"');
  });

  it('lists and edits prices, and reports latency', async () => {
    const dataDir = seeded();
    const prices = await run(['--data-dir', dataDir, 'usage', 'prices']);
    expect(prices.out).toMatch(/^kimi-k2\.6\s+called\s+\$0\.9500\s+\$0\.1600\s+\$4\.0000/m);
    const set = await run(['--data-dir', dataDir, 'usage', 'set-price', 'mystery-model', '--input', '1', '--output', '2', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out)).toMatchObject({ model: 'mystery-model', input: 1, cachedInput: 1, output: 2, role: 'called' });
    const partial = await run(['--data-dir', dataDir, 'usage', 'set-price', 'kimi-k3', '--output', '12', '--json']);
    expect(JSON.parse(partial.out)).toMatchObject({ input: 3, cachedInput: 0.3, output: 12 });
    const missing = await run(['--data-dir', dataDir, 'usage', 'set-price', 'new-model', '--output', '1']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--input is required for a new model');
    const neg = await run(['--data-dir', dataDir, 'usage', 'set-price', 'kimi-k3', '--output=-3']);
    expect(neg.err).toContain('--output must be a price');
    const lat = await run(['--data-dir', dataDir, 'usage', 'latency', '--json']);
    expect(JSON.parse(lat.out).points.map((p: { bucket: string; attempts: number }) => [p.bucket, p.attempts])).toEqual([
      ['2026-05-01', 2],
      ['2026-05-03', 1],
    ]);
    const latText = await run(['--data-dir', dataDir, 'usage', 'latency', '--bucket', 'hour']);
    expect(latText.out).toMatch(/^2026-05-01T08:00\s+1\s+500 ms\s+500 ms\s+3000 ms\s+3000 ms\s+50\.0$/m);
    const badBucket = await run(['--data-dir', dataDir, 'usage', 'latency', '--bucket', 'week']);
    expect(badBucket.err).toContain('--bucket must be hour or day, got "week"');
  });
});
