// The desk-local outbox (SQLite triggers): silent without a hub, one entry per changed row, claims that never
// drop a change made during a push.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { MODULE_MIGRATIONS } from '../../src/main/schema';
import { SessionStore } from '../../src/main/sessions/store';
import { UsageLedger } from '../../src/main/usage/ledger';
import { LocalOutbox } from '../../src/main/hub/outbox-local';
import { readBatch } from '../../src/main/hub/outbox-rows';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(): Db {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-outbox-'));
  dirs.push(dir);
  const db = openDatabase(join(dir, 'desk.sqlite'));
  for (const [m, migrations] of MODULE_MIGRATIONS) migrate(db, m, migrations);
  return db;
}

const entries = (db: Db): string[] => (db.prepare('SELECT kind, ref FROM outbox ORDER BY seq').all() as { kind: string; ref: string }[]).map((e) => `${e.kind}:${e.ref}`);

function record(ledger: UsageLedger, sessionId: string, turnId: number): number {
  return ledger.record({ sessionId, turnId, model: 'kimi-k2.6', attempt: 1, promptTokens: 10, completionTokens: 5, cachedTokens: 0, estimated: false, ttftMs: 100, latencyMs: 300, tokensPerSecond: 20, outcome: 'ok', mode: 'online' });
}

describe('local outbox', () => {
  it('records nothing without a hub; enabling enqueues every existing row once', () => {
    const db = open();
    const sessions = new SessionStore(db);
    const s = sessions.createSession({ customerId: 'c1' });
    const t = sessions.addTurn(s.id, { speaker: 'customer', text: 'hello' });
    record(new UsageLedger(db), s.id, t.id);
    expect(entries(db)).toEqual([]);
    const outbox = new LocalOutbox(db);
    outbox.enable();
    outbox.enable();
    expect(entries(db)).toEqual([`session:${s.id}`, `turn:${t.id}`, 'ledger:1']);
    expect(outbox.status()).toMatchObject({ enabled: true, waiting: 3 });
    expect(outbox.deskUid()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('collapses repeated changes, skips streamed text, and keeps a change made after a claim', () => {
    const db = open();
    const outbox = new LocalOutbox(db);
    outbox.enable();
    const sessions = new SessionStore(db);
    const s = sessions.createSession();
    const t = sessions.addTurn(s.id, { speaker: 'assistant', text: '', status: 'streaming' });
    for (let i = 0; i < 20; i++) sessions.appendText(t.id, 'x');
    expect(entries(db)).toEqual([`session:${s.id}`, `turn:${t.id}`]);

    const claimed = outbox.transaction(() => outbox.claim(10));
    const batch = outbox.transaction(() => readBatch(db, claimed));
    expect(batch.turns[0].text).toBe('x'.repeat(20));
    // Written while the batch is on its way: a new entry, not lost by the ack.
    sessions.updateTurn(t.id, { text: 'final', status: 'complete' });
    outbox.ack(batch.maxSeq, 2, new Date().toISOString());
    expect(entries(db)).toEqual([`turn:${t.id}`, `session:${s.id}`]);
    const next = outbox.transaction(() => readBatch(db, outbox.claim(10)));
    expect(next.turns[0]).toMatchObject({ text: 'final', status: 'complete' });
  });

  it('a ledger row waits while its answer streams; deleted rows are pushed as deletions', () => {
    const db = open();
    const outbox = new LocalOutbox(db);
    outbox.enable();
    const sessions = new SessionStore(db);
    const s = sessions.createSession();
    const t = sessions.addTurn(s.id, { speaker: 'assistant', text: '', status: 'streaming' });
    record(new UsageLedger(db), s.id, t.id);
    const b = outbox.transaction(() => readBatch(db, outbox.claim(10)));
    expect(b.ledger).toEqual([]);
    expect(b.ledgerLater).toEqual(['1']);
    sessions.updateTurn(t.id, { status: 'complete', text: 'ok', meta: { escalation: { needed: true }, noInformation: false } });
    const all = (): never => db.prepare('SELECT seq, kind, ref FROM outbox ORDER BY seq').all() as never;
    expect(readBatch(db, all()).ledger.map((l) => [l.id, l.escalated, l.no_information])).toEqual([[1, 1, 0]]);
    sessions.deleteSession(s.id);
    const after = readBatch(db, all());
    expect(after.deletedSessions).toEqual([s.id]);
    expect(after.deletedTurns).toEqual([t.id]);
  });
});
