import { afterEach, describe, expect, it } from 'vitest';
import { faults } from '../support/fake-kimi';
import { knowledgeOf, PRODUCTS, startFixture, type Fixture } from '../support/engine-fixture';
import { openDatabase } from '../../src/main/db';
import { importRecords } from '../../src/main/catalog';
import { getMeta } from '../../src/main/catalog/store';
import { MANUAL_INTRO, MANUAL_TOP, PASSAGE_GAP } from '../../src/main/rag/passages';
import { manualText } from '../../bench/gen/manual';
import { AnswerTurnMeta } from '../../src/shared/turn-meta';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const chatRequests = (f: Fixture) => f.kimi.requests.filter((r) => r.path.endsWith('/chat/completions'));

describe('engine: one question end to end against the fake Kimi server', () => {
  it('streams a cited answer, stores both turns and writes one ledger row', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Opened laptops can be returned within 15 days with a 15% fee [Doc-1].', interChunkMs: 2 } } });
    const deltas: string[] = [];
    let firstToken: number | null = null;
    const r = await fx.desk.engine.ask(
      { text: 'What is the return policy for the ThinkPad X1 Carbon?' },
      { callbacks: { onDelta: (d) => deltas.push(d), onFirstToken: (ms) => (firstToken = ms) } },
    );
    expect(r.status).toBe('complete');
    expect(r.mode).toBe('online');
    expect(deltas.join('')).toBe(r.answer);
    expect(firstToken).not.toBeNull();
    expect(r.citations).toEqual([{ n: 1, productId: 'LP-TP-X1C-2024', name: 'ThinkPad X1 Carbon Gen 12' }]);
    expect(r.unsupportedCitations).toEqual([]);
    expect(r.usage.estimated).toBe(false);
    expect(r.costUsd).toBeGreaterThan(0);
    // The request: grounded system prompt first, knowledge block right before the last user message, no temperature.
    const body = chatRequests(fx)[0].body as { messages: { role: string; content: string }[]; temperature?: number };
    expect(body.messages[0].role).toBe('system');
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'What is the return policy for the ThinkPad X1 Carbon?' });
    expect(body.messages.at(-2)?.role).toBe('system');
    expect(knowledgeOf(body)).toContain('LP-TP-X1C-2024');
    expect(body.temperature).toBeUndefined();
    const turns = fx.desk.sessions.getTurns(r.sessionId);
    expect(turns.map((t) => [t.speaker, t.status])).toEqual([
      ['customer', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(turns[1].text).toBe(r.answer);
    const rows = fx.desk.ledger.list();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ outcome: 'ok', sessionId: r.sessionId, model: 'kimi-k2.6', mode: 'online' });
    expect(JSON.stringify(rows)).not.toContain('sk-test');
  });

  it('sends factual temperature 0.3 to moonshot-v1 models and none to fixed-sampling models', async () => {
    fx = await startFixture({ model: 'moonshot-v1-32k' });
    await fx.desk.engine.ask({ text: 'Is the MX Master 3S in stock?' });
    expect((chatRequests(fx)[0].body as { temperature?: number }).temperature).toBe(0.3);
  });

  it('retries transient errors before the first token, one ledger row per attempt', async () => {
    fx = await startFixture();
    fx.kimi.enqueue(faults.overloaded(), faults.server(503));
    const notices: string[] = [];
    const r = await fx.desk.engine.ask({ text: 'Does the MX Master 3S work on glass?' }, { callbacks: { onNotice: (m) => notices.push(m) } });
    expect(r.status).toBe('complete');
    expect(r.attempts).toBe(3);
    expect(chatRequests(fx)).toHaveLength(3);
    expect(fx.desk.ledger.list({ order: 'asc' }).map((x) => x.outcome)).toEqual(['retried', 'retried', 'ok']);
    expect(notices.length).toBe(2);
    expect(notices[0]).toMatch(/^Kimi is busy — trying again in \d+ s \(attempt 2\)/);
  });

  it('never retries a quota error: the labelled offline answer at once, one clear reason, the question kept and queued', async () => {
    fx = await startFixture();
    fx.kimi.enqueue(faults.quota429());
    const r = await fx.desk.engine.ask({ text: 'Can I return the Sony headphones?' });
    expect(r.mode).toBe('offline');
    expect(r.answer).toMatch(/^Offline answer/);
    expect(chatRequests(fx)).toHaveLength(1);
    expect(r.error).toMatchObject({ type: 'quota', upstream: 'exceeded_current_quota_error' });
    expect(r.error?.message).toMatch(/credit|balance|quota/i);
    const stored = fx.desk.sessions.getTurn(r.answerTurnId!)!;
    expect(stored.status).toBe('offline');
    expect(stored.meta?.error).toMatchObject({ type: 'quota' });
    expect(r.queued).toBe(true);
    const q = fx.desk.sessions.getTurn(r.questionTurnId)!;
    expect(q.text).toBe('Can I return the Sony headphones?');
    expect(q.status).toBe('queued');
    expect(fx.desk.ledger.list().find((row) => row.outcome === 'error')).toMatchObject({ errorType: 'exceeded_current_quota_error' });
  });

  it('continues a dropped answer once by itself in partial mode, never repeating text', async () => {
    const full = 'The battery lasts up to fifteen hours in testing [Doc-1].';
    fx = await startFixture({ kimi: { script: { answer: full, chunkChars: 5 } } });
    fx.kimi.enqueue(faults.drop(3));
    const deltas: string[] = [];
    const r = await fx.desk.engine.ask({ text: 'How long does the battery last on the ThinkPad X1 Carbon?' }, { callbacks: { onDelta: (d) => deltas.push(d) } });
    expect(r.status).toBe('complete');
    expect(r.answer).toBe(full);
    expect(deltas.join('')).toBe(full); // what the agent saw: each piece once
    expect(chatRequests(fx)).toHaveLength(2);
    const last = (chatRequests(fx)[1].body as { messages: { role: string; content: string; partial?: boolean }[] }).messages.at(-1);
    expect(last).toEqual({ role: 'assistant', content: 'The battery las', partial: true });
    const stored = fx.desk.sessions.getTurn(r.answerTurnId!)!;
    expect(stored).toMatchObject({ status: 'complete', text: full });
    expect(stored.meta?.autoContinued).toBe(true);
  });

  it('keeps the partial answer as interrupted ("dropped") when the automatic continuation drops too; the agent continues it', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'The battery lasts up to fifteen hours in testing [Doc-1].', chunkChars: 5 } } });
    fx.kimi.enqueue(faults.drop(3), faults.drop(3));
    const r = await fx.desk.engine.ask({ text: 'How long does the battery last on the ThinkPad X1 Carbon?' });
    expect(r.status).toBe('interrupted');
    expect(r.error?.type).toBe('dropped');
    expect(r.answer).toBe('The battery lasts up to fiftee'); // 3 chunks, then 3 more: once each
    expect(chatRequests(fx)).toHaveLength(2); // one automatic continuation only
    expect(r.usage.estimated).toBe(true);
    const answer = fx.desk.sessions.getTurn(r.answerTurnId!)!;
    expect(answer).toMatchObject({ status: 'interrupted', text: 'The battery lasts up to fiftee' });
    // Continue in Moonshot partial mode: the prefix is sent as a partial assistant message.
    const c = await fx.desk.engine.ask({ text: '', continueAnswerTurnId: answer.id });
    expect(c.status).toBe('complete');
    const last = (chatRequests(fx)[2].body as { messages: { role: string; content: string; partial?: boolean }[] }).messages.at(-1);
    expect(last).toEqual({ role: 'assistant', content: 'The battery lasts up to fiftee', partial: true });
    expect(fx.desk.sessions.getTurn(answer.id)!.text).toBe('The battery lasts up to fifteen hours in testing [Doc-1].');
  });

  it('shrinks the context once and retries after a context-overflow 400', async () => {
    fx = await startFixture();
    fx.kimi.enqueue(faults.overflow());
    const r = await fx.desk.engine.ask({ text: 'ThinkPad X1 Carbon weight?' });
    expect(r.status).toBe('complete');
    expect(chatRequests(fx)).toHaveLength(2);
  });

  it('stop aborts the upstream request and keeps the partial answer', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'x'.repeat(400), chunkChars: 2, interChunkMs: 10 } } });
    const p = fx.desk.engine.ask({ text: 'Tell me about the ThinkPad X1 Carbon', requestId: 'req-stop' });
    await fx.kimi.waitFor(() => chatRequests(fx!).length === 1);
    await new Promise((res) => setTimeout(res, 120));
    expect(fx.desk.engine.stop('req-stop')).toBe(true);
    const r = await p;
    expect(r.status).toBe('interrupted');
    expect(r.answer.length).toBeGreaterThan(0);
    expect(r.answer.length).toBeLessThan(400);
    await fx.kimi.waitFor(() => fx!.kimi.aborted === 1);
    expect(fx.desk.sessions.getTurn(r.answerTurnId!)!.text).toBe(r.answer);
    expect(fx.desk.ledger.list()[0].outcome).toBe('aborted');
  });

  it('stores the question before any network call', async () => {
    fx = await startFixture();
    fx.kimi.enqueue(faults.stallHeaders());
    const controller = new AbortController();
    let stored: number | null = null;
    const p = fx.desk.engine.ask(
      { text: 'Is the ThinkPad X1 Carbon in stock?' },
      { signal: controller.signal, callbacks: { onStarted: (i) => (stored = i.questionTurnId) } },
    );
    await fx.kimi.waitFor(() => chatRequests(fx!).length === 1);
    expect(stored).not.toBeNull();
    expect(fx.desk.sessions.getTurn(stored!)!.text).toBe('Is the ThinkPad X1 Carbon in stock?');
    controller.abort();
    const r = await p;
    expect(r.status).not.toBe('complete');
    expect(fx.desk.sessions.getTurn(stored!)).toBeDefined();
  });

  it('answers from the catalog, labelled and queued, when no key is set', async () => {
    fx = await startFixture({ key: null });
    const r = await fx.desk.engine.ask({ text: 'What is the return policy for the ThinkPad X1 Carbon?' });
    expect(r.mode).toBe('offline');
    expect(r.answer).toMatch(/offline/i);
    expect(r.answer).toContain('15% restocking fee');
    expect(r.citations.map((c) => c.productId)).toContain('LP-TP-X1C-2024');
    expect(r.queued).toBe(true);
    expect(chatRequests(fx)).toHaveLength(0);
    expect(fx.desk.sessions.listQueued().map((q) => q.turn.id)).toEqual([r.questionTurnId]);
  });

  it('falls back to an offline answer when the upstream is unreachable, then re-asks online', async () => {
    fx = await startFixture({ env: { KIMI_BASE_URL: 'http://127.0.0.1:9/v1' }, desk: { envWins: false } });
    const r = await fx.desk.engine.ask({ text: 'Is the MX Master 3S in stock?' });
    expect(r.mode).toBe('offline');
    expect(r.answer).toMatch(/low.stock|low_stock/i);
    expect(r.error?.type).toBe('network');
    expect(r.attempts).toBeGreaterThanOrEqual(1); // the attempts made before falling back are counted (was 0)
    expect(r.attempts).toBe(fx.desk.ledger.list().filter((row) => row.mode === 'online').length);
    expect(fx.desk.connectivity.get().state).toBe('offline');
    // Moments later a new question does not wait out the connect timeout again: straight to the catalog.
    const rowsBefore = fx.desk.ledger.list().length;
    const second = await fx.desk.engine.ask({ sessionId: r.sessionId, text: 'And the ThinkPad X1 Carbon?' });
    expect(second.mode).toBe('offline');
    expect(fx.desk.ledger.list()).toHaveLength(rowsBefore + 1);
    expect(fx.desk.ledger.list()[0].outcome).toBe('offline');
    // Connection back: the queued question is asked again online with one action. (The base URL moves to another
    // origin, so the key is entered again for it: a key is only ever sent to the origin it was entered for.)
    fx.desk.settings.set({ baseUrl: fx.kimi.url });
    fx.desk.secrets.set('sk-test-0123456789', new URL(fx.kimi.url).origin);
    const again = await fx.desk.engine.ask({ text: '', questionTurnId: r.questionTurnId });
    expect(again.mode).toBe('online');
    expect(again.status).toBe('complete');
    expect(fx.desk.sessions.getTurn(r.questionTurnId)!.status).toBe('complete');
    expect(fx.desk.sessions.listQueued().map((q) => q.turn.id)).toEqual([second.questionTurnId]);
  });

  it('a product changed by another connection reaches the next answer, whatever was cached from the same question', async () => {
    fx = await startFixture();
    const q = 'What is the return policy for the ThinkPad X1 Carbon?';
    await fx.desk.engine.ask({ text: q });
    expect(knowledgeOf(chatRequests(fx).at(-1)!.body)).toContain('Price: 1899 USD');
    // As another serve process would: its own connection, and even the same import time (nothing for this
    // process's caches to notice but the stored content hash).
    const other = openDatabase(fx.desk.db.name);
    const at = new Date(getMeta(fx.desk.db, 'last_import_at')!);
    await importRecords(other, [{ ...PRODUCTS[0], price: 1499, return_policy_excerpt: 'Returns within 45 days, opened or not.' }], { now: () => at });
    other.close();
    await fx.desk.engine.ask({ text: q });
    const kb = knowledgeOf(chatRequests(fx).at(-1)!.body);
    expect(kb).toContain('Price: 1499 USD');
    expect(kb).toContain('Returns within 45 days, opened or not.');
    expect(kb).not.toContain('1899');
  });

  it('sends the passages of a long manual the question is about, through the wire, and cites the product', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Fill it with white vinegar and water and boil once [Doc-1].' } } });
    const sections = Array.from({ length: 24 }, (_, i) =>
      i === 19
        ? 'Descaling: fill the kettle with white vinegar and water, boil once, leave it for an hour, then rinse twice. Descale monthly in hard-water areas.'
        : `Section ${i}. ${manualText(i, 480)}`,
    );
    await importRecords(fx.desk.db, [
      { product_id: 'KET-ZEP-1', product_name: 'Zephyr kettle', category: 'kitchen', stock_status: 'in_stock', manual: sections.join('\n\n'), faq_answers: ['Holds 1.7 litres.'] },
    ]);
    const r = await fx.desk.engine.ask({ text: 'How do I descale the Zephyr kettle?' });
    expect(r.status).toBe('complete');
    expect(r.citations.map((c) => c.productId)).toEqual(['KET-ZEP-1']);
    const kb = knowledgeOf(chatRequests(fx).at(-1)!.body);
    const doc = kb.slice(kb.indexOf('Product KET-ZEP-1'));
    expect(doc).toContain('Holds 1.7 litres.');
    expect(doc).toContain(`${MANUAL_INTRO}${PASSAGE_GAP}\nDescaling: fill the kettle with white vinegar`);
    expect(doc).not.toContain('Section 0.'); // the manual's first 4,000 characters went before; the answer was past them
    expect(doc.length).toBeLessThan(1_000 + MANUAL_TOP);
    // the result says which passages of the manual went (the agent's view marks them), in the manual's offsets
    const sentDoc = r.sentDocs.find((d) => d.productId === 'KET-ZEP-1')!;
    const manual = sections.join('\n\n');
    expect(sentDoc.manualRanges!.length).toBeGreaterThan(0);
    expect(sentDoc.manualRanges!.map(([a, b]) => manual.slice(a, b)).join(' ')).toContain(sections[19]);
    expect(sentDoc.manualRanges!.every(([a, b]) => doc.includes(manual.slice(a, b).replace(/\n[ \t\r]*\n/g, '\n\n')))).toBe(true);
    const stored = AnswerTurnMeta.parse(fx.desk.sessions.getTurn(r.answerTurnId!)!.meta);
    expect(stored.sentDocs?.find((d) => d.productId === 'KET-ZEP-1')?.manualRanges).toEqual(sentDoc.manualRanges);
    // a follow-up without the manual's words: the customer's previous message still chooses
    await fx.desk.engine.ask({ sessionId: r.sessionId, text: 'How often should I do that?' });
    expect(knowledgeOf(chatRequests(fx).at(-1)!.body)).toContain('Descale monthly in hard-water areas.');
    // a new conversation, a question the manual says nothing about: its first passage, marked as going on
    await fx.desk.engine.ask({ text: 'Is the Zephyr in stock today?' });
    const next = knowledgeOf(chatRequests(fx).at(-1)!.body);
    expect(next).toContain(`${MANUAL_INTRO}\nSection 0.`);
    expect(next).not.toContain('white vinegar');
  });

  it('finds the product named earlier in the session for "can I return it?"', async () => {
    fx = await startFixture();
    const first = await fx.desk.engine.ask({ text: 'Does the Logitech MX Master 3S work on a Mac?' });
    for (let i = 0; i < 6; i++) {
      await fx.desk.engine.ask({ sessionId: first.sessionId, text: `Thanks, one more detail please (${i})` });
    }
    await fx.desk.engine.ask({ sessionId: first.sessionId, text: 'OK, can I return it if I opened the box?' });
    const last = chatRequests(fx).at(-1)!;
    expect(knowledgeOf(last.body)).toContain('ACC-MSE-WL-001');
  });

  it('fits a tight 8K window: loads the encoder off the answer path, drops the oldest turns, never overflows', async () => {
    fx = await startFixture({ model: 'moonshot-v1-8k' });
    const s = fx.desk.sessions.createSession();
    for (let i = 0; i < 60; i++) {
      fx.desk.sessions.addTurn(s.id, { speaker: i % 2 ? 'assistant' : 'customer', text: `message ${i}: ` + 'the customer explains the problem again in detail. '.repeat(12), status: 'complete' });
    }
    expect(fx.desk.tokenizer.exact).toBe(false);
    const first = await fx.desk.engine.ask({ sessionId: s.id, text: 'How heavy is the ThinkPad X1 Carbon?' });
    expect(first.status).toBe('complete'); // the fake server refuses (400) any request over the window
    expect(first.context!.droppedTurns).toBeGreaterThan(0);
    expect(first.context!.total + first.context!.reservedOutput + first.context!.margin).toBeLessThanOrEqual(8_192);
    await fx.desk.tokenizer.warmup(); // started in the background by the first request
    const second = await fx.desk.engine.ask({ sessionId: s.id, text: 'And its battery?' });
    expect(second.status).toBe('complete');
    // Exact counts fit more of the conversation than the safe upper bounds did.
    expect(second.context!.droppedTurns).toBeLessThan(first.context!.droppedTurns + 2);
    expect(second.context!.history).toBeGreaterThan(first.context!.history);
  });

  it('holds a session of 100+ turns across calls', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Noted [Doc-1].' } } });
    const s = fx.desk.sessions.createSession({ customerId: 'cust-42' });
    for (let i = 0; i < 110; i++) fx.desk.sessions.addTurn(s.id, { speaker: i % 2 ? 'assistant' : 'customer', text: `turn ${i} about the ThinkPad`, status: 'complete' });
    const r = await fx.desk.engine.ask({ sessionId: s.id, text: 'And the weight of the ThinkPad X1 Carbon?' });
    expect(r.status).toBe('complete');
    expect(fx.desk.sessions.getTurns(s.id)).toHaveLength(112);
    const msgs = (chatRequests(fx)[0].body as { messages: unknown[] }).messages;
    expect(msgs.length).toBeGreaterThan(100);
  });
});
