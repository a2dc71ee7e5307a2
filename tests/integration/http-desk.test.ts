// The HTTP server over the real Desk (SQLite in a temp dir, real engine and retrieval) and the fake Kimi upstream.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src/main/desk';
import { createHttpServer, type HttpServer } from '../../src/main/http/server';
import { v1FromDispatch } from '../../src/main/http/from-dispatch';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { openSse, parseSse, request, sleep } from './http-helpers';

const TOKEN = 'desk-token-0123456789abcdef-0123456789';
const API_KEY = 'sk-very-secret-test-key-4242';
const auth = { Authorization: `Bearer ${TOKEN}` };
const json = { 'Content-Type': 'application/json' };

const CATALOG = [
  { product_id: 'LAP-X200', product_name: 'Orbit X200 Laptop', brand: 'Orbit', category: 'laptops', specifications: { battery: '18 hours', screen: '14 inch' }, return_policy_excerpt: 'Returns accepted within 30 days with receipt.', stock_status: 'in_stock' },
  { product_id: 'HP-Q5', product_name: 'Quiet Q5 Headphones', brand: 'Hush', category: 'audio', specifications: { noise_cancelling: true }, return_policy_excerpt: '14-day returns, unopened only.', stock_status: 'in_stock' },
]
  .map((r) => JSON.stringify(r))
  .join('\n');

let dir: string;
let kimi: FakeKimi;
let desk: Desk;
let server: HttpServer;
let base: string;

function start(): HttpServer {
  return createHttpServer({
    dispatch: desk.dispatch,
    bus: desk.bus,
    engine: desk.engine,
    ...v1FromDispatch(desk.dispatch),
    token: TOKEN,
    port: 0,
    shutdownGraceMs: 5_000,
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-http-desk-'));
  kimi = await startFakeKimi({ script: { answer: 'The Orbit X200 can be returned within 30 days [Doc-1].', ttftMs: 5, chunkChars: 6 } });
  desk = openDesk({
    dataDir: dir,
    env: { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: API_KEY, KIMI_MODEL: 'kimi-k2.6' },
    resourcesDir: null,
    tokenizerMode: 'inline',
    retryPolicy: { maxAttempts: 1 },
  });
  const imported = await desk.dispatch('catalog.importText', { fileName: 'catalog.jsonl', content: CATALOG }, { transport: 'http' });
  expect(imported).toMatchObject({ ok: true, data: { imported: 2, rejected: [] } });
  server = start();
  base = (await server.listen()).url;
});

afterAll(async () => {
  await server?.close();
  await desk?.close();
  await kimi?.close();
  rmSync(dir, { recursive: true, force: true });
});

const chat = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({ session_id: `s-${Math.random().toString(36).slice(2)}`, conversation_context: [], query: 'Can I return the Orbit X200 laptop?', user_id: 'agent-7', ...over });

describe('POST /v1/chat/stream over the real engine', () => {
  it('streams a grounded answer: metrics → content* → citations → done, with real retrieval', async () => {
    const res = await request(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat() });
    expect(res.status).toBe(200);
    const events = parseSse(res.body);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('metrics');
    expect(names.slice(-2)).toEqual(['citations', 'done']);
    expect(names.slice(1, -2).length).toBeGreaterThan(1);
    expect(names.slice(1, -2).every((n) => n === 'content')).toBe(true);
    expect(events.filter((e) => e.event === 'content').map((e) => e.data).join('')).toBe('The Orbit X200 can be returned within 30 days [Doc-1].');
    expect(events.at(-2)!.data).toEqual([{ n: 1, productId: 'LAP-X200', name: 'Orbit X200 Laptop' }]);
    const done = events.at(-1)!.data as Record<string, unknown>;
    expect(done.mode).toBe('online');
    expect(done.total_tokens).toBeGreaterThan(0);
    expect(typeof done.cost_usd).toBe('number');
    // the upstream really got the catalog document
    expect(JSON.stringify(kimi.requests.at(-1)!.body)).toContain('Returns accepted within 30 days');
  });

  it('sends the caller’s retrieved_documents and conversation_context upstream', async () => {
    const body = chat({
      retrieved_documents: ['Member policy: loyalty members get 60-day returns on laptops.'],
      conversation_context: [
        { role: 'user', content: 'I bought a laptop last week.' },
        { role: 'assistant', content: 'Which model did you buy?' },
      ],
      query: 'It is the X200, can I still return it?',
    });
    const res = await request(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body });
    expect(parseSse(res.body).at(-1)!.event).toBe('done');
    const sent = JSON.stringify(kimi.requests.at(-1)!.body);
    expect(sent).toContain('loyalty members get 60-day returns');
    expect(sent).toContain('Which model did you buy?');
  });

  it('aborts the upstream request when the client disconnects and keeps the partial answer as interrupted', async () => {
    kimi.setScript({ tokensPerSecond: 20, chunkChars: 4, answer: 'word '.repeat(200) });
    try {
      const before = kimi.aborted;
      const sessionId = `s-abort-${Date.now()}`;
      const sse = await openSse(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat({ session_id: sessionId }) });
      await sse.next('content');
      await sleep(150);
      sse.close();
      await kimi.waitFor(() => kimi.aborted > before, 5_000);
      expect(kimi.aborted).toBe(before + 1);
      let answer: { status: string; text: string } | undefined;
      for (let i = 0; i < 100; i++) {
        const got = await desk.dispatch('sessions.get', { id: sessionId }, { transport: 'http' });
        if (got.ok) {
          const turns = (got.data as { turns: Array<{ speaker: string; status: string; text: string }> }).turns;
          answer = turns.find((t) => t.speaker !== 'customer' && t.status !== 'streaming');
          if (answer) break;
        }
        await sleep(20);
      }
      expect(answer?.status).toBe('interrupted');
      expect(answer!.text).toMatch(/^word/);
      expect(answer!.text.length).toBeLessThan('word '.repeat(200).length);
    } finally {
      kimi.setScript({ tokensPerSecond: undefined, interChunkMs: 0, chunkChars: 6, answer: 'The Orbit X200 can be returned within 30 days [Doc-1].' });
    }
  });
});

