// `deskmate serve --workers 2 --spread load` as real processes: with room in the leader only it accepts
// new connections, a follower joins while the load spills over, and a follower told to stop lets its keep-alive
// clients go after their current response (`Connection: close`). `--spread even` (the default) keeps both accepting. The
// thresholds are set low through DESKMATE_SERVE_SPILL so that an idle service gathers and a few requests spill.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { request } from './http-helpers';
import { serveStarted } from '../support/serve-line';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'spread-test-token-0123456789abcdef0';
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };
// up 0.05 core (a few requests a second are more), down 0.04 (an idle service is less), 250-ms / 1-s periods, warm at once
const SPILL = '0.05,0.04,250,1000,0';

let dir: string;
let kimi: FakeKimi;
const started: ChildProcess[] = [];

interface Serve {
  child: ChildProcess;
  base: string;
  err: () => string;
}

async function serve(args: string[]): Promise<Serve> {
  let err = '';
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'deskmate.js'), '--data-dir', join(dir, `data-${started.length}`), 'serve', '--port', '0', '--workers', '2', '--json', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DESKMATE_HTTP_TOKEN: TOKEN, KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-test', DESKMATE_SERVE_SPILL: SPILL },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const line = await serveStarted(child, () => err);
  expect(line.processes).toBe(2);
  return { child, base: line.url, err: () => err };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-serve-spread-'));
  kimi = await startFakeKimi({ script: { answer: 'The X200 can be returned within 30 days [Doc-1].', chunkChars: 6, interChunkMs: 5, ttftMs: 5 } });
}, 30_000);

afterAll(async () => {
  for (const c of started) if (c.exitCode === null) c.kill('SIGKILL');
  await kimi?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The process that accepted a new connection (no keep-alive: one connection per call). */
async function acceptedBy(s: Serve, agent?: http.Agent): Promise<number> {
  const r = await request(s.base, { path: '/v1/health', headers: auth, ...(agent ? { agent } : {}) });
  return (JSON.parse(r.body) as { server: { pid: number } }).server.pid;
}

/** Waits until `n` new connections in a row land on the leader (the follower no longer accepts). */
async function gathered(s: Serve, n = 12, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let row = 0;
  while (row < n) {
    if (Date.now() > end) throw new Error(`the follower kept accepting: ${s.err()}`);
    row = (await acceptedBy(s)) === s.child.pid ? row + 1 : 0;
    if (row === 0) await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until serve's stderr says `what`. */
async function said(s: Serve, what: RegExp, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!what.test(s.err())) {
    if (Date.now() > end) throw new Error(`serve never said ${what}: ${s.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A keep-alive connection the follower accepted (new connections until one lands there). */
async function followerConnection(s: Serve, timeoutMs = 20_000): Promise<http.Agent> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    if ((await acceptedBy(s, agent)) !== s.child.pid) return agent;
    agent.destroy();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no connection reached the follower: ${s.err()}`);
}

/** One chat stream on `agent`; its response headers and whether the connection stayed open afterwards. */
async function streamOn(s: Serve, agent: http.Agent): Promise<{ connection: string | undefined; kept: boolean; body: string }> {
  const u = new URL(s.base);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/v1/chat/stream', headers: auth, agent }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        // the agent keeps the socket (free) only when the server kept the connection open
        setTimeout(() => {
          const free = Object.values(agent.freeSockets).flat().length;
          resolve({ connection: res.headers.connection, kept: free > 0, body });
        }, 200);
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify({ session_id: `spread-${Date.now()}`, conversation_context: [], query: 'Can I return the X200?', user_id: 'agent-1' }));
  });
}

describe('deskmate serve --spread load', () => {
  it('gathers new connections in the leader while it has room, spills to the follower under load, and lets the follower’s clients go when the load fits again', async () => {
    const s = await serve(['--spread', 'load']);
    // idle: once the follower is ready (both accept at first) and a quiet period has passed, only the leader accepts
    await said(s, /1 of 2 serving processes accept new connections/);
    await gathered(s);

    // load on the leader (health requests on keep-alive connections, above 0.05 of a core): the follower joins
    let loading = true;
    const agents = Array.from({ length: 4 }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
    const load = Promise.all(
      agents.map(async (a) => {
        while (loading) await request(s.base, { path: '/v1/health', headers: auth, agent: a });
      }),
    );
    let follower: http.Agent;
    try {
      follower = await followerConnection(s);
    } finally {
      loading = false;
      await load;
      for (const a of agents) a.destroy();
    }
    expect(s.err()).toMatch(/2 of 2 serving processes accept new connections/);

    // a stream on the follower's keep-alive connection while it still accepts: the connection stays open
    const kept = await streamOn(s, follower);
    expect(kept.body).toContain('event: done');

    // idle again: the follower stops accepting; its keep-alive client's next response closes the connection
    const gatheredBefore = s.err().match(/1 of 2 serving/g)!.length;
    await said(s, new RegExp(`(1 of 2 serving[^]*){${gatheredBefore + 1}}`));
    await gathered(s);
    const last = await streamOn(s, follower);
    expect(last.body).toContain('event: done');
    expect(last.connection).toBe('close');
    expect(last.kept).toBe(false);
    // and the client's next connection lands on the leader
    expect(await acceptedBy(s, follower)).toBe(s.child.pid);
    follower.destroy();
  }, 90_000);
});

describe('deskmate serve --spread even (the default)', () => {
  it('keeps both processes accepting on an idle service', async () => {
    const s = await serve([]);
    const pids = new Set<number>();
    const end = Date.now() + 20_000;
    while (Date.now() < end && pids.size < 2) pids.add(await acceptedBy(s));
    expect(pids.size).toBe(2);
    // well past the load mode's 1-s period: still both (new connections until the follower is met again)
    await new Promise((r) => setTimeout(r, 2_500));
    const later = new Set<number>();
    while (Date.now() < end + 10_000 && later.size < 2) later.add(await acceptedBy(s));
    expect(later.size).toBe(2);
    expect(s.err()).not.toMatch(/serving processes accept new connections/);
  }, 60_000);

  it('refuses an unknown --spread and a bad DESKMATE_SERVE_SPILL, naming them', () => {
    const run = (args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, [join(ROOT, 'bin', 'deskmate.js'), '--data-dir', join(dir, 'bad'), 'serve', '--port', '0', ...args], {
        cwd: ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DESKMATE_HTTP_TOKEN: TOKEN, ...env },
        encoding: 'utf8',
        timeout: 30_000,
      });
    const a = run(['--spread', 'sideways']);
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('--spread must be even or load, not "sideways"');
    const b = run([], { DESKMATE_SERVE_SPILL: '0.5,0.9' });
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('DESKMATE_SERVE_SPILL: "0.5,0.9" is not understood');
  });
});
