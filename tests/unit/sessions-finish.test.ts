import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { sessionMigrations } from '../../src/main/sessions/migrations';
import { FINISH_TOUCH_MS, SessionStore } from '../../src/main/sessions/store';

const dirs: string[] = [];
const dbs: Db[] = [];

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SessionStore.finishTurnIn', () => {
  it("moves the session's time only when it is more than FINISH_TOUCH_MS old (no session write for an answer that ends seconds after its question)", () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-finish-'));
    dirs.push(dir);
    const db = openDatabase(join(dir, 'deskmate.sqlite'));
    dbs.push(db);
    migrate(db, 'sessions', sessionMigrations);
    let t = Date.parse('2026-03-01T09:00:00.000Z');
    const store = new SessionStore(db, () => new Date(t));
    db.exec('CREATE TEMP TABLE session_updates (id TEXT); CREATE TEMP TRIGGER count_session_updates AFTER UPDATE ON main.sessions BEGIN INSERT INTO session_updates VALUES (new.id); END;');
    const updates = (): number => (db.prepare('SELECT count(*) AS n FROM session_updates').get() as { n: number }).n;
    const s = store.createSession({ id: 's1' });
    const [, a1] = store.addTurns('s1', [{ speaker: 'customer', text: 'Is the kettle in stock?' }, { speaker: 'assistant', text: '', status: 'streaming' }]);
    const asked = store.getSession('s1')!.updatedAt;
    expect(asked).toBe(new Date(t).toISOString());
    const before = updates();

    t += FINISH_TOUCH_MS; // exactly the limit: not older than it
    store.finishTurnIn(a1!.id, { sessionId: s.id, text: 'Yes, 12 in stock [1].', status: 'complete', meta: { model: 'kimi-k2.6' } });
    expect(updates()).toBe(before);
    expect(store.getSession('s1')!.updatedAt).toBe(asked);
    expect(store.getTurn(a1!.id)).toMatchObject({ text: 'Yes, 12 in stock [1].', status: 'complete', meta: { model: 'kimi-k2.6' }, updatedAt: new Date(t).toISOString() });

    // a long answer (its session's time older than the limit): the session moves to its end
    const [, a2] = store.addTurns('s1', [{ speaker: 'customer', text: 'And the warranty?' }, { speaker: 'assistant', text: '', status: 'streaming' }]);
    t += FINISH_TOUCH_MS + 1;
    store.finishTurnIn(a2!.id, { sessionId: s.id, text: 'Two years [2].', status: 'complete', meta: {} });
    expect(store.getSession('s1')!.updatedAt).toBe(new Date(t).toISOString());
  });
});
