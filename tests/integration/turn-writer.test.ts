// The writes of one answered stream (issue 13): the question and the answer it streams into in one transaction
// before any network call; the final writes of answers that end together in one batch (no read of the row); a read
// after `ask` resolves sees the answer; storage trouble keeps everything queued in order; nothing is left streaming.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { fillDisk, startFixture, untilStored, type Fixture } from '../support/engine-fixture';
import { databasePath } from '../../src/main/paths';
import { createEngine } from '../../src/main/rag/engine';
import { TurnWriter } from '../../src/main/sessions/turn-writer';
import type { TurnRow } from '../../src/main/sessions/rows';

let fx: Fixture | undefined;
const others: Database.Database[] = [];
afterEach(async () => {
  for (const o of others.splice(0)) {
    if (o.inTransaction) o.exec('ROLLBACK');
    o.close();
  }
  await fx?.close();
  fx = undefined;
});

/** A second connection to the desk's file: it sees only what was committed. */
function reader(f: Fixture): Database.Database {
  const db = new Database(databasePath(f.dataDir));
  others.push(db);
  return db;
}

const rows = (db: Database.Database, sessionId: string): TurnRow[] =>
  db.prepare('SELECT * FROM turns WHERE session_id = ? ORDER BY seq').all(sessionId) as TurnRow[];

const ANSWER = 'Opened laptops can be returned within 15 days with a 15% restocking fee [Doc-1].';

