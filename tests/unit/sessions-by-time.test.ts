import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { sessionMigrations } from '../../src/main/sessions/migrations';
import { SessionStore } from '../../src/main/sessions/store';

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sessions migration 7 (sessions indexed by time, ascending)', () => {
  it('an existing data folder at migration 6 migrates; the list keeps newest first, ties by id, through the new index', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-by-time-'));
    dirs.push(dir);
    const file = join(dir, 'deskmate.sqlite');
    const old = openDatabase(file);
    dbs.push(old);
    migrate(old, 'sessions', sessionMigrations.slice(0, 6));
    let t = Date.parse('2026-03-01T09:00:00.000Z');
    const clock = (): Date => new Date(t);
    const store6 = new SessionStore(old, clock);
    // three sessions at one time (a writer batch gives its rows one time), then two later ones
    for (const id of ['s-c', 's-a', 's-b']) store6.createSession({ id });
    t += 1000;
    store6.createSession({ id: 's-z' });
    t += 1000;
    store6.createSession({ id: 's-y' });
    const before = store6.listSessions().map((s) => s.id);
    expect(before).toEqual(['s-y', 's-z', 's-a', 's-b', 's-c']);
    old.close();

    const db = openDatabase(file);
    dbs.push(db);
    expect(migrate(db, 'sessions', sessionMigrations)).toBe(sessionMigrations.length - 6);
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sessions' AND sql IS NOT NULL").pluck().all();
    expect(indexes).toEqual(['sessions_by_time']);
    const store = new SessionStore(db, clock);
    expect(store.listSessions().map((s) => s.id)).toEqual(before);
    expect(store.listSessions({ limit: 2, offset: 2 }).map((s) => s.id)).toEqual(['s-a', 's-b']);
    // a question into the oldest session moves it to the front
    t += 1000;
    store.addTurn('s-c', { speaker: 'customer', text: 'Is the kettle in stock?' });
    expect(store.listSessions().map((s) => s.id)).toEqual(['s-c', 's-y', 's-z', 's-a', 's-b']);
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT s.* FROM sessions s WHERE s.archived_at IS NULL ORDER BY s.updated_at DESC, s.id LIMIT 50 OFFSET 0").all() as { detail: string }[]).map((r) => r.detail);
    expect(plan.join('; ')).toContain('USING INDEX sessions_by_time');
  });
});
