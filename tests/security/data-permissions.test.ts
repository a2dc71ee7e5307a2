// Issue 8 (6): private data is private. A new data folder is 0700 and its files (database, -wal, -shm,
// http-token) 0600; a folder or file found looser is narrowed at start with a warning naming it.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDesk } from '../../src/main/desk';
import { loadOrCreateToken } from '../../src/main/http/token-file';
import { databasePath } from '../../src/main/paths';
import { runCli } from '../support/cli';

const root = mkdtempSync(join(tmpdir(), 'deskmate-sec-perm-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const mode = (p: string): number => statSync(p).mode & 0o777;
const posix = process.platform !== 'win32';

describe.skipIf(!posix)('data folder permissions', () => {
  it('creates the folder 0700 and the database, -wal, -shm and http-token 0600, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const dir = join(root, 'fresh', 'Deskmate');
      const desk = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
      desk.sessions.createSession({ title: 'write something' });
      loadOrCreateToken(join(dir, 'http-token'), {});
      const db = databasePath(dir);
      expect(existsSync(`${db}-wal`)).toBe(true);
      expect(existsSync(`${db}-shm`)).toBe(true);
      expect(mode(dir)).toBe(0o700);
      for (const f of [db, `${db}-wal`, `${db}-shm`, join(dir, 'http-token')]) expect(mode(f), f).toBe(0o600);
      expect(desk.config.warnings).toEqual([]);
      await desk.close();
    } finally {
      process.umask(old);
    }
  });

  it('narrows a looser folder and every file in it at start, and says so', async () => {
    const dir = join(root, 'loose');
    const first = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
    first.sessions.createSession({ title: 'x' });
    await first.close();
    const db = databasePath(dir);
    writeFileSync(`${db}-wal`, '');
    writeFileSync(join(dir, 'notes.txt'), 'private');
    mkdirSync(join(dir, 'backups'), { recursive: true });
    for (const f of [db, `${db}-wal`, join(dir, 'notes.txt')]) chmodSync(f, 0o644);
    chmodSync(join(dir, 'backups'), 0o755);
    chmodSync(dir, 0o755);

    const cli = await runCli(['--data-dir', dir, 'stats'], {});
    expect(cli.code).toBe(0);
    expect(cli.err).toContain(`data folder ${dir} was readable by others (mode 0755); changed it to 0700`);
    expect(cli.err).toContain(`data file ${db} was readable by others (mode 0644)`);
    expect(cli.err).toContain(join(dir, 'notes.txt'));
    expect(mode(dir)).toBe(0o700);
    expect(mode(join(dir, 'backups'))).toBe(0o700);
    for (const f of [db, join(dir, 'notes.txt')]) expect(mode(f), f).toBe(0o600);
    if (existsSync(`${db}-wal`)) expect(mode(`${db}-wal`)).toBe(0o600);

    const again = await runCli(['--data-dir', dir, 'stats'], {});
    expect(again.err).not.toContain('readable by others');
  });
});
