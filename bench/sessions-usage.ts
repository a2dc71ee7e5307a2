// `npm run bench -- sessions [--sessions 2000] [--turns 47]` and `npm run bench -- usage [--rows 100000]`:
// the session store and the usage ledger on a real SQLite file (temp dir), figures printed per operation.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './registry';
import { openDatabase, migrate, type Db } from '../src/main/db';
import { sessionMigrations } from '../src/main/sessions/migrations';
import { usageMigrations } from '../src/main/usage/migrations';
import { SessionStore } from '../src/main/sessions/store';
import { UsageLedger } from '../src/main/usage/ledger';
import { usageReport } from '../src/main/usage/report';
import { latencySeries } from '../src/main/usage/latency';
import { toCsv } from '../src/main/usage/csv';
import { percentile } from '../src/main/usage/latency';

function option(args: string[], name: string, fallback: number): number {
  const k = args.indexOf(`--${name}`);
  const n = k >= 0 ? Number(args[k + 1]) : fallback;
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got ${args[k + 1]}`);
  return n;
}

function out(line: string): void {
  process.stdout.write(line + '\n');
}

/** Runs `fn` `n` times; prints p50 / p95 / max in ms. */
function timeMany(label: string, n: number, fn: (i: number) => void): void {
  const t: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn(i);
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const f = (v: number | null): string => (v ?? 0).toFixed(3);
  out(`${label.padEnd(44)} n=${n}  p50 ${f(percentile(t, 50))} ms  p95 ${f(percentile(t, 95))} ms  max ${f(t[t.length - 1])} ms`);
}

function timeOnce<T>(label: string, fn: () => T): T {
  const t0 = performance.now();
  const r = fn();
  out(`${label.padEnd(44)} ${(performance.now() - t0).toFixed(1)} ms`);
  return r;
}

function withDb(module: 'sessions' | 'usage', body: (db: Db) => void): void {
  const dir = mkdtempSync(join(tmpdir(), `deskmate-bench-${module}-`));
  const db = openDatabase(join(dir, 'deskmate.sqlite'));
  migrate(db, module, module === 'sessions' ? sessionMigrations : usageMigrations);
  try {
    body(db);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const WORDS = ['laptop', 'charger', 'return', 'warranty', 'battery', 'screen', 'refund', 'order', 'delivery', 'headphones',
  'bluetooth', 'pairing', 'firmware', 'invoice', 'exchange', 'broken', 'replacement', 'size', 'colour', '退货', '充电器', '保修'];

function sentence(i: number, len: number): string {
  const w: string[] = [];
  for (let k = 0; k < len; k++) w.push(WORDS[(i * 7 + k * 13) % WORDS.length]);
  return w.join(' ');
}

export const sessionsBench: Bench = {
  name: 'sessions',
  async run(args) {
    const nSessions = option(args, 'sessions', 2000);
    const nTurns = option(args, 'turns', 47);
    withDb('sessions', (db) => {
      const store = new SessionStore(db);
      const speakers = ['customer', 'assistant', 'agent'] as const;
      const ids: string[] = [];
      const t0 = performance.now();
      for (let s = 0; s < nSessions; s++) {
        const { id } = store.createSession({ customerId: `C-${s}` });
        ids.push(id);
        for (let t = 0; t < nTurns; t++) {
          const text = `${sentence(s + t, 12 + (t % 30))}${t === 0 ? ` order ORD${100_000 + s}` : ''}`;
          store.addTurn(id, { speaker: speakers[t % 3], text });
        }
      }
      const ms = performance.now() - t0;
      const total = nSessions * nTurns;
      out(`filled ${nSessions} sessions × ${nTurns} turns = ${total} turns in ${(ms / 1000).toFixed(1)} s (${(total / (ms / 1000)).toFixed(0)} turns/s, one tx per turn)`);
      const big = store.createSession();
      for (let t = 0; t < 150; t++) store.addTurn(big.id, { speaker: speakers[t % 3], text: sentence(t, 40) });
      timeMany('addTurn (autocommit)', 500, (i) => store.addTurn(big.id, { speaker: 'agent', text: sentence(i, 20) }));
      const a = store.addTurn(big.id, { speaker: 'assistant', text: '', status: 'streaming' });
      timeMany('appendText (streaming, 1 UPDATE)', 2000, (i) => store.appendText(a.id, ` token${i}`));
      timeOnce('updateTurn → complete (indexes ~20 kB text)', () => store.updateTurn(a.id, { status: 'complete' }));
      timeMany('getTurns all (650 turns)', 50, () => store.getTurns(big.id));
      timeMany(`getTurns all (${nTurns} turns)`, 200, (i) => store.getTurns(ids[i % ids.length]));
      timeMany('getTurns last 50 (paging)', 200, () => store.getTurns(big.id, { limit: 50 }));
      timeMany('listSessions (newest 50)', 200, () => store.listSessions({ limit: 50 }));
      timeMany('listSessions query "ORD100777" (rare, FTS)', 50, () => store.listSessions({ query: 'ORD100777', limit: 50 }));
      timeMany('listSessions query "replacement" (common, FTS)', 50, () => store.listSessions({ query: 'replacement', limit: 50 }));
      timeMany('listSessions query "firmware invoice" (common)', 50, () => store.listSessions({ query: 'firmware invoice', limit: 50 }));
      timeMany('listSessions query "保修" (2 chars: scan)', 20, () => store.listSessions({ query: '保修', limit: 50 }));
      timeMany('listSessions query "C-1999" (customer id)', 50, () => store.listSessions({ query: 'C-1999', limit: 50 }));
      timeMany('listQueued', 50, () => store.listQueued());
      const pages = db.pragma('page_count', { simple: true }) as number;
      const size = db.pragma('page_size', { simple: true }) as number;
      out(`database ${((pages * size) / 1e6).toFixed(1)} MB`);
    });
  },
};

export const usageBench: Bench = {
  name: 'usage',
  async run(args) {
    const rows = option(args, 'rows', 100_000);
    withDb('usage', (db) => {
      const start = Date.parse('2026-01-01T00:00:00Z');
      const span = 90 * 86_400_000;
      const ledger = new UsageLedger(db);
      const models = ['kimi-k2.6', 'kimi-k3', 'moonshot-v1-128k'];
      const t0 = performance.now();
      db.transaction(() => {
        for (let i = 0; i < rows; i++) {
          const prompt = 20_000 + ((i * 7919) % 180_000);
          ledger.record({
            at: new Date(start + Math.floor((i / rows) * span)).toISOString(), sessionId: `s${i % 5000}`, turnId: i,
            model: models[i % 3], attempt: 1 + (i % 17 === 0 ? 1 : 0), promptTokens: prompt,
            cachedTokens: Math.floor(prompt * 0.6), completionTokens: 200 + (i % 600), estimated: i % 50 === 0,
            ttftMs: 400 + (i % 2000), latencyMs: 3000 + ((i * 31) % 12_000), tokensPerSecond: 30 + (i % 70),
            outcome: i % 17 === 1 ? 'retried' : 'ok', mode: 'online',
          });
        }
      })();
      const ms = performance.now() - t0;
      out(`recorded ${rows} rows over 90 days in ${(ms / 1000).toFixed(2)} s (${(rows / (ms / 1000)).toFixed(0)} rows/s, one tx)`);
      timeMany('record one row (autocommit)', 500, (i) =>
        ledger.record({ sessionId: 'x', model: 'kimi-k2.6', attempt: 1, promptTokens: 1000 + i, completionTokens: 10, cachedTokens: 0,
          estimated: false, ttftMs: 1, latencyMs: 2, tokensPerSecond: 3, outcome: 'ok', mode: 'online' }));
      const report = timeOnce(`usageReport, all ${rows} rows (day × model)`, () => usageReport(ledger, ledger.pricing));
      out(`  → ${report.rows.length} report rows, ${report.totals.comparisons.length} comparisons each`);
      timeOnce('usageReport, last 7 days', () => usageReport(ledger, ledger.pricing, { since: new Date(start + span - 7 * 86_400_000) }));
      timeOnce('  of which ledger.timings (SQL)', () => ledger.timings({ bucket: 'day', outcomes: ['ok'] }));
      timeOnce(`latencySeries day, all rows`, () => latencySeries(ledger, { bucket: 'day' }));
      timeOnce('latencySeries hour, last 24 h', () => latencySeries(ledger, { bucket: 'hour', since: new Date(start + span - 86_400_000) }));
      const csv = timeOnce('toCsv(report)', () => toCsv(report));
      out(`  → ${csv.length} bytes`);
      timeMany('list newest 100', 50, () => ledger.list({ limit: 100 }));
    });
  },
};
