// The desk's session routes over a real desk (SQLite in a temp folder, no key → offline answers): rename, customer /
// ticket, archive, delete, transcript export, the per-desk waiting queue (dismiss one / all) and answer feedback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src/main/desk';
import type { InvokeResult, RouteName, RouteOutput } from '../../src/shared/contract';

let dir: string;
let desk: Desk;

const CATALOG = '{"product_id":"LAP-X200","name":"Orbit X200 Laptop","description":"14 inch OLED laptop, 30 day returns"}\n';

async function call<R extends RouteName>(route: R, input: unknown, transport: 'http' | 'ipc' | 'cli' = 'http'): Promise<RouteOutput<R>> {
  const r = (await desk.dispatch(route, input, { transport })) as InvokeResult<RouteOutput<R>>;
  if (!r.ok) throw new Error(`${route}: ${r.error.code} ${r.error.message}`);
  return r.data;
}

async function askOffline(sessionId: string, text: string, transport: 'http' | 'cli' = 'http'): Promise<{ questionTurnId: number; answerTurnId: number }> {
  const started = await call('chat.ask', { sessionId, text }, transport);
  for (let i = 0; i < 200; i++) {
    const s = await call('sessions.get', { id: sessionId });
    const answer = s.turns.find((t) => t.speaker === 'assistant' && t.status !== 'streaming');
    if (answer) return { questionTurnId: started.questionTurnId, answerTurnId: answer.id };
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('no answer');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-sess-routes-'));
  desk = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline', retryPolicy: { maxAttempts: 1 } });
  await desk.dispatch('catalog.importText', { fileName: 'c.jsonl', content: CATALOG }, { transport: 'http' });
});

afterAll(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('session routes', () => {
  it('renames, sets the customer / ticket, archives, exports and deletes', async () => {
    const { answerTurnId } = await askOffline('s-a', 'Can I return the **Orbit X200** laptop?');
    let s = await call('sessions.update', { id: 's-a', title: 'Return X200 — Mrs Lee', customerId: 'TCK-4411' });
    expect(s).toMatchObject({ title: 'Return X200 — Mrs Lee', customerId: 'TCK-4411', archived: false });
    expect((await call('sessions.list', { query: 'TCK-4411' })).map((x) => x.id)).toEqual(['s-a']);

    const md = await call('sessions.export', { id: 's-a', format: 'markdown' });
    expect(md.fileName).toMatch(/^deskmate-Return-X200-Mrs-Lee-\d{4}-\d{2}-\d{2}\.md$/);
    expect(md.text).toMatch(/^# Return X200 — Mrs Lee\n/);
    expect(md.text).toContain('Customer / ticket: TCK-4411');
    expect(md.text).toContain('## Customer');
    expect(md.text).toContain('**Orbit X200**');
    const txt = await call('sessions.export', { id: 's-a', format: 'text' });
    expect(txt.fileName).toMatch(/\.txt$/);
    expect(txt.text).toContain('Can I return the Orbit X200 laptop?');
    expect(txt.text).not.toContain('**');

    const fb = await call('chat.feedback', { answerTurnId, rating: 'down', reason: 'wrong return window' });
    expect(fb).toEqual({ answerTurnId, rating: 'down', reason: 'wrong return window' });
    const stored = (await call('sessions.get', { id: 's-a' })).turns.find((t) => t.id === answerTurnId)!;
    expect(stored.meta?.feedback).toMatchObject({ rating: 'down', reason: 'wrong return window' });

    s = await call('sessions.update', { id: 's-a', archived: true });
    expect(s.archived).toBe(true);
    expect((await call('sessions.list', {})).map((x) => x.id)).not.toContain('s-a');
    expect((await call('sessions.list', { archived: true })).map((x) => x.id)).toEqual(['s-a']);
    await call('sessions.update', { id: 's-a', archived: false });
    expect((await call('sessions.list', {})).map((x) => x.id)).toContain('s-a');

    expect(await call('sessions.delete', { id: 's-a' })).toEqual({ deleted: true });
    const gone = await desk.dispatch('sessions.get', { id: 's-a' }, { transport: 'http' });
    expect(gone.ok).toBe(false);
    const bad = await desk.dispatch('sessions.update', { id: 's-a', title: '' }, { transport: 'http' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('the waiting queue holds the desk’s own questions; dismiss one, then all', async () => {
    const q1 = await askOffline('s-q1', 'Is the X200 in stock?');
    const q2 = await askOffline('s-q2', 'Does the X200 have HDMI?');
    await askOffline('s-cli', 'Warranty of the X200?', 'cli');
    const queued = await call('sessions.queued', {});
    expect(queued.map((q) => q.turn.id).sort()).toEqual([q1.questionTurnId, q2.questionTurnId].sort());
    expect(await call('sessions.dismissQueued', { turnIds: [q1.questionTurnId] })).toEqual({ dismissed: 1 });
    expect((await call('sessions.queued', {})).map((q) => q.turn.id)).toEqual([q2.questionTurnId]);
    expect(await call('sessions.dismissQueued', {})).toEqual({ dismissed: 1 });
    expect(await call('sessions.queued', {})).toEqual([]);
  });

  it('usage.report counts offline answers apart and gives escalation / no-information / feedback counts', async () => {
    const { answerTurnId } = await askOffline('s-r', 'Can I return the Orbit X200?');
    await call('chat.feedback', { answerTurnId, rating: 'up' });
    const r = await call('usage.report', {});
    expect(r.quality).toMatchObject({ feedbackUp: 1 });
    expect(r.quality!.answers).toBeGreaterThanOrEqual(4);
    expect(r.quality!.offline).toBe(r.quality!.answers);
    expect(r.offlineRequests).toBeGreaterThanOrEqual(4);
    expect(r.online).toMatchObject({ requests: 0, costUsd: 0, costPer1kQueries: null });
    expect(r.totals.requests).toBe(r.offlineRequests);
  });
});
