// The HTTP layer over real loopback HTTP: auth, Host check, bodies, SSE order, disconnect abort, shutdown, static.
// The engine here is a scripted double; http-desk.test.ts runs the same server over the real Desk + fake Kimi.
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/shared/contract';
import { createDispatcher, createEventBus, DeskError, type Handlers } from '../../src/main/routes';
import { createHttpServer, DRAIN_PER_SECOND, type HttpServer } from '../../src/main/http/server';
import { loadOrCreateToken } from '../../src/main/http/token-file';
import { HttpInputError } from '../../src/main/http/types';
import { openSse, parseSse, request, sleep } from './http-helpers';
import { scriptedEngine, type ScriptedEngine } from './http-engine-double';

const TOKEN = 'test-token-0123456789abcdef-0123456789';
const auth = { Authorization: `Bearer ${TOKEN}` };
const json = { 'Content-Type': 'application/json' };

function handlers(): Handlers {
  const all: Record<string, (input: unknown) => unknown> = {};
  for (const name of Object.keys(routes)) {
    all[name] = () => {
      throw new DeskError('not_implemented', `${name} is not part of this test`);
    };
  }
  all['app.info'] = () => ({ version: '9.9.9', transport: 'http', dataDir: '/tmp/x' });
  all['catalog.importText'] = (input) => ({ imported: JSON.stringify(input).length, updated: 0, unchanged: 0, rejected: [] });
  return all as unknown as Handlers;
}

interface Running {
  base: string;
  port: number;
  server: HttpServer;
  engine: ScriptedEngine;
  bus: ReturnType<typeof createEventBus>;
  usageCalls: Array<{ since?: string; until?: string }>;
}

async function start(
  opts: { rendererDir?: string; deltas?: string[]; delayMs?: number; allowedHosts?: string[]; coalesceDeltas?: boolean; coalesceWindowMs?: number } = {},
): Promise<Running> {
  const engine = scriptedEngine({ deltas: opts.deltas ?? ['The X200 ', 'can be returned ', 'within 30 days [Doc-1].'], delayMs: opts.delayMs ?? 5 });
  const bus = createEventBus();
  const usageCalls: Array<{ since?: string; until?: string }> = [];
  const server = createHttpServer({
    dispatch: createDispatcher(handlers()),
    bus,
    engine,
    upstream: () => ({ baseUrl: 'http://127.0.0.1:9/v1', reachable: true, lastError: null }),
    pricing: () => ({ prices: [{ model: 'kimi-k2.6', input: 0.6, cachedInput: 0.15, output: 2.5 }] }),
    usage: (r) => {
      usageCalls.push(r);
      if (r.since === '2030-01-01T00:00:00Z' && r.until === '2020-01-01T00:00:00Z') throw new HttpInputError('since: after until', 'since');
      return { since: r.since ?? null, until: r.until ?? null, rows: [] };
    },
    usageCsv: () => 'day,model,requests\r\n2026-01-01,kimi-k2.6,3\r\n',
    token: TOKEN,
    port: 0,
    allowedHosts: opts.allowedHosts ?? ['desk.lan'],
    bodyLimitBytes: 4096,
    importBodyLimitBytes: 64 * 1024,
    heartbeatMs: 50,
    shutdownGraceMs: 2_000,
    ...(opts.rendererDir ? { rendererDir: opts.rendererDir } : {}),
    ...(opts.coalesceDeltas !== undefined ? { coalesceDeltas: opts.coalesceDeltas } : {}),
    ...(opts.coalesceWindowMs !== undefined ? { coalesceWindowMs: opts.coalesceWindowMs } : {}),
  });
  const { url, port } = await server.listen();
  return { base: url, port, server, engine, bus, usageCalls };
}

const chatBody = (over: Record<string, unknown> = {}): string =>
  JSON.stringify({ session_id: 'c-1', conversation_context: [], query: 'Can I return the X200?', user_id: 'u-1', ...over });