describe('the other endpoints over the real Desk', () => {
  it('health names the upstream and never the key', async () => {
    const res = await request(base, { path: '/v1/health', headers: auth });
    const body = JSON.parse(res.body);
    expect(body.upstream.baseUrl).toBe(kimi.url);
    expect(body.upstream.reachable).toBe(true);
    expect(body.status).toBe('ok');
    expect(body.streaming_metrics.total_streams).toBeGreaterThanOrEqual(3);
    expect(body.streaming_metrics.avg_total_latency_ms).toBeGreaterThan(0);
    for (const path of ['/v1/health', '/v1/pricing', '/v1/usage']) {
      expect((await request(base, { path, headers: auth })).body).not.toContain(API_KEY);
    }
    const settings = await request(base, { method: 'POST', path: '/api/invoke/settings.get', headers: { ...auth, ...json }, body: '{}' });
    expect(JSON.parse(settings.body)).toMatchObject({ ok: true, data: { apiKey: { set: true } } });
    expect(settings.body).not.toContain(API_KEY);
  });

  it('pricing lists the table; usage reports the ledger as JSON and CSV', async () => {
    const pricing = JSON.parse((await request(base, { path: '/v1/pricing', headers: auth })).body);
    expect(pricing.prices.some((p: { model: string }) => p.model === 'kimi-k2.6')).toBe(true);
    const usage = JSON.parse((await request(base, { path: '/v1/usage?since=2000-01-01', headers: auth })).body);
    expect(usage.totals.requests).toBeGreaterThanOrEqual(3);
    const csv = await request(base, { path: '/v1/usage', headers: { ...auth, Accept: 'text/csv' } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body.split('\r\n')[0]).toMatch(/^day,model,/);
    const bad = await request(base, { path: '/v1/usage?since=soon', headers: auth });
    expect(bad.status).toBe(400);
  });

  it('carries the contract: chat.ask over /api/invoke, its progress and done over /api/events', async () => {
    const sse = await openSse(base, { path: '/api/events', headers: auth });
    const res = await request(base, { method: 'POST', path: '/api/invoke/chat.ask', headers: { ...auth, ...json }, body: JSON.stringify({ text: 'Does the Q5 headphone have noise cancelling?' }) });
    const started = JSON.parse(res.body);
    expect(started).toMatchObject({ ok: true, data: { requestId: expect.any(String), sessionId: expect.any(String) } });
    const done = await sse.next('chat.done', 10_000);
    expect(done.data).toMatchObject({ requestId: started.data.requestId, result: { status: 'complete', mode: 'online' } });
    expect(sse.events.some((e) => e.event === 'chat.progress' && (e.data as { requestId: string }).requestId === started.data.requestId)).toBe(true);
    sse.close();
  });
});

describe('shutdown', () => {
  it('ends an in-flight stream with error {type:"shutdown"}, aborts upstream, keeps the partial answer', async () => {
    const s = start();
    const { url } = await s.listen();
    kimi.setScript({ tokensPerSecond: 20, chunkChars: 4, answer: 'slow '.repeat(200) });
    try {
      const before = kimi.aborted;
      const sessionId = `s-shutdown-${Date.now()}`;
      const sse = await openSse(url, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat({ session_id: sessionId }) });
      await sse.next('content');
      await s.close();
      await sse.ended;
      expect(sse.events.at(-1)).toMatchObject({ event: 'error', data: { type: 'shutdown', retryable: true } });
      await kimi.waitFor(() => kimi.aborted > before, 5_000);
      const got = await desk.dispatch('sessions.get', { id: sessionId }, { transport: 'http' });
      const turns = (got as { ok: true; data: { turns: Array<{ speaker: string; status: string; text: string }> } }).data.turns;
      const answer = turns.find((t) => t.speaker !== 'customer');
      expect(answer?.status).toBe('interrupted');
      expect(answer!.text).toMatch(/^slow/);
    } finally {
      kimi.setScript({ tokensPerSecond: undefined, interChunkMs: 0, chunkChars: 6, answer: 'The Orbit X200 can be returned within 30 days [Doc-1].' });
    }
  });
});

