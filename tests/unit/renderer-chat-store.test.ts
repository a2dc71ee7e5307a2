import { describe, expect, it } from 'vitest';
import type { AnswerResult } from '../../src/shared/answer';
import type { Turn } from '../../src/shared/domain';
import { createChatStore } from '../../src/renderer/src/stores/chat';
import { deriveItems } from '../../src/renderer/src/features/chat/items';
import { answerView, rowData } from '../../src/renderer/src/features/chat/select';
import { fakeApi, flush, manualFrames } from './renderer-fake-api';

const NOW = '2026-01-01T00:00:00.000Z';
const turn = (id: number, speaker: Turn['speaker'], text: string, extra: Partial<Turn> = {}): Turn => ({
  id,
  sessionId: 's1',
  seq: id,
  speaker,
  text,
  status: 'complete',
  createdAt: NOW,
  updatedAt: NOW,
  ...extra,
});
const summary = { id: 's1', customerId: null, title: 'Return a laptop', createdAt: NOW, updatedAt: NOW, turnCount: 2 };

function result(over: Partial<AnswerResult> = {}): AnswerResult {
  return {
    answer: 'Yes, within 30 days [Doc-1].',
    mode: 'online',
    status: 'complete',
    citations: [{ n: 1, productId: 'P1', name: 'X200' }],
    unsupportedCitations: [],
    noInformation: false,
    escalation: { needed: false, reason: null },
    usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, totalTokens: 15, estimated: false },
    costUsd: 0.001,
    ttftMs: 100,
    latencyMs: 300,
    attempts: 1,
    sessionId: 's1',
    questionTurnId: 1,
    answerTurnId: 2,
    model: 'kimi-k2.6',
    sentDocs: [{ n: 1, productId: 'P1', name: 'X200', kind: 'product' }],
    context: null,
    queued: false,
    error: null,
    ...over,
  };
}

function setup() {
  let stored: Turn[] = [];
  const api = fakeApi({
    'chat.ask': () => ({ requestId: 'r1', sessionId: 's1', questionTurnId: 1, answerTurnId: null }),
    'sessions.get': () => ({ session: summary, turns: stored }),
    'chat.stop': () => ({ stopped: true }),
  });
  const frames = manualFrames();
  const changed: string[] = [];
  const { store, dispose } = createChatStore({ api, schedule: frames.schedule, onSessionChanged: (id) => changed.push(id), newSessionId: () => 's1' });
  return { api, frames, store, dispose, changed, setStored: (t: Turn[]) => (stored = t) };
}

const progress = (text: string, over: Record<string, unknown> = {}) => ({
  requestId: 'r1',
  sessionId: 's1',
  answerTurnId: 2,
  phase: 'streaming' as const,
  text,
  sentDocs: [{ n: 1, productId: 'P1', name: 'X200', kind: 'product' as const }],
  context: null,
  ...over,
});