describe('the writes of one answered stream', () => {
  it('stores the question and the streaming answer it fills in one commit before Kimi is asked; a read after ask sees the final answer', async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER, chunkChars: 8, interChunkMs: 2 } } });
    const f = fx;
    const other = reader(f);
    let atStart: TurnRow[] = [];
    let requestsAtStart = -1;
    const r = await f.desk.engine.ask(
      { text: 'Can I return an opened ThinkPad X1 Carbon?', sessionId: 'one-commit' },
      {
        callbacks: {
          onStarted: () => {
            atStart = rows(other, 'one-commit');
            requestsAtStart = f.kimi.requests.filter((q) => q.path.endsWith('/chat/completions')).length;
          },
        },
      },
    );
    expect(requestsAtStart).toBe(0);
    expect(atStart.map((t) => [t.seq, t.speaker, t.status, t.text])).toEqual([
      [1, 'customer', 'complete', 'Can I return an opened ThinkPad X1 Carbon?'],
      [2, 'assistant', 'streaming', ''],
    ]);
    expect(atStart[1]!.created_at).toBe(atStart[0]!.created_at); // one transaction, one time
    expect(JSON.parse(atStart[1]!.meta!)).toMatchObject({ mode: 'online', writerPid: process.pid });
    expect(r.answerTurnId).toBe(atStart[1]!.id);
    // No wait and no drain: resolved means committed.
    const after = rows(other, 'one-commit');
    expect(after.map((t) => [t.speaker, t.status, t.text])).toEqual([
      ['customer', 'complete', 'Can I return an opened ThinkPad X1 Carbon?'],
      ['assistant', 'complete', ANSWER],
    ]);
    // The final meta is written whole: what the stream started with plus the answer's own keys.
    const meta = JSON.parse(after[1]!.meta!) as Record<string, unknown>;
    expect(meta).toMatchObject({ mode: 'online', requestId: JSON.parse(atStart[1]!.meta!).requestId, model: 'kimi-k2.6' });
    expect(meta.sentDocs).toEqual(r.sentDocs);
    expect(other.prepare('SELECT turn_count, title FROM sessions WHERE id = ?').get('one-commit')).toEqual({
      turn_count: 2,
      title: 'Can I return an opened ThinkPad X1 Carbon?',
    });
  });

  it('answers that end together share one batch: neither is visible before it commits, both after', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const other = reader(fx);
    const s = desk.sessions.createSession({ id: 'batch' });
    const [a, b] = desk.sessions.addTurns(s.id, [
      { speaker: 'assistant', text: '', status: 'streaming' },
      { speaker: 'assistant', text: '', status: 'streaming' },
    ]);
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 200 });
    writer.appendText(a!.id, 'partial a');
    writer.finishTurn(a!.id, { sessionId: s.id, text: 'whole a', status: 'complete', meta: { mode: 'online', k: 1 } });
    writer.appendText(b!.id, 'partial b');
    writer.finishTurn(b!.id, { sessionId: s.id, text: 'whole b', status: 'interrupted', meta: { mode: 'online' } });
    expect(rows(other, 'batch').map((t) => t.status)).toEqual(['streaming', 'streaming']);
    await writer.settled();
    expect(writer.state.ok).toBe(true);
    expect(rows(other, 'batch').map((t) => [t.text, t.status, t.meta])).toEqual([
      ['whole a', 'complete', '{"mode":"online","k":1}'],
      ['whole b', 'interrupted', '{"mode":"online"}'],
    ]);
    // finished turns are searchable at once
    expect(desk.sessions.listSessions({ query: 'whole' }).map((x) => x.id)).toEqual(['batch']);
    writer.close();
  });

  it('a lock held longer than busyMs: settled() resolves, the state says busy, and everything is saved in order when it frees', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const s = desk.sessions.createSession({ id: 'locked' });
    const [q, a] = desk.sessions.addTurns(s.id, [
      { speaker: 'customer', text: 'Does it work on glass?' },
      { speaker: 'assistant', text: '', status: 'streaming' },
    ]);
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 10, busyMs: 30, retryMs: 10 });
    const other = reader(fx);
    other.exec('BEGIN IMMEDIATE');
    writer.appendText(a!.id, 'It works ');
    writer.appendText(a!.id, 'on glass.');
    writer.finishTurn(a!.id, { sessionId: s.id, text: 'It works on glass.', status: 'complete', meta: { mode: 'online' } });
    writer.updateTurn(q!.id, { status: 'queued' }, { batch: true });
    await writer.settled();
    expect(writer.state).toMatchObject({ ok: false, kind: 'busy' });
    expect(writer.pending).toBeGreaterThan(0);
    other.exec('COMMIT');
    expect(await writer.drain(5_000)).toBe(true);
    expect(writer.state.ok).toBe(true);
    expect(desk.sessions.getTurns(s.id).map((t) => [t.text, t.status])).toEqual([
      ['Does it work on glass?', 'queued'],
      ['It works on glass.', 'complete'],
    ]);
    writer.close();
  });

  it('a short hold of the lock by another connection: the batch is retried by timers (the event loop runs meanwhile), settled() resolves once it is saved, and busy is never reported', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const s = desk.sessions.createSession({ id: 'short-lock' });
    const [a] = desk.sessions.addTurns(s.id, [{ speaker: 'assistant', text: '', status: 'streaming' }]);
    const states: string[] = [];
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 5, busyMs: 5_000, onState: (st) => states.push(st.ok ? 'ok' : st.kind) });
    const other = reader(fx);
    other.exec('BEGIN IMMEDIATE');
    // Released by a timer of this very process: a writer sleeping in SQLite's busy wait would hold the event loop
    // and this timer could not run before its wait ran out.
    let ticks = 0;
    const tick = setInterval(() => ticks++, 2);
    setTimeout(() => other.exec('COMMIT'), 80);
    writer.finishTurn(a!.id, { sessionId: s.id, text: 'It works on glass.', status: 'complete', meta: { mode: 'online' } });
    writer.updateTurn(a!.id, { meta: { mode: 'online', checked: true } }); // an unbatched write meets the lock too
    expect(writer.pending).toBe(2); // not saved, and the call returned
    expect(desk.db.pragma('busy_timeout', { simple: true })).toBe(5_000); // the connection's own wait is back
    await writer.settled();
    clearInterval(tick);
    expect(other.inTransaction).toBe(false);
    expect(ticks).toBeGreaterThan(5);
    expect(writer.state.ok).toBe(true);
    expect(states).toEqual([]); // a short wait for the lock is no trouble: nothing for the agent to see
    expect(writer.pending).toBe(0);
    const [row] = rows(reader(fx), 'short-lock');
    expect([row!.text, row!.status, JSON.parse(row!.meta!)]).toEqual(['It works on glass.', 'complete', { mode: 'online', checked: true }]);
    writer.close();
  });

  it('a long batch is split into transactions of batchBudgetMs (the rest in the next event-loop turn); settled() resolves once its own writes are saved; questions go ahead of the queue', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const s = desk.sessions.createSession({ id: 'split' });
    const answers = desk.sessions.addTurns(s.id, [0, 1, 2].map(() => ({ speaker: 'assistant' as const, text: '', status: 'streaming' as const })));
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 60_000, batchBudgetMs: 0 }); // one op per transaction
    const other = reader(fx);
    const statuses = (): string[] => rows(other, 'split').map((t) => t.status);
    answers.forEach((a, i) => writer.finishTurn(a.id, { sessionId: s.id, text: `answer ${i}`, status: 'complete', meta: {} }));
    writer.flush();
    expect(statuses()).toEqual(['complete', 'streaming', 'streaming']); // one committed alone, the rest queued
    expect(writer.pending).toBe(2);
    await writer.settled();
    expect(statuses()).toEqual(['complete', 'complete', 'complete']);
    // a caller that needs the id at once gets it ahead of a queue longer than one transaction: questions go first
    answers.forEach((a) => writer.appendText(a.id, ' more'));
    const [q] = writer.addTurns(s.id, [{ speaker: 'customer', text: 'And the warranty?' }]);
    expect(q!.seq).toBe(4);
    expect(rows(other, 'split').map((t) => t.text)).toEqual(['answer 0', 'answer 1', 'answer 2', 'And the warranty?']);
    expect(writer.pending).toBe(3); // the streamed text, in its order, after it
    // and so does a question that waits without blocking (saveTurns): the next transaction, not the last of them
    answers.forEach((a) => writer.appendText(a.id, '!'));
    const [q2] = await writer.saveTurns(s.id, [{ speaker: 'customer', text: 'And the battery?' }]);
    expect(q2!.seq).toBe(5);
    expect(rows(other, 'split').map((t) => t.text).slice(3)).toEqual(['And the warranty?', 'And the battery?']);
    expect(writer.pending).toBeGreaterThan(0);
    await writer.settled();
    expect(rows(other, 'split').map((t) => t.text)).toEqual(['answer 0 more!', 'answer 1 more!', 'answer 2 more!', 'And the warranty?', 'And the battery?']);
    writer.close();
  });

  it('a question not saved within questionWaitMs without any storage trouble (writes queued before it) says storage_busy, kept in memory, and is saved after', async () => {
    fx = await startFixture();
    const { desk } = fx;
    desk.sessions.createSession({ id: 'behind' });
    // one write per transaction and no wait: the second question is not reached by the first attempt
    const writer = new TurnWriter(desk.db, desk.sessions, { batchBudgetMs: 0, questionWaitMs: 0 });
    const first = writer.saveTurns('behind', [{ speaker: 'customer', text: 'First question?' }]);
    const second = writer.saveTurns('behind', [{ speaker: 'customer', text: 'Second question?' }]);
    await expect(first).resolves.toMatchObject([{ seq: 1 }]);
    await expect(second).rejects.toMatchObject({ code: 'storage_busy', message: expect.stringMatching(/behind with its writes.*kept in memory/) });
    expect(writer.state.ok).toBe(true); // nothing is wrong with the database
    await writer.settled();
    expect(rows(reader(fx), 'behind').map((t) => [t.seq, t.text])).toEqual([[1, 'First question?'], [2, 'Second question?']]);
    writer.close();
  });

  it("another connection holding the write lock when a question arrives: the question's commit waits without blocking the loop and lands before Kimi is asked; the answer is stored when ask resolves", async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER, chunkChars: 8, interChunkMs: 2 } } });
    const f = fx;
    const other = reader(f);
    other.exec('BEGIN IMMEDIATE');
    const chat = (): number => f.kimi.requests.filter((q) => q.path.endsWith('/chat/completions')).length;
    let atRelease: { rows: number; requests: number } | undefined;
    // released by this process's own timer: only possible if the question's commit does not sleep on the loop
    setTimeout(() => {
      atRelease = { rows: rows(other, 'contended').length, requests: chat() };
      other.exec('COMMIT');
    }, 150);
    let atStart: TurnRow[] = [];
    let requestsAtStart = -1;
    const r = await f.desk.engine.ask(
      { text: 'Can I return an opened ThinkPad X1 Carbon?', sessionId: 'contended' },
      {
        callbacks: {
          onStarted: () => {
            atStart = rows(reader(f), 'contended');
            requestsAtStart = chat();
          },
        },
      },
    );
    expect(atRelease).toEqual({ rows: 0, requests: 0 }); // nothing committed and nothing asked while the lock was held
    expect(requestsAtStart).toBe(0);
    expect(atStart.map((t) => [t.speaker, t.status])).toEqual([
      ['customer', 'complete'],
      ['assistant', 'streaming'],
    ]);
    expect(r.status).toBe('complete');
    expect(rows(reader(f), 'contended').map((t) => [t.speaker, t.status, t.text])).toEqual([
      ['customer', 'complete', 'Can I return an opened ThinkPad X1 Carbon?'],
      ['assistant', 'complete', ANSWER],
    ]);
  });

  it('a full disk at the question keeps only the question (no answer left streaming once it is saved)', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const free = fillDisk(desk);
    const text = `Is there a warranty on the ThinkPad X1 Carbon? ${'Every detail please. '.repeat(300)}`;
    await expect(desk.engine.ask({ text, sessionId: 'full' })).rejects.toMatchObject({ code: 'storage_full' });
    free();
    await untilStored(desk, 'full');
    expect(desk.sessions.getTurns('full').map((t) => [t.speaker, t.status])).toEqual([['customer', 'complete']]);
  });

  it('a failure after the question is stored (retrieval throws) marks the reserved answer failed and queues the question', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const engine = createEngine({
      db: desk.db,
      sessions: desk.sessions,
      ledger: desk.ledger,
      connectivity: desk.connectivity,
      settings: () => desk.settings.get(),
      client: () => null,
      tokenizer: desk.tokenizer,
      search: () => {
        throw new Error('the catalog index is broken');
      },
    });
    await expect(engine.ask({ text: 'Does the MX Master 3S work on glass?', sessionId: 'broken' })).rejects.toThrow(/index is broken/);
    const turns = desk.sessions.getTurns('broken');
    expect(turns.map((t) => [t.speaker, t.status])).toEqual([
      ['customer', 'queued'],
      ['assistant', 'error'],
    ]);
    expect(turns[1]!.meta?.error).toMatchObject({ type: 'internal' });
    expect(String((turns[1]!.meta?.error as { message: string }).message)).toMatch(/index is broken.*question is saved/);
  });

  it('turn text is indexed in batches; a search finds every finished turn at once and never by its old text', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const db = desk.db;
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n;
    const found = (q: string): string[] => desk.sessions.listSessions({ query: q }).map((x) => x.id);
    const s = desk.sessions.createSession({ id: 'indexed' });
    const writer = new TurnWriter(db, desk.sessions, { batchMs: 5, indexMs: 60_000 });
    const [q, a] = writer.addTurns(s.id, [
      { speaker: 'customer', text: 'Does the espresso grinder fit?' },
      { speaker: 'assistant', text: '', status: 'streaming' },
    ]);
    writer.appendText(a!.id, 'The burr espresso grinder ');
    await writer.settled();
    expect(found('burr')).toEqual([]); // streaming text is not searchable
    writer.finishTurn(a!.id, { sessionId: s.id, text: 'The burr grinder fits the espresso machine.', status: 'complete', meta: {} });
    await writer.settled();
    // stored, not indexed yet: found by its text
    expect(count("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'")).toBe(0);
    expect(count('SELECT count(*) AS n FROM turn_fts_pending')).toBe(2);
    expect(found('burr grinder')).toEqual(['indexed']);
    expect(found('grinder fit')).toEqual(['indexed']);
    expect(desk.sessions.indexPending()).toBe(2);
    expect(count('SELECT count(*) AS n FROM turn_fts_pending')).toBe(0);
    expect(count("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'")).toBe(2);
    expect(found('burr grinder')).toEqual(['indexed']);
    // an indexed turn rewritten: its old entry is stale until indexed again, and never matches meanwhile
    writer.updateTurn(a!.id, { text: 'Rewritten: the conical mill is compatible.' });
    expect(count('SELECT count(*) AS n FROM turn_fts_pending WHERE stale = 1')).toBe(1);
    expect(found('burr grinder')).toEqual([]);
    expect(found('conical mill')).toEqual(['indexed']);
    desk.sessions.indexPending();
    expect(found('burr grinder')).toEqual([]);
    expect(found('conical mill')).toEqual(['indexed']);
    expect(found('espresso grinder')).toEqual(['indexed']); // the question, indexed
    // a deleted session leaves nothing pending and nothing indexed
    writer.updateTurn(q!.id, { text: 'Does the espresso grinder fit the Gaggia?' });
    expect(desk.sessions.deleteSession(s.id)).toBe(true);
    expect(count('SELECT count(*) AS n FROM turn_fts_pending')).toBe(0);
    expect(count("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"espresso\"'")).toBe(0);
    writer.close();
  });

  it('the writer indexes what is pending within indexMs, in one transaction of its own', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const s = desk.sessions.createSession({ id: 'timer' });
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 5, indexMs: 30 });
    for (let i = 0; i < 3; i++) writer.addTurns(s.id, [{ speaker: 'customer', text: `question number ${i} about tripods` }]);
    expect((desk.db.prepare('SELECT count(*) AS n FROM turn_fts_pending').get() as { n: number }).n).toBe(3);
    const end = Date.now() + 5_000;
    while ((desk.db.prepare('SELECT count(*) AS n FROM turn_fts_pending').get() as { n: number }).n > 0) {
      if (Date.now() > end) throw new Error('not indexed');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect((desk.db.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"tripods\"'").get() as { n: number }).n).toBe(3);
    writer.close();
  });

  it('a long index backlog is taken in passes of 100 turns, one per event-loop turn (no long pass holding the loop and the lock)', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const s = desk.sessions.createSession({ id: 'backlog' });
    const writer = new TurnWriter(desk.db, desk.sessions, { batchMs: 5, indexMs: 20 });
    const passes: number[] = [];
    const store = desk.sessions;
    const indexPending = store.indexPending.bind(store);
    store.indexPending = (limit?: number) => {
      const n = indexPending(limit);
      passes.push(n);
      return n;
    };
    writer.addTurns(s.id, Array.from({ length: 250 }, (_, i) => ({ speaker: 'customer' as const, text: `question ${i} about lenses` })));
    const end = Date.now() + 5_000;
    while ((desk.db.prepare('SELECT count(*) AS n FROM turn_fts_pending').get() as { n: number }).n > 0) {
      if (Date.now() > end) throw new Error('not indexed');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(passes).toEqual([100, 100, 50]);
    expect((desk.db.prepare("SELECT count(*) AS n FROM turn_fts WHERE turn_fts MATCH '\"lenses\"'").get() as { n: number }).n).toBe(250);
    writer.close();
  });

  it('closing the desk mid-answer saves the stopped answer whole (text and status) before the file closes', async () => {
    const long = 'The ThinkPad X1 Carbon ships with a 57 Wh battery that lasts up to fifteen hours. '.repeat(6);
    fx = await startFixture({ kimi: { script: { answer: long, chunkChars: 4, interChunkMs: 15 } } });
    const f = fx;
    let first!: () => void;
    const gotFirst = new Promise<void>((r) => (first = r));
    const asking = f.desk.engine.ask({ text: 'How long does the battery last?', sessionId: 'closing' }, { callbacks: { onFirstToken: () => first() } });
    await gotFirst;
    await new Promise((r) => setTimeout(r, 120));
    await f.desk.close();
    const r = await asking;
    expect(r.status).not.toBe('complete');
    expect(r.answer.length).toBeGreaterThan(0);
    const other = reader(f);
    const [, answer] = rows(other, 'closing');
    expect(answer!.text).toBe(r.answer);
    expect(answer!.status).toBe('interrupted');
  });

  it('a question into a new session inserts the session whole (customer, agent, turn count, title: no UPDATE of it); into an existing one, the turns follow its last', async () => {
    fx = await startFixture();
    const { desk } = fx;
    const db = desk.db;
    db.exec('CREATE TEMP TABLE session_updates (id TEXT); CREATE TEMP TRIGGER count_session_updates AFTER UPDATE ON main.sessions BEGIN INSERT INTO session_updates VALUES (new.id); END;');
    const updates = (): number => (db.prepare('SELECT count(*) AS n FROM session_updates').get() as { n: number }).n;
    const session = (id: string) => db.prepare('SELECT customer_id, agent_id, title, title_auto, turn_count, created_at, updated_at FROM sessions WHERE id = ?').get(id) as Record<string, unknown>;
    const writer = new TurnWriter(db, desk.sessions, { batchMs: 5 });
    writer.ensureSession('fresh', { customerId: 'C-17', agentId: 'agent-a' });
    const [q, a] = await writer.saveTurns('fresh', [
      { speaker: 'customer', text: '  Can I   return an opened espresso grinder?  ' },
      { speaker: 'assistant', text: '', status: 'streaming' },
    ]);
    expect(updates()).toBe(0);
    const fresh = session('fresh');
    expect(fresh).toMatchObject({ customer_id: 'C-17', agent_id: 'agent-a', title: 'Can I return an opened espresso grinder?', title_auto: 1, turn_count: 2 });
    expect(fresh.updated_at).toBe(fresh.created_at);
    expect([q!.seq, a!.seq, q!.createdAt]).toEqual([1, 2, fresh.created_at]);
    expect(desk.sessions.getTurns('fresh').map((t) => [t.seq, t.speaker, t.status])).toEqual([[1, 'customer', 'complete'], [2, 'assistant', 'streaming']]);
    // the same session again, from another agent: customer kept, agent updated, turns after the last, title kept
    writer.ensureSession('fresh', { customerId: 'C-99', agentId: 'agent-b' });
    const [q2] = await writer.saveTurns('fresh', [{ speaker: 'customer', text: 'And the warranty?' }]);
    expect(q2!.seq).toBe(3);
    expect(session('fresh')).toMatchObject({ customer_id: 'C-17', agent_id: 'agent-b', title: 'Can I return an opened espresso grinder?', turn_count: 3 });
    // a session the agent titled keeps its title; one with no customer yet gets this one
    desk.sessions.createSession({ id: 'named', title: 'Grinder case' });
    writer.ensureSession('named', { customerId: 'C-5' });
    await writer.saveTurns('named', [{ speaker: 'customer', text: 'Is it in stock?' }]);
    expect(session('named')).toMatchObject({ customer_id: 'C-5', title: 'Grinder case', turn_count: 1 });
    // a new session whose first turns hold no customer text: no title
    writer.ensureSession('untitled');
    await writer.saveTurns('untitled', [{ speaker: 'agent', text: 'Note for the team.' }]);
    expect(session('untitled')).toMatchObject({ title: '', title_auto: 1, turn_count: 1, agent_id: null });
    // every turn stored is searchable, new session or not
    expect(desk.sessions.listSessions({ query: 'espresso grinder' }).map((x) => x.id)).toEqual(['fresh']);
    writer.close();
  });

  it("a new session's earlier conversation (conversation_context) is stored with the question, in the same commit", async () => {
    fx = await startFixture({ kimi: { script: { answer: ANSWER } } });
    const f = fx;
    const other = reader(f);
    let atStart: TurnRow[] = [];
    await f.desk.engine.ask(
      {
        text: 'And if it was opened?',
        sessionId: 'with-context',
        conversationContext: [
          { role: 'system', content: 'ignored' },
          { role: 'user', content: 'Can I return a ThinkPad X1 Carbon?' },
          { role: 'assistant', content: 'Unopened, within 30 days.' },
        ],
      },
      { callbacks: { onStarted: () => (atStart = rows(other, 'with-context')) } },
    );
    expect(atStart.map((t) => [t.seq, t.speaker, t.status])).toEqual([
      [1, 'customer', 'complete'],
      [2, 'assistant', 'complete'],
      [3, 'customer', 'complete'],
      [4, 'assistant', 'streaming'],
    ]);
    expect(new Set(atStart.map((t) => t.created_at)).size).toBe(1);
    expect(f.desk.sessions.getSession('with-context')?.title).toBe('Can I return a ThinkPad X1 Carbon?');
    // the prompt carried the context as history
    const body = f.kimi.requests.find((r) => r.path.endsWith('/chat/completions'))!.body as { messages: { content: string }[] };
    expect(body.messages.some((m) => m.content === 'Unopened, within 30 days.')).toBe(true);
  });
});
