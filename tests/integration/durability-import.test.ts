// Issue 8 item 4: an import and a running desk share the data folder. A write conflict never ends or truncates
// an answer (the text stays in memory and is saved when the lock frees) and is never called an upstream error;
// an import in another process finishes next to a desk that writes all the time.
import { afterEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { startFixture, type Fixture } from '../support/engine-fixture';
import { importRecords } from '../../src/main/catalog';
import { databasePath } from '../../src/main/paths';

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

const ANSWER = 'I can confirm the ThinkPad X1 Carbon can be returned within 15 days when opened, with a 15% fee [Doc-1].';

describe('a write conflict next to a live answer', () => {
  it('another connection holding the write lock past busy_timeout neither truncates nor fails the answer; it is saved when the lock frees', async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER, chunkChars: 4, interChunkMs: 15 } } });
    const desk = fx.desk;
    desk.db.pragma('busy_timeout = 100'); // what 5 s is to a long import transaction, 100 ms is to this test
    const other = new Database(databasePath(fx.dataDir));
    let held = false;
    let release: NodeJS.Timeout | undefined;
    const notices: string[] = [];
    try {
      const r = await desk.engine.ask(
        { text: 'Can I return an opened ThinkPad X1 Carbon?' },
        {
          callbacks: {
            onNotice: (m) => notices.push(m),
            onFirstToken: () => {
              // "an import" takes the write lock just as the answer starts, and keeps it until after the answer ends
              other.exec('BEGIN IMMEDIATE');
              held = true;
              release = setTimeout(() => {
                other.exec('COMMIT');
                held = false;
              }, 2_500); // past the writer's busyMs (1 s): the agent is told
            },
          },
        },
      );
      expect(held).toBe(true); // the whole answer streamed while the database was locked
      expect(r.status).toBe('complete');
      expect(r.error).toBeNull();
      expect(r.answer).toBe(ANSWER);
      expect(desk.connectivity.get().state).not.toBe('degraded');
      expect(notices.join(' ')).toMatch(/busy/);
      // Saved once the lock frees: the whole text, complete.
      await until(() => !held);
      await until(() => desk.sessions.getTurn(r.answerTurnId!)?.status === 'complete');
      expect(desk.sessions.getTurn(r.answerTurnId!)?.text).toBe(ANSWER);
    } finally {
      clearTimeout(release);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});

describe('deskmate import in another process next to a desk writing all the time', () => {
  it('re-imports a catalog (read-then-write transactions) while the desk commits every few ms: neither side gets "database is locked"', async () => {
    fx = await startFixture();
    const desk = fx.desk;
    const N = 6_000;
    const rec = (i: number, stock: string) => ({
      product_id: `DUR-${i}`,
      product_name: `Durable widget ${i}`,
      category: 'widgets',
      specifications: { size: `${i % 17} cm` },
      stock_status: stock,
      price: 10 + (i % 50),
    });
    await importRecords(desk.db, Array.from({ length: N }, (_, i) => rec(i, 'in_stock')));
    // The daily feed: most rows unchanged (reads), every 7th changed (writes).
    const file = join(fx.dataDir, 'feed.jsonl');
    writeFileSync(file, Array.from({ length: N }, (_, i) => JSON.stringify(rec(i, i % 7 === 0 ? 'low_stock' : 'in_stock'))).join('\n') + '\n');

    const session = desk.sessions.createSession();
    const turn = desk.sessions.addTurn(session.id, { speaker: 'assistant', text: '', status: 'streaming' });
    const deskErrors: string[] = [];
    let writes = 0;
    const tick = setInterval(() => {
      // What a desk answering in a loop does: read-then-write updates of a turn.
      try {
        desk.sessions.updateTurn(turn.id, { text: `x${writes++}` });
      } catch (err) {
        deskErrors.push((err as Error).message);
      }
    }, 3);
    try {
      const child = spawn(process.execPath, [BIN, '--data-dir', fx.dataDir, 'import', file, '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, DESKMATE_IMPORT_WORKER: '0' },
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(err).not.toMatch(/locked/);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ updated: Math.ceil(N / 7), unchanged: N - Math.ceil(N / 7), rejected: [] });
    } finally {
      clearInterval(tick);
    }
    expect(writes).toBeGreaterThan(10);
    expect(deskErrors).toEqual([]);
  }, 120_000);
});