describe('chat store', () => {
  it('sends the draft, shows the question at once, and starts a new session', async () => {
    const { api, store, changed } = setup();
    store.getState().setDraft('  Can I return it?  ');
    const sending = store.getState().send();
    expect(store.getState().turns.map((t) => t.text)).toEqual(['Can I return it?']);
    expect(store.getState().draft).toBe('');
    expect(await sending).toBe(true);
    expect(api.calls[0]).toEqual({ route: 'chat.ask', input: { sessionId: 's1', text: 'Can I return it?' } });
    expect(store.getState().sessionId).toBe('s1');
    expect(store.getState().pending.r1).toMatchObject({ questionTurnId: 1, phase: 'retrieving' });
    expect(changed).toEqual(['s1']);
  });

  it('applies streamed snapshots once per frame, the newest winning', async () => {
    const { api, frames, store } = setup();
    store.getState().setDraft('q');
    await store.getState().send();
    let updates = 0;
    const off = store.subscribe(() => updates++);
    for (let i = 1; i <= 50; i++) api.emit('chat.progress', progress('x'.repeat(i)));
    expect(updates).toBe(0);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(updates).toBe(1);
    expect(store.getState().pending.r1!.text).toBe('x'.repeat(50));
    off();
  });

  it('finishes with chat.done: final text, result kept, stored turns reloaded, late snapshots ignored', async () => {
    const { api, frames, store, setStored } = setup();
    store.getState().setDraft('Can I return it?');
    await store.getState().send();
    api.emit('chat.progress', progress('Yes, with'));
    setStored([turn(1, 'customer', 'Can I return it?'), turn(2, 'assistant', 'Yes, within 30 days [Doc-1].')]);
    api.emit('chat.done', { requestId: 'r1', result: result() }); // before the frame: the snapshot is flushed first
    expect(store.getState().pending.r1).toMatchObject({ phase: 'done', text: 'Yes, within 30 days [Doc-1].' });
    api.emit('chat.progress', progress('stale'));
    frames.frame();
    expect(store.getState().pending.r1?.text ?? 'pruned').not.toBe('stale');
    await flush();
    expect(store.getState().turns.map((t) => t.id)).toEqual([1, 2]);
    expect(store.getState().pending.r1).toBeUndefined(); // the stored turn replaced it
    expect(store.getState().results[2]?.citations).toHaveLength(1);
    const view = answerView(rowData(store.getState(), 't2'));
    expect(view).toMatchObject({ status: 'complete', mode: 'online', sentDocs: [{ n: 1 }] });
  });

  it('shows a failure whose chat.done arrives before the ask returns, in a new chat, with no ghost row', async () => {
    const { api, store } = setup();
    api.handlers['chat.ask'] = () => {
      const failed = result({ status: 'error', answer: '', answerTurnId: null, error: { type: 'quota', message: 'Out of credit.' } });
      api.emit('chat.done', { requestId: 'r1', result: failed });
      return { requestId: 'r1', sessionId: 's1', questionTurnId: 1, answerTurnId: null };
    };
    store.getState().setDraft('Warranty?');
    expect(await store.getState().send()).toBe(true);
    expect(store.getState().error).toMatchObject({ code: 'quota', message: 'Out of credit.' });
    expect(Object.values(store.getState().pending).filter((p) => p.phase !== 'done')).toEqual([]);
  });

  it('keeps the question and says why when the desk refuses the ask', async () => {
    const { api, store } = setup();
    api.handlers['chat.ask'] = () => ({ ok: false, error: { code: 'transport', message: 'socket hang up' } });
    store.getState().setDraft('Is it in stock?');
    expect(await store.getState().send()).toBe(false);
    const s = store.getState();
    expect(s.turns).toEqual([]);
    expect(s.draft).toBe('Is it in stock?');
    expect(s.error).toMatchObject({ code: 'transport', question: 'Is it in stock?' });
  });

  it('turns an engine error into a chat error that can be retried with the stored question', async () => {
    const { api, store, setStored } = setup();
    store.getState().setDraft('Warranty?');
    await store.getState().send();
    setStored([turn(1, 'customer', 'Warranty?', { status: 'queued' })]);
    api.emit('chat.done', {
      requestId: 'r1',
      result: result({ answer: '', status: 'error', answerTurnId: 2, error: { type: 'quota', message: 'The account has no credit.' } }),
    });
    expect(store.getState().error).toMatchObject({ code: 'quota', questionTurnId: 1, question: 'Warranty?' });
    api.handlers['chat.reask'] = () => ({ requestId: 'r2', sessionId: 's1', questionTurnId: 1, answerTurnId: null });
    expect(await store.getState().reask(1)).toBe(true);
    expect(api.calls.at(-1)).toEqual({ route: 'chat.reask', input: { questionTurnId: 1 } });
    expect(store.getState().error).toBeNull();
  });

  it('stops every answer being written in the open session, once', async () => {
    const { api, store } = setup();
    store.getState().setDraft('q');
    await store.getState().send();
    await store.getState().stop();
    await store.getState().stop();
    expect(api.calls.filter((c) => c.route === 'chat.stop')).toEqual([{ route: 'chat.stop', input: { requestId: 'r1' } }]);
    expect(store.getState().pending.r1!.stopping).toBe(true);
  });

  it('ignores an older session load that answers after a newer one', async () => {
    const { api, store } = setup();
    let release: (v: unknown) => void = () => undefined;
    api.handlers['sessions.get'] = (input) =>
      (input as { id: string }).id === 'old'
        ? new Promise((r) => (release = r))
        : { session: { ...summary, id: 'new' }, turns: [turn(9, 'customer', 'new one')] };
    const first = store.getState().openSession('old');
    await store.getState().openSession('new');
    release({ session: { ...summary, id: 'old' }, turns: [turn(1, 'customer', 'old one')] });
    await first;
    expect(store.getState().sessionId).toBe('new');
    expect(store.getState().turns.map((t) => t.text)).toEqual(['new one']);
  });

  it('forgets an answer that finished in a session not on screen', async () => {
    const { api, store } = setup();
    await store.getState().openSession('s1');
    api.emit('chat.progress', progress('elsewhere', { requestId: 'r7', sessionId: 's2', answerTurnId: 40 }));
    api.emit('chat.done', { requestId: 'r7', result: result({ sessionId: 's2', answerTurnId: 40, questionTurnId: 39 }) });
    expect(store.getState().pending.r7).toBeUndefined();
    expect(store.getState().results[40]?.sessionId).toBe('s2');
  });

  it('unsubscribes from every event on dispose', () => {
    const { api, dispose } = setup();
    expect(api.listenerCount('chat.progress')).toBe(1);
    dispose();
    expect(api.listenerCount('chat.progress') + api.listenerCount('chat.done') + api.listenerCount('chat.notice')).toBe(0);
  });
});

