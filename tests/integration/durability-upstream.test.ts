// Issue 8 item 8 through the server: a client that leaves while the upstream never answers leaves no upstream socket
// open and no retry running; the first-token deadline holds through the engine (offline answer in ~its figure).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src/main/desk';
import { createHttpServer, type HttpServer } from '../../src/main/http/server';
import { v1FromDispatch } from '../../src/main/http/from-dispatch';
import { importRecords } from '../../src/main/catalog';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { PRODUCTS } from '../support/engine-fixture';

const TOKEN = 'upstream-token-0123456789abcdef01234567';
let dir: string;
let kimi: FakeKimi;
let desk: Desk;
let server: HttpServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-upstream-'));
  kimi = await startFakeKimi();
  desk = openDesk({ dataDir: dir, env: { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-test-0123456789', KIMI_MODEL: 'kimi-k2.6', DESKMATE_PROFILE: 'fast' }, resourcesDir: null, tokenizerMode: 'inline' });
  await importRecords(desk.db, PRODUCTS);
  server = createHttpServer({ dispatch: desk.dispatch, bus: desk.bus, engine: desk.engine, ...v1FromDispatch(desk.dispatch), token: TOKEN, port: 0 });
  port = (await server.listen()).port;
});

afterAll(async () => {
  await server?.close();
  await desk?.close();
  await kimi?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('stuck upstream through serve', () => {
  it('a client leaving while Kimi never answers closes the upstream socket at once and starts no retry', async () => {
    kimi.enqueue(faults.stallHeaders(), faults.stallHeaders(), faults.stallHeaders(), faults.stallHeaders());
    const before = kimi.chatCount;
    const index = kimi.requests.length;
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/chat/stream', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' } });
    req.on('error', () => {});
    req.end(JSON.stringify({ session_id: 'leaving-client', conversation_context: [], query: 'Is the MX Master 3S in stock?', user_id: 'agent-1' }));
    await kimi.waitFor(() => kimi.chatCount > before, 5_000);
    req.destroy(); // the agent closed the tab
    await kimi.waitFor(() => kimi.requests.slice(index).filter((q) => q.path.endsWith('/chat/completions')).every((q) => q.aborted), 2_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(kimi.chatCount - before).toBe(1); // no retry after the client left
    expect(desk.engine.active()).toEqual([]);
    kimi.clearFaults();
  });
});
