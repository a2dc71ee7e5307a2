import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, migrate, type Db } from '../../src/main/db';
import { sessionMigrations } from '../../src/main/sessions/migrations';
import { SessionStore } from '../../src/main/sessions/store';

const dirs: string[] = [];
const dbs: Db[] = [];

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskmate-fts-merge-'));
  dirs.push(dir);
  return join(dir, 'deskmate.sqlite');
}

function config(db: Db): Record<string, unknown> {
  return Object.fromEntries((db.prepare('SELECT k, v FROM turn_fts_config').all() as { k: string; v: unknown }[]).map((r) => [r.k, r.v]));
}

afterEach(() => {
  for (const db of dbs.splice(0)) if (db.open) db.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sessions migration 6 (turn text index merge settings)', () => {
  it('an existing data folder at migration 5 migrates: its turns stay findable, the index merges 8 segments at a time', () => {
    const file = tempFile();
    const old = openDatabase(file);
    dbs.push(old);
    migrate(old, 'sessions', sessionMigrations.slice(0, 5));
    expect(config(old).automerge).toBeUndefined();
    const store5 = new SessionStore(old);
    const s = store5.createSession();
    // many indexing transactions: several index segments written under the old settings
    for (let i = 0; i < 40; i++) store5.addTurn(s.id, { speaker: i % 2 ? 'assistant' : 'customer', text: `turn ${i} about the kettle model K${i}00` });
    old.close();

    const db = openDatabase(file);
    dbs.push(db);
    expect(migrate(db, 'sessions', sessionMigrations)).toBe(sessionMigrations.length - 5);
    expect(config(db)).toMatchObject({ automerge: 8, crisismerge: 64 });
    const store = new SessionStore(db);
    expect(store.listSessions({ query: 'K3900' }).map((x) => x.id)).toEqual([s.id]);
    // written after the migration: indexed (and merged) under the new settings, found with the old ones
    for (let i = 40; i < 80; i++) store.addTurn(s.id, { speaker: 'customer', text: `turn ${i} about the kettle model K${i}00` });
    expect(store.listSessions({ query: 'K7900' }).map((x) => x.id)).toEqual([s.id]);
    expect(db.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"kettle\"'").get()).toEqual({ n: 80 });
    db.exec("INSERT INTO turn_fts (turn_fts, rank) VALUES ('integrity-check', 0)");
  });

  it('a new data folder gets the same settings', () => {
    const db = openDatabase(tempFile());
    dbs.push(db);
    migrate(db, 'sessions', sessionMigrations);
    expect(config(db)).toMatchObject({ automerge: 8, crisismerge: 64 });
  });
});
