// Issue 8 (low): /v1/health says reachable null before any contact; a trickled body is cut off with 408; bad
// %-encoding is a 400 (not a 500); two Host headers are refused; a token under 32 characters is refused.
import net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateToken } from '../../src/main/http/token-file';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { runCli } from '../support/cli';
import { request } from '../integration/http-helpers';
import { auth, json, startSecDesk, TOKEN, type SecDesk } from './harness';

let kimi: FakeKimi;
let s: SecDesk;
beforeAll(async () => {
  kimi = await startFakeKimi({ script: { answer: 'ok', ttftMs: 1 } });
  s = await startSecDesk({ env: { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-hardening-0123456789' }, server: { bodyTimeoutMs: 300 } });
});
afterAll(async () => {
  await s?.close();
  await kimi?.close();
});

/** Writes raw bytes to the server and collects everything until the server closes (or `ms` pass). */
function raw(port: number, chunks: { data: string; delayMs?: number }[], ms = 5_000): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    let out = '';
    const timer = setTimeout(() => {
      sock.destroy();
      resolve(out);
    }, ms);
    sock.on('data', (d) => (out += d.toString('utf8')));
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    sock.on('error', () => undefined);
    void (async () => {
      for (const c of chunks) {
        if (c.delayMs) await new Promise((r) => setTimeout(r, c.delayMs));
        if (sock.destroyed) return;
        sock.write(c.data);
      }
    })();
  });
}

describe('HTTP hardening', () => {
  it('/v1/health reports reachable null before any contact, true after one', async () => {
    const before = JSON.parse((await request(s.base, { path: '/v1/health', headers: auth })).body) as { status: string; upstream: { reachable: unknown } };
    expect(before.upstream.reachable).toBeNull();
    expect(before.status).toBe('ok');
    await s.invoke('settings.testConnection', {});
    const after = JSON.parse((await request(s.base, { path: '/v1/health', headers: auth })).body) as { upstream: { reachable: unknown } };
    expect(after.upstream.reachable).toBe(true);
  });

  it('cuts off a request body trickled forever with 408 and closes the connection', async () => {
    const head = `POST /api/invoke/sessions.list HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{`;
    const trickle = Array.from({ length: 100 }, () => ({ data: ' ', delayMs: 50 }));
    const out = await raw(s.port, [{ data: head }, ...trickle]);
    expect(out).toMatch(/^HTTP\/1\.1 408 /);
    expect(out).toContain('"request_timeout"');
    // the same on the seed API
    const chat = `POST /v1/chat/stream HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n1\r\n{\r\n`;
    expect(await raw(s.port, [{ data: chat }, ...trickle.map((t) => ({ ...t, data: '1\r\n \r\n' }))])).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('answers bad %-encoding in a route name with 400, not 500', async () => {
    const res = await request(s.base, { method: 'POST', path: '/api/invoke/%E0%A4%A', headers: { ...auth, ...json }, body: '{}' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const page = await request(s.base, { path: '/%E0%A4%A' });
    expect(page.status).toBeLessThan(500);
  });

  it('refuses a request with two Host headers', async () => {
    const req = `GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:${s.port}\r\nHost: evil.example\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`;
    expect(await raw(s.port, [{ data: req }])).toMatch(/^HTTP\/1\.1 400 /);
    const swapped = `GET /v1/health HTTP/1.1\r\nHost: evil.example\r\nHost: 127.0.0.1:${s.port}\r\nAuthorization: Bearer ${TOKEN}\r\nConnection: close\r\n\r\n`;
    expect(await raw(s.port, [{ data: swapped }])).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('refuses a token shorter than 32 characters, from the environment or a token file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-sec-token-'));
    try {
      expect(() => loadOrCreateToken(join(dir, 'http-token'), { DESKMATE_HTTP_TOKEN: 'short-token-123' })).toThrow(/at least 32 characters/);
      const cli = await runCli(['--data-dir', dir, 'serve', '--port', '0'], { DESKMATE_HTTP_TOKEN: 'x'.repeat(31) });
      expect(cli.code).toBe(2);
      expect(cli.err).toContain('DESKMATE_HTTP_TOKEN must be at least 32 characters');
      const file = join(dir, 'own-token');
      writeFileSync(file, 'hand-made-token\n');
      expect(() => loadOrCreateToken(file, {})).toThrow(/own-token must be at least 32 characters/);
      expect(loadOrCreateToken(join(dir, 'http-token'), { DESKMATE_HTTP_TOKEN: 'y'.repeat(32) }).source).toBe('env');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