describe('conversation rows', () => {
  const turns = [turn(1, 'customer', 'q1'), turn(2, 'assistant', 'a1'), turn(3, 'customer', 'q2')];
  const pending = (over: Record<string, unknown>) => ({
    requestId: 'r9',
    sessionId: 's1',
    questionTurnId: 3,
    answerTurnId: null,
    phase: 'streaming' as const,
    text: 'partial',
    sentDocs: [],
    context: null,
    notice: null,
    result: null,
    stopping: false,
    ...over,
  });

  it('places an answer being written right after its question until it has a stored turn', () => {
    const items = deriveItems(turns, { r9: pending({}) }, 's1');
    expect(items.map((i) => i.key)).toEqual(['t1', 't2', 't3', 'rr9']);
    expect(items[1]!.questionTurnId).toBe(1);
    expect(items[3]!.questionTurnId).toBe(3);
  });

  it('shows the live text in place of its stored streaming turn (by id or by the request id in meta)', () => {
    const streaming = turn(4, 'assistant', '', { status: 'streaming', meta: { requestId: 'r9' } });
    const byMeta = deriveItems([...turns, streaming], { r9: pending({}) }, 's1');
    expect(byMeta.map((i) => i.key)).toEqual(['t1', 't2', 't3', 't4']);
    expect(byMeta[3]!.requestId).toBe('r9');
    const state = { turns: [...turns, streaming], pending: { r9: pending({}) }, results: {} };
    expect(answerView(rowData(state, 't4'))).toMatchObject({ text: 'partial', status: 'streaming' });
    const byId = deriveItems([...turns, turn(4, 'assistant', '')], { r9: pending({ answerTurnId: 4 }) }, 's1');
    expect(byId.map((i) => i.key)).toEqual(['t1', 't2', 't3', 't4']);
  });

  it('shows nothing of other sessions', () => {
    expect(deriveItems(turns, { r9: pending({ sessionId: 'other' }) }, 's1').map((i) => i.key)).toEqual(['t1', 't2', 't3']);
  });
});
