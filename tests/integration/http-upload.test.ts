// Issue 8 item 9: `POST /api/import` streams an upload into the importer (no whole-body buffer), one import at a
// time (409 import_busy), progress with committed rows, and `catalog.importCancel` keeps what was committed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, type Desk } from '../../src/main/desk';
import { createHttpServer, type HttpServer } from '../../src/main/http/server';
import { v1FromDispatch } from '../../src/main/http/from-dispatch';
import { catalogStats } from '../../src/main/catalog';

const TOKEN = 'upload-token-0123456789abcdef0123456789';
let dir: string;
let desk: Desk;
let server: HttpServer;
let port: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-upload-'));
  desk = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
  server = createHttpServer({ dispatch: desk.dispatch, bus: desk.bus, engine: desk.engine, imports: desk.imports, ...v1FromDispatch(desk.dispatch), token: TOKEN, port: 0 });
  port = (await server.listen()).port;
});

afterAll(async () => {
  await server?.close();
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

const line = (i: number): string => JSON.stringify({ product_id: `UP-${i}`, product_name: `Uploaded widget ${i}`, category: 'widgets', price: i });

/** A streamed POST: `write` decides when each piece goes; resolves with status and parsed body. */
function upload(query: string, write: (req: http.ClientRequest) => void | Promise<void>, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: { ok: boolean; data?: Record<string, unknown>; error?: { code: string; message: string } } }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: `/api/import?${query}`, headers: { Authorization: `Bearer ${TOKEN}`, ...headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    void Promise.resolve(write(req)).catch(reject);
  });
}

describe('POST /api/import', () => {
  it('imports a body sent in pieces as it arrives, with progress events carrying committed rows', async () => {
    const progress: { rows: number; committed?: number }[] = [];
    const off = desk.bus.subscribe((e, p) => {
      if (e === 'catalog.importProgress') progress.push(p as { rows: number; committed?: number });
    });
    const lines = Array.from({ length: 3000 }, (_, i) => line(i)).join('\n') + '\n';
    const r = await upload('fileName=feed.jsonl', async (req) => {
      // pieces cut mid-line and mid-character, sent over time
      const bytes = Buffer.from(lines + '{"product_id":"UP-ü","product_name":"Ünïcode"}\n');
      for (let i = 0; i < bytes.length; i += 7_001) {
        req.write(bytes.subarray(i, i + 7_001));
        await new Promise((res) => setTimeout(res, 2));
      }
      req.end();
    });
    off();
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, data: { imported: 3001, updated: 0, rejected: [], committed: 3001, cancelled: false } });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)?.committed).toBe(3001);
    expect(catalogStats(desk.db).products).toBeGreaterThanOrEqual(3001);
  });

  it('a second upload while one runs gets 409 import_busy; cancel keeps the committed rows and the answer says cancelled', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = upload('fileName=slow.csv&format=csv', async (req) => {
      req.write('product_id,product_name,category\n');
      for (let i = 0; i < 400; i++) req.write(`SLOW-${i},Slow widget ${i},widgets\n`);
      await gate; // keep the upload open until the test says so
      req.end(`SLOW-LAST,Never,widgets\n`);
    });
    await until(() => desk.imports.busy);
    const second = await upload('fileName=other.jsonl', (req) => void req.end(line(1)));
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ ok: false, error: { code: 'import_busy' } });
    const cancel = await desk.dispatch('catalog.importCancel', {}, { transport: 'http' });
    expect(cancel).toEqual({ ok: true, data: { cancelled: true } });
    release();
    const r = await first;
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ cancelled: true });
    expect(Number(r.body.data?.committed)).toBeGreaterThanOrEqual(0);
    expect(desk.imports.busy).toBe(false);
    expect(await desk.dispatch('catalog.importCancel', {}, { transport: 'http' })).toEqual({ ok: true, data: { cancelled: false } });
  });

  it('an import running in another process on the same data folder (another serve worker) also gives 409 import_busy', async () => {
    const { spawn } = await import('node:child_process');
    const { setMeta } = await import('../../src/main/catalog/store');
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)'], { stdio: 'ignore' });
    try {
      setMeta(desk.db, 'import_owner_pid', String(other.pid));
      const r = await upload('fileName=x.jsonl', (req) => void req.end(line(7)));
      expect(r.status).toBe(409);
      expect(r.body).toMatchObject({ ok: false, error: { code: 'import_busy' } });
    } finally {
      other.kill('SIGKILL');
      await new Promise((res) => other.once('exit', res));
    }
    // its owner gone, the next import runs
    const r = await upload('fileName=x.jsonl', (req) => void req.end(line(7)));
    expect(r.status).toBe(200);
  });

  it('refuses a missing fileName (400), a body over the limit (413) and no token (401)', async () => {
    expect((await upload('format=csv', (req) => void req.end('x'))).body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const big = await upload('fileName=a.jsonl', (req) => void req.end('x'), { 'Content-Length': String(300 * 1024 * 1024) }).catch(() => ({ status: 413, body: { ok: false } }));
    expect(big.status).toBe(413);
    const noAuth = await new Promise<number>((resolve) => {
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/api/import?fileName=a.jsonl' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.end('{}');
    });
    expect(noAuth).toBe(401);
  });
});

async function until(cond: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('POST /api/import on the built server (parsing in a worker thread)', () => {
  it('imports an upload through `deskmate serve`: rows, rejected lines with their numbers, committed', async () => {
    const { spawn } = await import('node:child_process');
    const serveDir = mkdtempSync(join(tmpdir(), 'deskmate-upload-serve-'));
    const token = 'serve-upload-token-0123456789abcdef0123';
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'bin', 'deskmate.js'), '--data-dir', serveDir, 'serve', '--port', '0', '--workers', '1'], {
      env: { ...process.env, DESKMATE_HTTP_TOKEN: token, KIMI_API_KEY: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let text = '';
      const servePort = await new Promise<number>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`serve did not start: ${text}`)), 60_000);
        child.stdout!.on('data', (b: Buffer) => {
          text += b.toString();
          const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
          if (m) {
            clearTimeout(t);
            resolve(Number(m[1]));
          }
        });
      });
      const lines = Array.from({ length: 2000 }, (_, i) => line(i));
      lines[10] = '{not json';
      const body = Buffer.concat([Buffer.from(lines.join('\n') + '\n'), Buffer.from('{"product_id":"BAD","product_name":"Caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]);
      const r = await new Promise<{ status: number; json: { ok: boolean; data?: Record<string, unknown> } }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: servePort, method: 'POST', path: '/api/import?fileName=feed.jsonl', headers: { Authorization: `Bearer ${token}` } }, (res) => {
          let t = '';
          res.on('data', (c: Buffer) => (t += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(t) }));
        });
        req.on('error', reject);
        for (let i = 0; i < body.length; i += 10_000) req.write(body.subarray(i, i + 10_000));
        req.end();
      });
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ ok: true, data: { imported: 1999, committed: 2001, cancelled: false } });
      expect(r.json.data?.rejected).toEqual([
        { line: 11, error: expect.stringMatching(/invalid JSON/) },
        { line: 2001, error: expect.stringMatching(/invalid UTF-8/) },
      ]);
    } finally {
      child.kill('SIGTERM');
      await new Promise((res) => child.once('exit', res));
      rmSync(serveDir, { recursive: true, force: true });
    }
  }, 90_000);
});
