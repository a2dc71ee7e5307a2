import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { usageMigrations } from '../../src/main/usage/migrations';
import { UsageLedger, LedgerInputError } from '../../src/main/usage/ledger';
import { UsageRow, type UsageRecordInput } from '../../src/shared/usage';

const dirs: string[] = [];
const dbs: Db[] = [];

function openFresh(): { db: Db; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-ledger-'));
  dirs.push(dir);
  const file = join(dir, 'deskmate.sqlite');
  const db = openDatabase(file);
  migrate(db, 'usage', usageMigrations);
  dbs.push(db);
  return { db, file };
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const base: UsageRecordInput = {
  sessionId: 'sess-1',
  turnId: 7,
  model: 'kimi-k2.6',
  attempt: 1,
  promptTokens: 61_234,
  completionTokens: 412,
  cachedTokens: 50_000,
  estimated: false,
  ttftMs: 850,
  latencyMs: 6200,
  tokensPerSecond: 76.3,
  outcome: 'ok',
  mode: 'online',
};

describe('UsageLedger', () => {
  it('check() validates and prices a row at once (naming a bad field) and insertChecked() stores exactly that row later, with no check inside the write', () => {
    const { db } = openFresh();
    let now = new Date('2026-04-02T10:00:00.000Z');
    const ledger = new UsageLedger(db, () => now);
    expect(() => ledger.check({ ...base, promptTokens: -1 })).toThrow(/promptTokens/);
    const checked = ledger.check(base);
    now = new Date('2026-04-02T11:00:00.000Z'); // stored an hour later: the row keeps the time it was checked at
    const id = ledger.insertChecked(checked);
    const [row] = ledger.list();
    expect(row).toMatchObject({ id, at: '2026-04-02T10:00:00.000Z', promptTokens: 61_234, priced: true });
    expect(row!.costUsd).toBe(0.0203203);
    ledger.record(base);
    expect(ledger.list({ order: 'asc' }).map((r) => r.costUsd)).toEqual([0.0203203, 0.0203203]);
  });

  it('records one row per attempt with cost from the pricing table, and reads it back after reopen', () => {
    const { db, file } = openFresh();
    const ledger = new UsageLedger(db, () => new Date('2026-04-02T10:00:00.000Z'));
    const id1 = ledger.record({ ...base, attempt: 1, outcome: 'retried', completionTokens: 0, ttftMs: null, tokensPerSecond: null, errorType: 'overloaded' });
    const id2 = ledger.record({ ...base, attempt: 2, at: '2026-04-02T10:00:05+00:00' });
    expect(id2).toBeGreaterThan(id1);
    db.close();
    const db2 = openDatabase(file);
    dbs.push(db2);
    const rows = new UsageLedger(db2).list({ order: 'asc' });
    expect(rows).toHaveLength(2);
    for (const r of rows) expect(UsageRow.safeParse(r).success).toBe(true);
    expect(rows[0]).toMatchObject({ at: '2026-04-02T10:00:00.000Z', attempt: 1, outcome: 'retried', errorType: 'overloaded', ttftMs: null, priced: true });
    expect(rows[1]).toMatchObject({ at: '2026-04-02T10:00:05.000Z', attempt: 2, turnId: 7, estimated: false, tokensPerSecond: 76.3 });
    expect(rows[1].costUsd).toBe(0.0203203);
    expect(rows[0].costUsd).toBe(0.0186723);
  });

  it('takes a given cost as is and lists by time range, newest first, with a limit', () => {
    const { db } = openFresh();
    const ledger = new UsageLedger(db);
    for (let d = 1; d <= 5; d++) ledger.record({ ...base, at: `2026-04-0${d}T12:00:00.000Z`, costUsd: d / 100 });
    const ranged = ledger.list({ since: '2026-04-02', until: new Date('2026-04-04T12:00:00.000Z') });
    expect(ranged.map((r) => r.at.slice(0, 10))).toEqual(['2026-04-03', '2026-04-02']);
    expect(ranged.map((r) => r.costUsd)).toEqual([0.03, 0.02]);
    expect(ledger.list({ limit: 1 })[0].at).toBe('2026-04-05T12:00:00.000Z');
    expect(() => ledger.list({ since: 'yesterday' })).toThrow('since is not a valid time: "yesterday"');
  });

  it('never stores a key: unknown fields are rejected and key-like text in errorType is redacted', () => {
    const { db } = openFresh();
    const ledger = new UsageLedger(db);
    const withKey = { ...base, apiKey: 'sk-live-1234567890abcdef' } as UsageRecordInput;
    expect(() => ledger.record(withKey)).toThrow(LedgerInputError);
    ledger.record({ ...base, outcome: 'error', errorType: 'auth: Incorrect API key sk-abcdef1234567890 (Bearer sk-zzz999888777)' });
    const dump = JSON.stringify(db.prepare('SELECT * FROM usage_ledger').all());
    expect(dump).not.toContain('abcdef1234567890');
    expect(dump).not.toContain('zzz999888777');
    expect(ledger.list()[0].errorType).toBe('auth: Incorrect API key [redacted] ([redacted])');
  });

  it('rejects malformed rows naming the field', () => {
    const { db } = openFresh();
    const ledger = new UsageLedger(db);
    expect(() => ledger.record({ ...base, cachedTokens: 70_000 })).toThrow(/cachedTokens/);
    expect(() => ledger.record({ ...base, attempt: 0 })).toThrow(/attempt/);
    expect(() => ledger.record({ ...base, outcome: 'weird' as never })).toThrow(/outcome/);
    expect(() => ledger.record({ ...base, promptTokens: -1 })).toThrow(/promptTokens/);
    expect(() => ledger.record({ ...base, at: 'not a time' })).toThrow('at is not a valid time: "not a time"');
    expect(ledger.list()).toEqual([]);
  });

  it('usage migration 3: a data folder at version 2 keeps its rows and loses only the unused index by session', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-ledger-'));
    dirs.push(dir);
    const file = join(dir, 'deskmate.sqlite');
    const old = openDatabase(file);
    dbs.push(old);
    migrate(old, 'usage', usageMigrations.slice(0, 2));
    const indexes = (db: Db): string[] => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_ledger' ORDER BY name").pluck().all() as string[]);
    expect(indexes(old)).toEqual(['usage_ledger_at', 'usage_ledger_session']);
    new UsageLedger(old, () => new Date('2026-05-04T10:00:00Z')).record(base);
    old.close();
    const db = openDatabase(file);
    dbs.push(db);
    expect(migrate(db, 'usage', usageMigrations)).toBe(1);
    expect(indexes(db)).toEqual(['usage_ledger_at']);
    const ledger = new UsageLedger(db, () => new Date('2026-05-04T11:00:00Z'));
    ledger.record({ ...base, sessionId: 'sess-2' });
    expect(ledger.list({ order: 'asc' }).map((r) => [r.sessionId, r.at])).toEqual([
      ['sess-1', '2026-05-04T10:00:00.000Z'],
      ['sess-2', '2026-05-04T11:00:00.000Z'],
    ]);
  });
});
