import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { sessionMigrations } from '../../src/main/sessions/migrations';
import { SessionStore } from '../../src/main/sessions/store';
import { SessionInputError, SessionNotFoundError, TurnNotFoundError } from '../../src/main/sessions/errors';
import { titleFrom } from '../../src/main/sessions/rows';
import { Turn } from '../../src/shared/domain';

const dirs: string[] = [];
const dbs: Db[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-sessions-'));
  dirs.push(dir);
  return join(dir, 'deskmate.sqlite');
}

function open(file: string): Db {
  const db = openDatabase(file);
  migrate(db, 'sessions', sessionMigrations);
  dbs.push(db);
  return db;
}

/** A clock that advances one second per call, from a fixed start. */
function steppingClock(start = Date.parse('2026-03-01T09:00:00.000Z')): () => Date {
  let t = start;
  return () => new Date((t += 1000));
}

function counterIds(): () => string {
  let n = 0;
  return () => `s${++n}`;
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SessionStore', () => {
  it('round-trips a 150-turn session in order with seq, speakers, statuses and meta', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    const s = store.createSession({ customerId: 'C-42' });
    const speakers = ['customer', 'assistant', 'agent'] as const;
    for (let i = 0; i < 150; i++) {
      store.addTurn(s.id, { speaker: speakers[i % 3], text: `turn ${i} ✓ 笔记本`, meta: i % 10 === 0 ? { n: i } : undefined });
    }
    const turns = store.getTurns(s.id);
    expect(turns).toHaveLength(150);
    expect(turns.map((t) => t.seq)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    expect(turns.map((t) => t.text)).toEqual(Array.from({ length: 150 }, (_, i) => `turn ${i} ✓ 笔记本`));
    expect(turns[1].speaker).toBe('assistant');
    expect(turns[30].meta).toEqual({ n: 30 });
    expect(turns[31].meta).toBeUndefined();
    for (const t of turns) expect(Turn.safeParse(t).success).toBe(true);
    expect(store.getSession(s.id)?.turnCount).toBe(150);

    const page = store.getTurns(s.id, { limit: 20 });
    expect(page.map((t) => t.seq)).toEqual(Array.from({ length: 20 }, (_, i) => 131 + i));
    const earlier = store.getTurns(s.id, { limit: 5, beforeSeq: 131 });
    expect(earlier.map((t) => t.seq)).toEqual([126, 127, 128, 129, 130]);
  });

  it('keeps a partial answer with status interrupted, grown by appendText, and merges meta shallowly', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    const s = store.createSession();
    store.addTurn(s.id, { speaker: 'customer', text: 'Does the X200 laptop support USB-C charging?' });
    const a = store.addTurn(s.id, { speaker: 'assistant', text: '', status: 'streaming', meta: { mode: 'online', model: 'kimi-k2.6' } });
    for (const d of ['Yes', ', the X200', ' charges over', ' USB-C [Doc-1]']) store.appendText(a.id, d);
    expect(store.getTurn(a.id)?.text).toBe('Yes, the X200 charges over USB-C [Doc-1]');
    const done = store.updateTurn(a.id, { status: 'interrupted', meta: { error: 'stream dropped', model: 'kimi-k3' } });
    expect(done.status).toBe('interrupted');
    expect(done.text).toBe('Yes, the X200 charges over USB-C [Doc-1]');
    expect(done.meta).toEqual({ mode: 'online', model: 'kimi-k3', error: 'stream dropped' });
    expect(done.updatedAt > a.updatedAt).toBe(true);
    expect(() => store.appendText(999_999, 'x')).toThrow(TurnNotFoundError);
    expect(() => store.updateTurn(999_999, { text: 'x' })).toThrow('turn not found: 999999');
  });

  it('persists sessions and turns across close and reopen of a real file', () => {
    const file = tempFile();
    const db1 = open(file);
    const store1 = new SessionStore(db1, steppingClock(), counterIds());
    const s = store1.createSession({ id: 'web-123', customerId: 'C-7' });
    store1.addTurn(s.id, { speaker: 'customer', text: 'Where is my order?' });
    const a = store1.addTurn(s.id, { speaker: 'assistant', text: 'Part', status: 'streaming' });
    store1.appendText(a.id, 'ial');
    db1.close();

    const store2 = new SessionStore(open(file));
    expect(store2.getSession('web-123')).toMatchObject({ customerId: 'C-7', title: 'Where is my order?', turnCount: 2 });
    const turns = store2.getTurns('web-123');
    expect(turns.map((t) => [t.speaker, t.text, t.status])).toEqual([
      ['customer', 'Where is my order?', 'complete'],
      ['assistant', 'Partial', 'streaming'],
    ]);
    expect(store2.addTurn('web-123', { speaker: 'agent', text: 'ok' }).seq).toBe(3);
  });

  it('titles a session from its first customer turn unless renamed', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    const s = store.createSession();
    store.addTurn(s.id, { speaker: 'agent', text: 'Hello, how can I help?' });
    expect(store.getSession(s.id)?.title).toBe('');
    const long = 'My   new\nWidget Pro 3000 stopped pairing with the base station after the firmware update yesterday';
    store.addTurn(s.id, { speaker: 'customer', text: long });
    store.addTurn(s.id, { speaker: 'customer', text: 'second question' });
    const title = store.getSession(s.id)?.title ?? '';
    expect(title).toBe(titleFrom(long));
    expect(title.startsWith('My new Widget Pro 3000 stopped pairing')).toBe(true);
    expect(Array.from(title).length).toBeLessThanOrEqual(61);
    expect(title.endsWith('…')).toBe(true);
    expect(store.renameSession(s.id, 'Pairing issue').title).toBe('Pairing issue');
    const t = store.createSession({ title: 'Given' });
    store.addTurn(t.id, { speaker: 'customer', text: 'hi' });
    expect(store.getSession(t.id)?.title).toBe('Given');
  });

  it('lists sessions newest activity first and searches title, customer id and turn text (CJK too)', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    const a = store.createSession({ customerId: 'ACME-1', title: 'Refund request' });
    const b = store.createSession({ customerId: 'BETA-2' });
    const c = store.createSession({ customerId: 'GAMMA-3' });
    store.addTurn(b.id, { speaker: 'customer', text: 'My laptop will not charge after the update' });
    store.addTurn(c.id, { speaker: 'customer', text: '笔记本电脑无法充电' });
    store.addTurn(c.id, { speaker: 'assistant', text: 'Streaming laptop answer', status: 'streaming' });
    expect(store.listSessions().map((s) => s.id)).toEqual([c.id, b.id, a.id]);
    store.addTurn(a.id, { speaker: 'agent', text: 'note' });
    expect(store.listSessions().map((s) => s.id)).toEqual([a.id, c.id, b.id]);
    expect(store.listSessions({ limit: 1, offset: 1 }).map((s) => s.id)).toEqual([c.id]);

    expect(store.listSessions({ query: 'refund' }).map((s) => s.id)).toEqual([a.id]);
    expect(store.listSessions({ query: 'beta-2' }).map((s) => s.id)).toEqual([b.id]);
    expect(store.listSessions({ query: 'LAPTOP charge' }).map((s) => s.id)).toEqual([b.id]);
    expect(store.listSessions({ query: 'charge laptop' }).map((s) => s.id)).toEqual([b.id]);
    expect(store.listSessions({ query: 'laptop refund' })).toEqual([]);
    expect(store.listSessions({ query: '无法充电' }).map((s) => s.id)).toEqual([c.id]);
    // Two-character terms fall back to a scan of turn text.
    expect(store.listSessions({ query: '充电' }).map((s) => s.id)).toEqual([c.id]);
    expect(store.listSessions({ query: 'my' }).map((s) => s.id)).toEqual([b.id]);
    // A finished streaming turn becomes searchable.
    expect(store.listSessions({ query: 'streaming' })).toEqual([]);
    const streaming = store.getTurns(c.id)[1];
    store.updateTurn(streaming.id, { status: 'complete' });
    expect(store.listSessions({ query: 'streaming' }).map((s) => s.id)).toEqual([c.id]);
    // Special characters are literal, not syntax.
    expect(store.listSessions({ query: '"laptop' })).toEqual([]);
    expect(store.listSessions({ query: '100%' })).toEqual([]);
    expect(store.listSessions({ query: '   ' })).toHaveLength(3);
  });

  it('ensureSession creates once and is idempotent; deleteSession removes turns and their index rows', () => {
    const db = open(tempFile());
    const store = new SessionStore(db, steppingClock(), counterIds());
    const first = store.ensureSession('client-abc');
    const again = store.ensureSession('client-abc', { customerId: 'C-1' });
    expect(again.createdAt).toBe(first.createdAt);
    expect(again.customerId).toBe('C-1');
    expect(store.ensureSession('client-abc', { customerId: 'C-2' }).customerId).toBe('C-1');
    expect(store.listSessions()).toHaveLength(1);
    store.addTurn('client-abc', { speaker: 'customer', text: 'unique phrase here' });
    expect(store.deleteSession('client-abc')).toBe(true);
    expect(store.deleteSession('client-abc')).toBe(false);
    expect(db.prepare('SELECT count(*) AS n FROM turns').get()).toEqual({ n: 0 });
    expect(db.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"unique\"'").get()).toEqual({ n: 0 });
  });

  it('migration 2 re-indexes turns written under migration 1 (contentless index)', () => {
    const file = tempFile();
    const db1 = openDatabase(file);
    migrate(db1, 'sessions', sessionMigrations.slice(0, 1));
    const old = new SessionStore(db1, steppingClock(), counterIds());
    const s = old.createSession();
    old.addTurn(s.id, { speaker: 'customer', text: 'The espresso machine leaks water' });
    old.addTurn(s.id, { speaker: 'assistant', text: 'half an espresso answer', status: 'streaming' });
    db1.close();
    const db2 = open(file);
    const store = new SessionStore(db2, steppingClock(), counterIds());
    expect(store.listSessions({ query: 'leaks water' }).map((x) => x.id)).toEqual([s.id]);
    expect(db2.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'").get()).toEqual({ n: 1 });
    const streaming = store.getTurns(s.id)[1];
    store.updateTurn(streaming.id, { text: 'full espresso answer', status: 'complete' });
    expect(db2.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'").get()).toEqual({ n: 2 });
    store.updateTurn(streaming.id, { text: 'rewritten reply' });
    expect(db2.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'").get()).toEqual({ n: 1 });
  });

  it('keeps queued questions to re-ask online and marks them answered', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    const s1 = store.createSession();
    const s2 = store.createSession();
    const q1 = store.addTurn(s1.id, { speaker: 'customer', text: 'Is it waterproof?', status: 'queued' });
    store.addTurn(s1.id, { speaker: 'assistant', text: 'Offline answer [Doc-1]', status: 'offline' });
    const q2 = store.addTurn(s2.id, { speaker: 'customer', text: 'Warranty?', status: 'queued' });
    expect(store.listQueued().map((q) => [q.sessionId, q.turn.id])).toEqual([
      [s1.id, q1.id],
      [s2.id, q2.id],
    ]);
    expect(store.markAnswered(q1.id).status).toBe('complete');
    expect(store.listQueued().map((q) => q.turn.id)).toEqual([q2.id]);
    expect(() => store.markAnswered(424242)).toThrow(TurnNotFoundError);
  });

  it('rejects bad input with clear errors naming the value', () => {
    const store = new SessionStore(open(tempFile()), steppingClock(), counterIds());
    expect(() => store.addTurn('nope-404', { speaker: 'customer', text: 'hi' })).toThrow(SessionNotFoundError);
    expect(() => store.addTurn('nope-404', { speaker: 'customer', text: 'hi' })).toThrow('session not found: "nope-404"');
    expect(() => store.getTurns('nope-404')).toThrow('"nope-404"');
    expect(() => store.renameSession('nope-404', 'x')).toThrow('"nope-404"');
    const s = store.createSession();
    expect(() => store.createSession({ id: s.id })).toThrow(`session already exists: "${s.id}"`);
    expect(() => store.addTurn(s.id, { speaker: 'bot' as never, text: 'x' })).toThrow(/invalid speaker "bot"/);
    expect(() => store.addTurn(s.id, { speaker: 'agent', text: 'x', status: 'done' as never })).toThrow(SessionInputError);
    expect(() => store.addTurn(s.id, { speaker: 'agent', text: 42 as never })).toThrow('text must be a string, got number 42');
    expect(() => store.addTurn(s.id, { speaker: 'agent', text: 'x', meta: [] as never })).toThrow(/meta must be a JSON object/);
    expect(() => store.ensureSession('')).toThrow(/session id must be a non-empty string/);
    expect(() => store.listSessions({ limit: 0 })).toThrow(/limit must be an integer/);
    expect(store.getSession('nope-404')).toBeUndefined();
    expect(store.getTurn(123)).toBeUndefined();
    expect(store.getSession(s.id)?.turnCount).toBe(0);
  });
});
