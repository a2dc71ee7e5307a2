// `deskmate serve --workers 2` as real processes on one data folder: both processes accept connections from the one
// listening socket, an answer streaming in one process reaches `/api/events` clients of both, chat.stop finds an
// answer running in the other process, settings set in one are seen by the other, one customer's session answered
// alternately by both keeps every turn, and SIGTERM stops them all with exit code 0.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { openSse, parseSse, request } from './http-helpers';
import { serveStarted } from '../support/serve-line';

const ROOT = join(__dirname, '..', '..');
const TOKEN = 'cluster-test-token-0123456789abcdef';
const auth = { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' };

let dir: string;
let kimi: FakeKimi;
let child: ChildProcess;
let base: string;
let exit: Promise<number | null>;
let err = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'deskmate-serve-cluster-'));
  kimi = await startFakeKimi({ script: { answer: 'The X200 can be returned within 30 days [Doc-1].', chunkChars: 6, interChunkMs: 5, ttftMs: 5 } });
  child = spawn(process.execPath, [join(ROOT, 'bin', 'deskmate.js'), '--data-dir', join(dir, 'data'), 'serve', '--port', '0', '--workers', '2', '--json'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DESKMATE_HTTP_TOKEN: TOKEN, KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  exit = new Promise((r) => child.once('exit', (code) => r(code)));
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  const printed = await serveStarted(child, () => err);
  expect(printed.processes).toBe(2);
  base = printed.url;
}, 90_000);

