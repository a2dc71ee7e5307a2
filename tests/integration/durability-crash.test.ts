// Issue 8 item 7: kill -9 mid-stream leaves no answer `streaming` forever; a full disk, a read-only database and a
// damaged file give a clear message with the path and what to do, and the question is kept and saved when possible.
// Disk full is real SQLite behaviour: `PRAGMA max_page_count` caps the real file at its current size (SQLITE_FULL
// is what a full disk returns). Read-only: tests run as root, which file modes do not stop, so the connection is
// made read-only with `PRAGMA query_only` (SQLITE_READONLY, what a read-only file or mount returns).
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk } from '../../src/main/desk';
import { databasePath } from '../../src/main/paths';
import { startFixture, type Fixture } from '../support/engine-fixture';
import { startFakeKimi } from '../support/fake-kimi';

const BIN = join(__dirname, '..', '..', 'bin', 'deskmate.js');

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const until = async (cond: () => boolean, ms = 10_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('kill -9 mid-stream', () => {
  it('the next start marks the orphaned answer interrupted (continue / ask again); a live stream of another process is left alone', async () => {
    const kimi = await startFakeKimi({ script: { answer: 'word '.repeat(400), chunkChars: 5, interChunkMs: 25 } });
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-kill9-'));
    try {
      const env = { ...process.env, KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-test-0123456789', KIMI_MODEL: 'kimi-k2.6', DESKMATE_PROFILE: 'fast' };
      const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'ask', 'Tell me about the return policy'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      await until(() => out.length > 100, 30_000);
      // While the other process streams, opening the same data folder must not touch its answer.
      const peek = openDesk({ dataDir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
      const live = peek.db.prepare("SELECT count(*) FROM turns WHERE status = 'streaming'").pluck().get();
      await peek.close();
      expect(live).toBe(1);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));

      const desk = openDesk({ dataDir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
      try {
        const rows = desk.db.prepare("SELECT id, status, text, meta FROM turns WHERE speaker = 'assistant'").all() as { id: number; status: string; text: string; meta: string }[];
        expect(rows).toHaveLength(1);
        expect(rows[0].status).toBe('interrupted');
        expect(rows[0].text.length).toBeGreaterThan(0);
        // what was persisted before the kill (the first delta at once, then every second): the answer's beginning
        expect('word '.repeat(400).startsWith(rows[0].text)).toBe(true);
        expect(JSON.parse(rows[0].meta).error).toMatchObject({ type: 'shutdown', message: expect.stringMatching(/Continue it or ask again/) });
      } finally {
        await desk.close();
      }
    } finally {
      await kimi.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('a database that cannot be written', () => {
  it('disk full: chat.ask says storage_full with the path and that the question is kept; it is saved once there is room', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const path = databasePath(fx.dataDir);
    const pages = desk.db.pragma('page_count', { simple: true }) as number;
    desk.db.pragma(`max_page_count = ${pages}`); // the file cannot grow: SQLITE_FULL, as on a full disk
    const question = `Is there a warranty on the ThinkPad X1 Carbon? ${'Please give every detail. '.repeat(300)}`;
    const r = await desk.dispatch('chat.ask', { text: question, sessionId: 'full-disk-session' }, { transport: 'http' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('storage_full');
    expect(r.error.message).toContain(path);
    expect(r.error.message).toMatch(/kept in memory/);
    desk.db.pragma('max_page_count = 1073741823'); // space freed
    await until(() => (desk.sessions.getSession('full-disk-session') ? desk.sessions.getTurns('full-disk-session') : []).some((t) => t.text === question.trim()));
  });

  it('read-only: chat.ask says storage_readonly with the path and what to do (not invalid_input / internal)', async () => {
    fx = await startFixture();
    const { desk } = fx;
    desk.db.pragma('query_only = ON');
    const r = await desk.dispatch('chat.ask', { text: 'Does the MX Master 3S work on glass?' }, { transport: 'http' });
    expect(r).toMatchObject({ ok: false, error: { code: 'storage_readonly' } });
    if (!r.ok) {
      expect(r.error.message).toContain(databasePath(fx.dataDir));
      expect(r.error.message).toMatch(/permissions/);
    }
    desk.db.pragma('query_only = OFF');
  });

  it('a damaged database file: opening says storage_corrupt with the path and what to do', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-corrupt-'));
    try {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(databasePath(dataDir), Buffer.alloc(16_384, 7));
      let err: unknown;
      try {
        openDesk({ dataDir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
      } catch (e) {
        err = e;
      }
      expect(err).toMatchObject({ code: 'storage_corrupt' });
      expect((err as Error).message).toContain(databasePath(dataDir));
      expect((err as Error).message).toMatch(/move the file .* aside/);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
