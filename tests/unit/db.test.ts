import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '../../src/main/db';

describe('migrate', () => {
  it('applies each module step once, in order, and journals it', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'deskmate-db-')), 'x.sqlite');
    const db = openDatabase(file);
    const steps = [
      { version: 1, name: 'create', up: (d: typeof db) => d.exec('CREATE TABLE t (a INTEGER)') },
      { version: 2, name: 'add b', up: (d: typeof db) => d.exec('ALTER TABLE t ADD COLUMN b TEXT') },
    ];
    expect(migrate(db, 'm', steps.slice(0, 1))).toBe(1);
    expect(migrate(db, 'm', steps)).toBe(1);
    expect(migrate(db, 'm', steps)).toBe(0);
    expect(migrate(db, 'other', [{ version: 1, name: 'x', up: (d) => d.exec('CREATE TABLE u (a)') }])).toBe(1);
    const rows = db.prepare('SELECT module, version, name FROM schema_migrations ORDER BY module, version').all();
    expect(rows).toEqual([
      { module: 'm', version: 1, name: 'create' },
      { module: 'm', version: 2, name: 'add b' },
      { module: 'other', version: 1, name: 'x' },
    ]);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('rolls back a failing step and leaves the journal unchanged', () => {
    const db = openDatabase(':memory:');
    const bad = [{ version: 1, name: 'bad', up: (d: typeof db) => { d.exec('CREATE TABLE t (a)'); throw new Error('boom'); } }];
    expect(() => migrate(db, 'm', bad)).toThrow('boom');
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 't'").get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM schema_migrations').get()).toEqual({ n: 0 });
  });

  it('rejects a gap in version numbers', () => {
    const db = openDatabase(':memory:');
    expect(() => migrate(db, 'm', [{ version: 2, name: 'x', up: () => {} }])).toThrow(/expected version 1/);
  });
});