afterAll(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await kimi?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** One keep-alive connection (an agent of one socket) and the process that accepted it. */
interface Conn {
  agent: http.Agent;
  pid: number;
}
const opened: http.Agent[] = [];
afterEach(() => {
  for (const a of opened.splice(0)) a.destroy();
});

/** A new connection accepted by a process `wanted` accepts (which process accepts a connection is the kernel's
 * choice: new connections are opened until one lands there). */
async function connection(wanted: (pid: number) => boolean): Promise<Conn> {
  for (let i = 0; i < 300; i++) {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    opened.push(agent);
    const r = await request(base, { path: '/v1/health', headers: auth, agent });
    const pid = (JSON.parse(r.body) as { server: { pid: number } }).server.pid;
    if (wanted(pid)) return { agent, pid };
    agent.destroy();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no connection reached the wanted process: ${err}`);
}

const invoke = async (conn: Conn, route: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: unknown }> => {
  const r = await request(base, { method: 'POST', path: `/api/invoke/${route}`, headers: auth, body: JSON.stringify(input), agent: conn.agent });
  return JSON.parse(r.body) as { ok: boolean; data?: unknown };
};

/** A connection to the leader and one to the follower (which accepts once it is ready). */
async function twoProcesses(): Promise<[Conn, Conn]> {
  const leader = await connection((pid) => pid === child.pid);
  const follower = await connection((pid) => pid !== child.pid);
  return [leader, follower];
}

describe('deskmate serve on two processes', () => {
  it('accepts connections in both processes and relays events between them', async () => {
    const [leader, follower] = await twoProcesses();
    expect(follower.pid).not.toBe(leader.pid);
    const [l2, f2] = await twoProcesses(); // the event streams hold these two
    const e1 = await openSse(base, { path: '/api/events', headers: auth, agent: l2.agent });
    const e2 = await openSse(base, { path: '/api/events', headers: auth, agent: f2.agent });
    try {
      const started = await invoke(follower, 'chat.ask', { text: 'Can I return the X200?' }); // answered in the follower
      expect(started.ok).toBe(true);
      const { requestId } = started.data as { requestId: string };
      const done1 = await e1.next('chat.done', 20_000);
      const done2 = await e2.next('chat.done', 20_000);
      for (const d of [done1, done2]) {
        const data = d.data as { requestId: string; result: { answer: string } };
        expect(data.requestId).toBe(requestId);
        expect(data.result.answer).toBe('The X200 can be returned within 30 days [Doc-1].');
      }
    } finally {
      e1.close();
      e2.close();
    }
  });

  it('keeps the deep accept queue on the shared socket once the follower listens on it too', async (ctx) => {
    await twoProcesses();
    // `ss` (iproute2) shows a listening socket's accept queue depth as Send-Q
    const ss = spawnSync('ss', ['-ltnH', `sport = :${new URL(base).port}`], { encoding: 'utf8' });
    if (ss.status !== 0 || !ss.stdout.trim()) {
      console.log(`accept queue depth not checked: ss unavailable (${ss.error?.message ?? ss.stderr})`);
      ctx.skip();
    }
    const depth = Number(ss.stdout.trim().split(/\s+/)[2]);
    const somaxconn = Number(spawnSync('cat', ['/proc/sys/net/core/somaxconn'], { encoding: 'utf8' }).stdout.trim() || 4096);
    expect(depth).toBe(Math.min(4096, somaxconn)); // Node's own re-listen in the follower would leave 511
  });

  it('stops an answer running in the other process, and replays settings everywhere', async () => {
    const [leader, follower] = await twoProcesses();
    kimi.enqueue(faults.script({ ttftMs: 20_000 }));
    const before = kimi.chatCount;
    const started = await invoke(leader, 'chat.ask', { text: 'Is the X200 in stock?' });
    const { requestId } = started.data as { requestId: string };
    await expect.poll(() => kimi.chatCount, { timeout: 10_000 }).toBe(before + 1); // waiting for its first token
    const stop = await invoke(follower, 'chat.stop', { requestId });
    expect(stop).toEqual({ ok: true, data: { stopped: true } });

    const set = await invoke(leader, 'settings.set', { factual: false });
    expect(set.ok).toBe(true);
    const got = await invoke(follower, 'settings.get', {}); // the follower's cache was refreshed
    expect((got.data as { factual: boolean }).factual).toBe(false);
    await invoke(follower, 'settings.set', { factual: true });
    const back = await invoke(leader, 'settings.get', {});
    expect((back.data as { factual: boolean }).factual).toBe(true);
  });

  it('answers one customer session alternately from both processes without losing a turn', async () => {
    const both = await twoProcesses();
    // The streams go to the two processes in turn (the health test below checks that each answered two of them).
    for (let i = 0; i < 4; i++) {
      const before = kimi.requests.length;
      const r = await request(base, {
        agent: both[i % 2]!.agent,
        method: 'POST',
        path: '/v1/chat/stream',
        headers: auth,
        body: JSON.stringify({ session_id: 'customer-42', conversation_context: [], query: `Question ${i} about the X200`, user_id: 'agent-1' }),
      });
      const events = parseSse(r.body);
      const names = events.map((e) => e.event);
      expect(names[0]).toBe('metrics');
      expect(names.slice(-2)).toEqual(['citations', 'done']);
      expect(new Set(names.slice(1, -2))).toEqual(new Set(['content']));
      // the upstream saw every earlier question of the session, whichever process stored it
      const body = kimi.requests.slice(before).find((q) => q.path.endsWith('/chat/completions'))!.body as { messages: { content: string }[] };
      const sent = body.messages.map((m) => m.content).join('\n');
      for (let k = 0; k < i; k++) expect(sent).toContain(`Question ${k} about the X200`);
    }
    const got = await invoke(both[0], 'sessions.get', { id: 'customer-42' });
    const turns = (got.data as { turns: { speaker: string; status: string }[] }).turns;
    expect(turns).toHaveLength(8);
    expect(turns.map((t) => t.speaker)).toEqual(['customer', 'assistant', 'customer', 'assistant', 'customer', 'assistant', 'customer', 'assistant']);
    expect(turns.every((t) => t.status === 'complete')).toBe(true);
  });

  it('/v1/health reports the whole service: streams of both processes, each process listed', async () => {
    await twoProcesses();
    for (let i = 0; i < 2; i++) {
      const r = await request(base, { path: '/v1/health', headers: auth });
      const body = JSON.parse(r.body) as {
        streaming_metrics: { total_streams: number; avg_total_latency_ms: number };
        server: { pid: number };
        cluster: { processes: number; active_streams: number; rss_mb: number; per_process: { pid: number; rss_mb: number; streaming_metrics: { total_streams: number } }[] };
      };
      expect(body.cluster.processes).toBe(2);
      const pids = body.cluster.per_process.map((p) => p.pid);
      expect(new Set(pids).size).toBe(2);
      expect(pids[0]).toBe(body.server.pid); // the answering process first
      // the session test above streamed twice through each process
      for (const p of body.cluster.per_process) expect(p.streaming_metrics.total_streams).toBeGreaterThanOrEqual(2);
      expect(body.streaming_metrics.total_streams).toBe(body.cluster.per_process.reduce((n, p) => n + p.streaming_metrics.total_streams, 0));
      expect(body.streaming_metrics.avg_total_latency_ms).toBeGreaterThan(0);
      expect(body.cluster.rss_mb).toBe(body.cluster.per_process.reduce((n, p) => n + p.rss_mb, 0));
    }
  });

  it('a follower stopped alone stops taking connections at once, ends its stream (shutdown), and the leader starts another', async () => {
    const [, follower] = await twoProcesses();
    kimi.enqueue(faults.script({ ttftMs: 1_500 }));
    const before = kimi.chatCount;
    const streaming = request(base, {
      agent: follower.agent,
      method: 'POST',
      path: '/v1/chat/stream',
      headers: auth,
      body: JSON.stringify({ session_id: 'drain-1', conversation_context: [], query: 'Can I return the X200?', user_id: 'agent-1' }),
    });
    await expect.poll(() => kimi.chatCount, { timeout: 10_000 }).toBe(before + 1); // the follower's stream is upstream
    process.kill(follower.pid, 'SIGTERM');
    await new Promise((r) => setTimeout(r, 20));
    // while it stops, every new connection is taken by the leader (not the follower's 503)
    const probes = await Promise.all(
      Array.from({ length: 16 }, async () => {
        const agent = new http.Agent({ keepAlive: false });
        opened.push(agent);
        const r = await request(base, { path: '/v1/health', headers: auth, agent });
        return { status: r.status, pid: r.status === 200 ? (JSON.parse(r.body) as { server: { pid: number } }).server.pid : 0 };
      }),
    );
    expect(probes.map((p) => p.status)).toEqual(probes.map(() => 200));
    expect(new Set(probes.map((p) => p.pid))).toEqual(new Set([child.pid]));
    // its own stream ended as a stopping server ends one (partial answer kept): an error event of type shutdown
    const ended = await streaming;
    expect(ended.status).toBe(200);
    const last = parseSse(ended.body).at(-1)!;
    expect(last.event).toBe('error');
    expect(JSON.stringify(last.data)).toContain('shutdown');
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    await expect.poll(() => alive(follower.pid), { timeout: 10_000 }).toBe(false);
    const next = await connection((pid) => pid !== child.pid && pid !== follower.pid); // its replacement serves
    expect(next.pid).toBeGreaterThan(0);
  }, 60_000);

  it('stops every process on SIGTERM with exit code 0', async () => {
    const [, follower] = await twoProcesses();
    const followerPid = follower.pid;
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(() => process.kill(followerPid, 0)).toThrow();
  });
});