describe('POST /v1/chat/stream: user_id is the agent, customer_id the customer (issue 12)', () => {
  type Session = { ok: true; data: { session: { customerId: string | null; agentId?: string | null }; turns: { speaker: string; meta?: { agentId?: string } }[] } };
  const get = async (id: string) => (await desk.dispatch('sessions.get', { id }, { transport: 'http' })) as Session;

  it('stores user_id as the session’s and the question’s agent, never as the customer', async () => {
    const res = await request(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat({ session_id: 'agent-case-1', user_id: 'agent-7', customer_id: 'cust-1' }) });
    expect(res.status).toBe(200);
    const s = await get('agent-case-1');
    expect(s.data.session).toMatchObject({ customerId: 'cust-1', agentId: 'agent-7' });
    expect(s.data.turns.find((t) => t.speaker === 'customer')?.meta?.agentId).toBe('agent-7');

    // no customer_id: no customer (before, user_id was stored as the customer); another agent takes the session over
    await request(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat({ session_id: 'agent-case-2', user_id: 'agent-8' }) });
    expect((await get('agent-case-2')).data.session).toMatchObject({ customerId: null, agentId: 'agent-8' });
    await request(base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chat({ session_id: 'agent-case-2', user_id: 'agent-9' }) });
    const after = await get('agent-case-2');
    expect(after.data.session.agentId).toBe('agent-9');
    expect(after.data.turns.filter((t) => t.speaker === 'customer').map((t) => t.meta?.agentId)).toEqual(['agent-8', 'agent-9']);
    // shown in the list and the transcript
    const list = (await desk.dispatch('sessions.list', {}, { transport: 'http' })) as { data: { id: string; agentId?: string | null }[] };
    expect(list.data.find((x) => x.id === 'agent-case-1')?.agentId).toBe('agent-7');
    const md = (await desk.dispatch('sessions.export', { id: 'agent-case-1', format: 'markdown' }, { transport: 'http' })) as { ok: boolean; data: { content?: string; text?: string } };
    expect(JSON.stringify(md.data)).toContain('Agent: agent-7');
  });
});
