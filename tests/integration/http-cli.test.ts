// `deskmate serve` as a real child process: prints its URL and token, keeps the token in a 0600 file, streams
// against the fake Kimi, and on SIGTERM ends an in-flight stream with `error` {type:"shutdown"} and exits 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk } from '../../src/main/desk';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { openSse, request } from './http-helpers';

const ROOT = join(__dirname, '..', '..');

interface Serve {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exit: Promise<number | null>;
}

function serve(args: string[], env: Record<string, string>): Serve {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'deskmate.js'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exit };
}

async function waitFor(cond: () => boolean, what: () => string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out: ${what()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let dir: string;
let kimi: FakeKimi;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-serve-cli-'));
  kimi = await startFakeKimi({ script: { answer: 'part '.repeat(300), tokensPerSecond: 20, chunkChars: 5, ttftMs: 5 } });
});
afterAll(async () => {
  await kimi?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('deskmate serve', () => {
  it('prints URL and token, stores the token 0600, streams, and stops cleanly on SIGTERM mid-stream', async () => {
    const dataDir = join(dir, 'data');
    const s = serve(['--data-dir', dataDir, 'serve', '--port', '0', '--renderer-dir', join(dir, 'no-renderer')], {
      KIMI_BASE_URL: kimi.url,
      KIMI_API_KEY: 'sk-cli-test-key',
    });
    try {
      await waitFor(() => /Press Ctrl\+C/.test(s.out()), () => s.out() + s.err());
      const url = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(s.out())![1]!;
      const token = readFileSync(join(dataDir, 'http-token'), 'utf8').trim();
      expect(statSync(join(dataDir, 'http-token')).mode & 0o777).toBe(0o600);
      expect(s.out()).toContain(`${url}/#token=${token}`);
      expect(s.out()).not.toContain('sk-cli-test-key');

      const home = await request(url, { path: '/' });
      expect(home.body).toMatch(/npm run build/);

      const sse = await openSse(url, {
        method: 'POST',
        path: '/v1/chat/stream',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ session_id: 'cli-1', conversation_context: [], query: 'What is the return policy?', user_id: 'u' }),
      });
      await sse.next('content', 30_000);
      const abortedBefore = kimi.aborted;
      s.child.kill('SIGTERM');
      await sse.ended;
      expect(sse.events.at(-1)).toMatchObject({ event: 'error', data: { type: 'shutdown', retryable: true } });
      expect(await s.exit).toBe(0);
      expect(kimi.aborted).toBe(abortedBefore + 1);
      expect(s.err()).toMatch(/stopping \(ending 1 stream, partial answers kept\)/);

      // the partial answer is in the data dir, marked interrupted
      const desk = openDesk({ dataDir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
      try {
        const got = await desk.dispatch('sessions.get', { id: 'cli-1' }, { transport: 'http' });
        const turns = (got as { ok: true; data: { turns: Array<{ speaker: string; status: string; text: string }> } }).data.turns;
        const answer = turns.find((t) => t.speaker !== 'customer');
        expect(answer?.status).toBe('interrupted');
        expect(answer?.text).toMatch(/^part/);
      } finally {
        await desk.close();
      }
    } finally {
      if (s.child.exitCode === null) s.child.kill('SIGKILL');
    }
  });

  it('reuses the stored token, and warns when bound beyond loopback', async () => {
    const dataDir = join(dir, 'data2');
    const first = serve(['--data-dir', dataDir, 'serve', '--port', '0', '--host', '0.0.0.0', '--json'], {});
    try {
      await waitFor(() => first.out().includes('"token"'), () => first.out() + first.err());
      const info = JSON.parse(first.out().trim().split('\n')[0]!) as { url: string; token: string; tokenFile: string };
      expect(info.tokenFile).toBe(join(dataDir, 'http-token'));
      expect(first.err()).toMatch(/WARNING: listening on 0\.0\.0\.0/);
      // bound to 0.0.0.0, a loopback Host still works and another name is refused
      expect(info.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const port = new URL(info.url).port;
      const base = `http://127.0.0.1:${port}`;
      expect((await request(base, { path: '/v1/health', headers: { Authorization: `Bearer ${info.token}` } })).status).toBe(200);
      expect((await request(base, { path: '/v1/health', headers: { Authorization: `Bearer ${info.token}`, Host: `example.com:${port}` } })).status).toBe(403);
      first.child.kill('SIGINT');
      expect(await first.exit).toBe(0);
      const second = serve(['--data-dir', dataDir, 'serve', '--port', '0', '--json'], {});
      await waitFor(() => second.out().includes('"token"'), () => second.out() + second.err());
      expect(JSON.parse(second.out().trim().split('\n')[0]!).token).toBe(info.token);
      second.child.kill('SIGTERM');
      expect(await second.exit).toBe(0);
    } finally {
      if (first.child.exitCode === null) first.child.kill('SIGKILL');
    }
  });

  it('rejects a bad port with exit 2', async () => {
    const s = serve(['--data-dir', join(dir, 'data3'), 'serve', '--port', '70000'], {});
    expect(await s.exit).toBe(2);
    expect(s.err()).toMatch(/--port must be an integer from 0 to 65535/);
  });

  it('rejects a bad DESKMATE_SERVE_RENDERINGS_MB with exit 2, naming it, before listening', async () => {
    const s = serve(['--data-dir', join(dir, 'data4'), 'serve', '--port', '0', '--json'], { DESKMATE_SERVE_RENDERINGS_MB: 'lots' });
    expect(await s.exit).toBe(2);
    expect(s.err()).toMatch(/DESKMATE_SERVE_RENDERINGS_MB must be a number of megabytes from 1 to 4096, got "lots"/);
    expect(s.out()).toBe('');
  });
});
