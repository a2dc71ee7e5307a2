// `questionCommitMs` (deskmate serve): a new question's commit overlaps its request to Kimi and is grouped with the
// other questions of the moment. The request goes out at once; no answer text is shown or stored before the question
// is committed; the history is what the session held; a commit that fails ends the request as before.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { fillDisk, startFixture, untilStored, type Fixture } from '../support/engine-fixture';
import { databasePath } from '../../src/main/paths';
import { TurnWriter } from '../../src/main/sessions/turn-writer';

let fx: Fixture | undefined;
const others: Database.Database[] = [];
afterEach(async () => {
  for (const o of others.splice(0)) o.close();
  await fx?.close();
  fx = undefined;
});

const ANSWER = 'Opened laptops can be returned within 15 days with a 15% restocking fee [Doc-1].';
const chatRequests = (f: Fixture) => f.kimi.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** Another connection: it sees only what was committed. */
function reader(f: Fixture): Database.Database {
  const db = new Database(databasePath(f.dataDir), { readonly: true });
  others.push(db);
  return db;
}
const committed = (db: Database.Database, sessionId: string): Array<[string, string]> =>
  (db.prepare('SELECT speaker, status FROM turns WHERE session_id = ? ORDER BY seq').all(sessionId) as Array<{ speaker: string; status: string }>).map((r) => [r.speaker, r.status]);

describe('engine: a question committed with its request under way (questionCommitMs)', () => {
  it('sends the request before the commit, shows and stores no text before it, and answers with the session as history', async () => {
    // A long group window: the second question's commit waits ~400 ms after the first question's last write, while
    // the fake Kimi answers in a few ms.
    fx = await startFixture({ kimi: { script: { answer: ANSWER, interChunkMs: 1 } }, desk: { questionCommitMs: 400 } });
    const f = fx;
    const other = reader(f);
    const first = await f.desk.engine.ask({ text: 'Can I return an opened ThinkPad X1 Carbon?', sessionId: 'grouped' });
    expect(first.status).toBe('complete');

    let atRequest: Array<[string, string]> | null = null;
    let atFirstDelta: Array<[string, string]> | null = null;
    let startedId: number | null = null;
    const deltas: string[] = [];
    const asked = f.desk.engine.ask(
      { text: 'And the MX Master 3S?', sessionId: 'grouped' },
      {
        callbacks: {
          onStarted: (i) => (startedId = i.questionTurnId),
          onDelta: (d) => {
            atFirstDelta ??= committed(other, 'grouped');
            deltas.push(d);
          },
        },
      },
    );
    await f.kimi.waitFor(() => chatRequests(f).length === 2);
    atRequest = committed(other, 'grouped');
    const r = await asked;

    // The request went out while only the first exchange was committed …
    expect(atRequest).toEqual([
      ['customer', 'complete'],
      ['assistant', 'complete'],
    ]);
    // … and carried it as history, the new question last.
    const body = chatRequests(f)[1]!.body as { messages: { role: string; content: string }[] };
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'And the MX Master 3S?' });
    expect(body.messages.some((m) => m.role === 'user' && m.content === 'Can I return an opened ThinkPad X1 Carbon?')).toBe(true);
    // (an earlier answer goes back with its citations written out as sources)
    expect(body.messages.some((m) => m.role === 'assistant' && m.content.startsWith('Opened laptops can be returned within 15 days'))).toBe(true);
    // The first text reached the caller only once the question and its answer turn were committed.
    expect(atFirstDelta).toEqual([
      ['customer', 'complete'],
      ['assistant', 'complete'],
      ['customer', 'complete'],
      ['assistant', 'streaming'],
    ]);
    expect(r.status).toBe('complete');
    expect(deltas.join('')).toBe(ANSWER);
    const turns = f.desk.sessions.getTurns('grouped');
    expect(turns.map((t) => [t.speaker, t.status, t.text])).toEqual([
      ['customer', 'complete', 'Can I return an opened ThinkPad X1 Carbon?'],
      ['assistant', 'complete', first.answer],
      ['customer', 'complete', 'And the MX Master 3S?'],
      ['assistant', 'complete', ANSWER],
    ]);
    expect(startedId).toBe(turns[2]!.id);
    expect(r.questionTurnId).toBe(turns[2]!.id);
    expect(r.answerTurnId).toBe(turns[3]!.id);
    expect(f.desk.ledger.list().filter((row) => row.turnId === turns[3]!.id)).toHaveLength(1);
  });

  it('a new session: the request goes out before the session row exists; both are stored', async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER, interChunkMs: 1 } }, desk: { questionCommitMs: 20 } });
    const r = await fx.desk.engine.ask({ text: 'Can I return an opened ThinkPad X1 Carbon?', sessionId: 'fresh', customerId: 'cust-1' });
    expect(r.status).toBe('complete');
    expect(fx.desk.sessions.getSession('fresh')?.customerId).toBe('cust-1');
    expect(fx.desk.sessions.getTurns('fresh').map((t) => [t.speaker, t.status])).toEqual([
      ['customer', 'complete'],
      ['assistant', 'complete'],
    ]);
  });

  it('a commit that fails (full disk) ends the request with the storage error; the question is kept and saved later', async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER, ttftMs: 200 } }, desk: { questionCommitMs: 20 } });
    const { desk } = fx;
    const free = fillDisk(desk);
    const text = `Is there a warranty on the ThinkPad X1 Carbon? ${'Every detail please. '.repeat(300)}`;
    const deltas: string[] = [];
    await expect(desk.engine.ask({ text, sessionId: 'full' }, { callbacks: { onDelta: (d) => deltas.push(d) } })).rejects.toMatchObject({
      code: 'storage_full',
    });
    expect(deltas).toEqual([]); // nothing shown for a question that is not stored
    free();
    await untilStored(desk, 'full');
    // Only the question: no answer turn left streaming, no ledger row for an answer nobody saw.
    expect(desk.sessions.getTurns('full').map((t) => [t.speaker, t.status])).toEqual([['customer', 'complete']]);
  });
});

describe('TurnWriter: grouped question commits (saveTurns groupMs)', () => {
  it('commits at once after a quiet spell, then at most once per group window for every question queued in it', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const other = reader(fx);
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 5_000 });
    const visible = (id: string): number => (other.prepare('SELECT count(*) AS n FROM turns WHERE session_id = ?').get(id) as { n: number }).n;
    desk.sessions.createSession({ id: 'g1' });
    desk.sessions.createSession({ id: 'g2' });
    desk.sessions.createSession({ id: 'g3' });
    const t0 = performance.now();
    await writer.saveTurns('g1', [{ speaker: 'customer', text: 'first' }], { groupMs: 300 });
    expect(performance.now() - t0).toBeLessThan(250); // quiet: at the end of the turn
    const a = writer.saveTurns('g2', [{ speaker: 'customer', text: 'second' }], { groupMs: 300 });
    await new Promise((r) => setTimeout(r, 50));
    const b = writer.saveTurns('g3', [{ speaker: 'customer', text: 'third' }], { groupMs: 300 });
    expect(writer.hasPendingInsert('g2')).toBe(true);
    expect([visible('g2'), visible('g3')]).toEqual([0, 0]); // waiting for the window
    const saved = await a;
    // The same commit took the third question: it is visible as soon as the second is.
    expect([visible('g2'), visible('g3')]).toEqual([1, 1]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(250);
    expect(saved[0]!.text).toBe('second');
    expect((await b)[0]!.text).toBe('third');
    expect(writer.hasPendingInsert('g2')).toBe(false);
    writer.close();
  });
});