let r: Running;
beforeAll(async () => {
  r = await start();
});
afterAll(async () => {
  await r.server.close();
});

describe('auth', () => {
  it('refuses /v1 and /api without a token, with a wrong token, and with a malformed header', async () => {
    for (const path of ['/v1/health', '/v1/pricing', '/v1/openapi.json']) {
      const res = await request(r.base, { path });
      expect(res.status).toBe(401);
      expect(JSON.parse(res.body)).toMatchObject({ error: { type: 'unauthorized' } });
    }
    const api = await request(r.base, { method: 'POST', path: '/api/invoke/app.info', headers: json, body: '{}' });
    expect(api.status).toBe(401);
    expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await request(r.base, { path: '/v1/health', headers: { Authorization: 'Bearer nope' } })).status).toBe(401);
    expect((await request(r.base, { path: '/v1/health', headers: { Authorization: `Basic ${TOKEN}` } })).status).toBe(401);
    expect((await request(r.base, { path: '/v1/health', headers: auth })).status).toBe(200);
  });

  it('the old /?token= link sets no cookie: 303 to the /#token= form (never sent to a server); cookies grant nothing', async () => {
    const res = await request(r.base, { path: `/?token=${TOKEN}` });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/#token=${TOKEN}`);
    expect(res.headers['set-cookie']).toBeUndefined();
    const cookieOnly = await request(r.base, { method: 'POST', path: '/api/invoke/app.info', headers: { ...json, Cookie: `deskmate_token=${TOKEN}` }, body: '{}' });
    expect(cookieOnly.status).toBe(401);
    // a bearer request a browser marks as coming from another origin is refused (no CORS, no CSRF)
    const cross = await request(r.base, { method: 'POST', path: '/api/invoke/app.info', headers: { ...json, ...auth, Origin: 'http://evil.example' }, body: '{}' });
    expect(cross.status).toBe(403);
  });

  it('a wrong ?token= is refused and sets no cookie', async () => {
    const res = await request(r.base, { path: '/?token=wrong' });
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('sends no CORS headers, even to a preflight', async () => {
    const res = await request(r.base, {
      method: 'OPTIONS',
      path: '/v1/chat/stream',
      headers: { Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST', ...auth },
    });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.status).toBe(403); // another origin is refused before the method is looked at
    const same = await request(r.base, { method: 'OPTIONS', path: '/v1/chat/stream', headers: { Origin: r.base, ...auth } });
    expect(same.headers['access-control-allow-origin']).toBeUndefined();
    expect(same.status).toBe(405);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('accepts loopback names and configured names on our port, refuses the rest', async () => {
    for (const host of [`127.0.0.1:${r.port}`, `localhost:${r.port}`, `[::1]:${r.port}`, `desk.lan:${r.port}`]) {
      expect((await request(r.base, { path: '/v1/health', headers: { ...auth, Host: host } })).status, host).toBe(200);
    }
    for (const host of [`evil.example:${r.port}`, `localhost:${r.port + 1}`, 'evil.example', `127.0.0.1.evil.example:${r.port}`]) {
      const res = await request(r.base, { path: '/v1/health', headers: { ...auth, Host: host } });
      expect(res.status, host).toBe(403);
      expect(JSON.parse(res.body)).toMatchObject({ error: { type: 'forbidden_host' } });
    }
    // static pages too
    expect((await request(r.base, { path: '/', headers: { Host: `evil.example:${r.port}` } })).status).toBe(403);
  });
});

describe('POST /v1/chat/stream', () => {
  it('streams metrics → content* → citations → done with SSE headers', async () => {
    const res = await request(r.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    expect(res.headers['x-accel-buffering']).toBe('no');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const events = parseSse(res.body);
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('metrics');
    expect(names.slice(-2)).toEqual(['citations', 'done']);
    expect(names.slice(1, -2).every((n) => n === 'content')).toBe(true);
    expect(events.filter((e) => e.event === 'content').map((e) => e.data).join('')).toBe('The X200 can be returned within 30 days [Doc-1].');
    expect(events[0]!.data).toEqual({ time_to_first_token_ms: 5 });
    expect(events.at(-2)!.data).toEqual([{ n: 1, productId: 'p-1', name: 'X200 Laptop' }]);
    expect(events.at(-1)!.data).toEqual({ total_tokens: 120, total_latency_ms: 50, tokens_per_second: 444.4, cost_usd: 0.0001, mode: 'online' });
  });

  it('hands the caller’s documents, history, session and user (the agent) to the engine', async () => {
    const before = r.engine.requests.length;
    const body = chatBody({
      retrieved_documents: ['Store policy: 60-day returns for members.'],
      conversation_context: [{ role: 'user', content: 'I bought a laptop' }, { role: 'assistant', content: 'Which one?' }],
    });
    const res = await request(r.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body });
    expect(res.status).toBe(200);
    expect(r.engine.requests[before]).toEqual({
      sessionId: 'c-1',
      agentId: 'u-1',
      text: 'Can I return the X200?',
      extraDocuments: ['Store policy: 60-day returns for members.'],
      conversationContext: [{ role: 'user', content: 'I bought a laptop' }, { role: 'assistant', content: 'Which one?' }],
    });
  });

  it('answers bad bodies with 400 naming the field, and oversize bodies with 413', async () => {
    const post = (body: string, headers: Record<string, string> = {}) =>
      request(r.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json, ...headers }, body });
    const blank = await post(chatBody({ query: '   ' }));
    expect(blank.status).toBe(400);
    expect(JSON.parse(blank.body)).toEqual({ error: { type: 'invalid_request', message: 'query: must not be blank', field: 'query' } });
    const malformed = await post('{"query": ');
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body).error.message).toMatch(/malformed JSON/);
    const wrongType = await post(chatBody({ session_id: 42 }));
    expect(wrongType.status).toBe(400);
    expect(JSON.parse(wrongType.body).error).toMatchObject({ type: 'invalid_request', field: 'session_id' });
    const wrongDocs = await post(chatBody({ retrieved_documents: 'one doc' }));
    expect(JSON.parse(wrongDocs.body).error.field).toBe('retrieved_documents');
    const badRole = await post(chatBody({ conversation_context: [{ role: 'bot', content: 'x' }] }));
    expect(JSON.parse(badRole.body).error.field).toBe('conversation_context.0.role');
    const missing = await post(JSON.stringify({ session_id: 'c', user_id: 'u' }));
    expect(JSON.parse(missing.body).error.field).toBe('query');
    const big = await post(chatBody({ query: 'x'.repeat(5000) }));
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body).error.type).toBe('payload_too_large');
  });

  it('answers 413 to an oversize chunked body (no Content-Length) by counting bytes', async () => {
    const res = await request(r.base, {
      method: 'POST',
      path: '/v1/chat/stream',
      headers: { ...auth, ...json, 'Transfer-Encoding': 'chunked' },
      body: chatBody({ query: 'y'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
  });

  it('a client still uploading a large body reads the 413 (early answer, no connection reset)', async () => {
    const res = await fetch(`${r.base}/v1/chat/stream`, { method: 'POST', headers: { ...auth, ...json }, body: 'x'.repeat(30_000_000) });
    expect(res.status).toBe(413);
    expect((await res.json()) as unknown).toMatchObject({ error: { type: 'payload_too_large' } });
  });

  it('turns an engine error into an `error` event and no `done`', async () => {
    r.engine.script.status = 'error';
    r.engine.script.error = { type: 'rate_limit', message: 'Kimi is busy; try again in 5 seconds.' };
    try {
      const res = await request(r.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
      const events = parseSse(res.body);
      expect(events.at(-1)).toEqual({ event: 'error', data: { type: 'rate_limit', message: 'Kimi is busy; try again in 5 seconds.', retryable: true } });
      expect(events.some((e) => e.event === 'done' || e.event === 'citations')).toBe(false);
    } finally {
      r.engine.script.status = 'complete';
      r.engine.script.error = null;
    }
  });

  it('aborts the engine request when the client goes away, keeping the partial answer', async () => {
    const s = await start({ deltas: Array.from({ length: 50 }, (_, i) => `w${i} `), delayMs: 20 });
    try {
      const sse = await openSse(s.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
      await sse.next('content');
      sse.close();
      for (let i = 0; i < 100 && s.engine.aborted === 0; i++) await sleep(10);
      expect(s.engine.aborted).toBe(1);
      expect(s.engine.interrupted[0]).toMatch(/^w0 /);
      expect(s.engine.interrupted[0]!.length).toBeLessThan(50 * 3);
      await sleep(20);
      expect(s.server.activeStreams()).toBe(0);
    } finally {
      await s.server.close();
    }
  });

  it('ends in-flight streams with an error {type:"shutdown"} on close, after aborting the engine', async () => {
    const s = await start({ deltas: Array.from({ length: 200 }, (_, i) => `w${i} `), delayMs: 20 });
    const sse = await openSse(s.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
    await sse.next('content');
    await s.server.close();
    await sse.ended;
    const last = sse.events.at(-1)!;
    expect(last.event).toBe('error');
    expect(last.data).toMatchObject({ type: 'shutdown', retryable: true });
    expect(s.engine.aborted).toBe(1);
    expect(s.engine.interrupted[0]).toMatch(/^w0 /);
    await expect(request(s.base, { path: '/v1/health', headers: auth })).rejects.toThrow();
  });

  it('sends every delta as an event without coalescing, and fewer events with a window (first one alone, text intact)', async () => {
    const deltas = Array.from({ length: 20 }, (_, i) => `d${i} `);
    const post = async (s: Running): Promise<string[]> => {
      const res = await request(s.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
      const content = parseSse(res.body).filter((e) => e.event === 'content').map((e) => e.data as string);
      expect(content.join('')).toBe(deltas.join(''));
      return content;
    };
    const plain = await start({ deltas, delayMs: 5, coalesceDeltas: false });
    const windowed = await start({ deltas, delayMs: 5, coalesceWindowMs: 60 });
    try {
      expect(await post(plain)).toEqual(deltas);
      const merged = await post(windowed);
      expect(merged[0]).toBe('d0 ');
      expect(merged.length).toBeLessThan(deltas.length / 2);
    } finally {
      await plain.server.close();
      await windowed.server.close();
    }
  });

  it('writes heartbeat comments on idle streams', async () => {
    const s = await start({ deltas: ['a', 'b'], delayMs: 180 });
    try {
      const sse = await openSse(s.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody() });
      await sse.ended;
      expect(sse.raw()).toMatch(/^: heartbeat$/m);
      expect(sse.events.map((e) => e.event)).toEqual(['metrics', 'content', 'content', 'citations', 'done']);
    } finally {
      await s.server.close();
    }
  });
});

describe('draining (serve --spread load)', () => {
  it('lets keep-alive connections go after their response, DRAIN_PER_SECOND a second at most, SSE streams included', async () => {
    const d = await start();
    const agents = Array.from({ length: 30 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    try {
      // every agent has its connection open first
      await Promise.all(agents.map((agent) => request(d.base, { path: '/v1/health', headers: auth, agent })));
      d.server.setDraining(true);
      const t0 = performance.now();
      const streams = await Promise.all(agents.map((agent) => request(d.base, { method: 'POST', path: '/v1/chat/stream', headers: { ...auth, ...json }, body: chatBody(), agent })));
      const ms = performance.now() - t0;
      const closed = streams.filter((res) => res.headers.connection === 'close').length;
      expect(streams.every((res) => res.status === 200 && res.body.includes('event: done'))).toBe(true);
      // the burst (10) plus what the bucket refilled while the 30 responses started
      expect(closed).toBeGreaterThanOrEqual(1);
      expect(closed).toBeLessThanOrEqual(10 + Math.ceil((ms * DRAIN_PER_SECOND) / 1000) + 1);
      expect(closed).toBeLessThan(30);
      // the others kept theirs; not draining: nobody is let go
      d.server.setDraining(false);
      const after = await Promise.all(agents.map((agent) => request(d.base, { path: '/v1/health', headers: auth, agent })));
      expect(after.filter((res) => res.headers.connection === 'close')).toHaveLength(0);
    } finally {
      for (const a of agents) a.destroy();
      await d.server.close();
    }
  });
});

describe('GET /v1/health, /v1/pricing, /v1/usage, /v1/openapi.json', () => {
  it('reports upstream and streaming EMAs', async () => {
    const res = await request(r.base, { path: '/v1/health', headers: auth });
    const body = JSON.parse(res.body);
    expect(body.status).toBe('ok');
    expect(body.upstream).toEqual({ baseUrl: 'http://127.0.0.1:9/v1', reachable: true, lastError: null });
    expect(body.streaming_metrics.total_streams).toBeGreaterThanOrEqual(2);
    expect(body.streaming_metrics.avg_time_to_first_token_ms).toBe(5);
    expect(body.streaming_metrics.avg_total_latency_ms).toBe(50);
    expect(body.server).toMatchObject({ active_streams: 0, rss_mb: expect.any(Number) });
    expect(body.server.event_loop_delay_ms.max).toBeGreaterThanOrEqual(body.server.event_loop_delay_ms.p50);
    expect(JSON.stringify(body)).not.toMatch(/key/i);
  });

  it('serves pricing and usage as JSON or CSV, passing since/until and refusing bad dates', async () => {
    expect(JSON.parse((await request(r.base, { path: '/v1/pricing', headers: auth })).body).prices[0].model).toBe('kimi-k2.6');
    const q = '/v1/usage?since=2026-01-01T00:00:00Z&until=2026-02-01T00:00:00Z';
    const u = await request(r.base, { path: q, headers: auth });
    expect(JSON.parse(u.body)).toEqual({ since: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z', rows: [] });
    const csv = await request(r.base, { path: q, headers: { ...auth, Accept: 'text/csv' } });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toMatch(/^day,model,requests\r\n/);
    const bad = await request(r.base, { path: '/v1/usage?since=yesterday-ish', headers: auth });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.field).toBe('since');
    const inverted = await request(r.base, { path: '/v1/usage?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z', headers: auth });
    expect(inverted.status).toBe(400);
  });

  it('describes itself as OpenAPI 3.1', async () => {
    const doc = JSON.parse((await request(r.base, { path: '/v1/openapi.json', headers: auth })).body);
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/chat/stream', '/v1/health', '/v1/pricing', '/v1/usage', '/api/invoke/{route}', '/api/events']),
    );
    expect(doc.components.schemas.ChatStreamRequest.properties.query.type).toBe('string');
  });

  it('answers unknown endpoints and wrong methods', async () => {
    expect((await request(r.base, { path: '/v1/nope', headers: auth })).status).toBe(404);
    expect((await request(r.base, { path: '/v1/chat/stream', headers: auth })).status).toBe(405);
  });
});

describe('contract transport', () => {
  const invoke = (route: string, body: string) =>
    request(r.base, { method: 'POST', path: `/api/invoke/${route}`, headers: { ...auth, ...json }, body });

  it('answers {ok, data|error} exactly as the dispatcher does', async () => {
    expect(JSON.parse((await invoke('app.info', '{}')).body)).toEqual({ ok: true, data: { version: '9.9.9', transport: 'http', dataDir: '/tmp/x' } });
    const invalid = JSON.parse((await invoke('app.info', '{"extra":1}')).body);
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const thrown = JSON.parse((await invoke('catalog.stats', '{}')).body);
    expect(thrown).toEqual({ ok: false, error: { code: 'not_implemented', message: 'catalog.stats is not part of this test' } });
    const unknown = await invoke('nope.nothing', '{}');
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown_route' } });
    const bad = await invoke('app.info', '{nope');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await request(r.base, { path: '/api/invoke/app.info', headers: auth })).status).toBe(405);
  });

  it('allows the large catalog.importText body but limits every other route', async () => {
    const content = 'z'.repeat(20_000);
    const big = await invoke('catalog.importText', JSON.stringify({ fileName: 'a.jsonl', content }));
    expect(big.status).toBe(200);
    expect(JSON.parse(big.body)).toMatchObject({ ok: true });
    const tooBig = await invoke('catalog.importText', JSON.stringify({ fileName: 'a.jsonl', content: 'z'.repeat(70_000) }));
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
    expect((await invoke('sessions.list', JSON.stringify({ query: content }))).status).toBe(413);
  });

  it('streams bus events over /api/events and unsubscribes when the client leaves', async () => {
    const sse = await openSse(r.base, { path: '/api/events', headers: auth });
    expect(sse.headers['content-type']).toMatch(/^text\/event-stream/);
    const payload = { state: 'offline' as const, reason: 'upstream unreachable', checkedAt: '2026-01-01T00:00:00.000Z' };
    r.bus.emit('connectivity', payload);
    expect(await sse.next('connectivity')).toEqual({ event: 'connectivity', data: payload });
    r.bus.emit('chat.notice', { requestId: 'r1', sessionId: 's1', message: 'retrying in 5 s' });
    expect((await sse.next('chat.notice')).data).toEqual({ requestId: 'r1', sessionId: 's1', message: 'retrying in 5 s' });
    sse.close();
    await sleep(50);
    // emitting after the client left must not throw or write
    r.bus.emit('connectivity', payload);
  });
});

describe('static renderer', () => {
  let dir: string;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('explains how to build when the renderer is missing', async () => {
    const res = await request(r.base, { path: '/' });
    expect(res.status).toBe(200);
    expect(res.body).toMatch(/npm run build/);
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
  });

  it('serves index.html and assets with types and CSP, falls back for app routes, refuses traversal', async () => {
    dir = mkdtempSync(join(tmpdir(), 'deskmate-renderer-'));
    const rendererDir = join(dir, 'renderer');
    mkdirSync(join(rendererDir, 'assets'), { recursive: true });
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Deskmate</title>');
    writeFileSync(join(rendererDir, 'assets', 'app-abc.js'), 'console.log(1)');
    writeFileSync(join(rendererDir, 'assets', 'app-abc.css'), 'body{}');
    writeFileSync(join(dir, 'secret.txt'), 'do not serve');
    const s = await start({ rendererDir });
    try {
      const index = await request(s.base, { path: '/' });
      expect(index.body).toMatch(/<title>Deskmate/);
      expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(index.headers['content-security-policy']).toBe(
        "default-src 'self'; connect-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      );
      expect((await request(s.base, { path: '/assets/app-abc.js' })).headers['content-type']).toMatch(/^text\/javascript/);
      expect((await request(s.base, { path: '/assets/app-abc.css' })).headers['content-type']).toMatch(/^text\/css/);
      expect((await request(s.base, { path: '/sessions/42' })).body).toMatch(/<title>Deskmate/);
      expect((await request(s.base, { path: '/assets/missing.js' })).status).toBe(404);
      for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/..%5csecret.txt']) {
        const res = await request(s.base, { path });
        expect(res.body, path).not.toMatch(/do not serve/);
      }
    } finally {
      await s.server.close();
    }
  });
});

describe('token file', () => {
  it('creates a 0600 token once, reuses it, and lets the env override it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-token-'));
    try {
      const file = join(dir, 'http-token');
      const first = loadOrCreateToken(file, {});
      expect(first.source).toBe('created');
      expect(first.token.length).toBeGreaterThanOrEqual(32);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(loadOrCreateToken(file, {})).toMatchObject({ token: first.token, source: 'file' });
      const envToken = 'from-env-token-0123456789abcdef-0123';
      expect(loadOrCreateToken(file, { DESKMATE_HTTP_TOKEN: envToken })).toMatchObject({ token: envToken, source: 'env' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
