// Runs `deskmate serve` as a child process against a temp data dir (and usually the fake Kimi), for the
// browser end-to-end tests and the renderer benchmark. Also a switchable TCP relay to take "Kimi" offline.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './e2e-env';

export interface DeskServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  token: string;
  dataDir: string;
  /** The URL that signs the browser in (`/#token=…`: kept in sessionStorage, sent as a Bearer header). */
  signInUrl: string;
  /** Everything the server printed so far (stdout + stderr), for failure messages. */
  output(): string;
  /** POST /api/invoke/:route with the token; returns the parsed `{ok, data | error}` body. */
  invoke(route: string, input: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export interface DeskServeOptions {
  /** The fake Kimi base URL (with /v1); null: no KIMI_BASE_URL at all. */
  kimiUrl: string | null;
  apiKey?: string | null;
  token?: string;
  dataDir?: string;
  env?: Record<string, string>;
  args?: string[];
  startTimeoutMs?: number;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startDeskServe(opts: DeskServeOptions): Promise<DeskServer> {
  const token = opts.token ?? 'e2e-token-0123456789abcdef-0123456789';
  const ownDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'deskmate-e2e-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, DESKMATE_HTTP_TOKEN: token, ...opts.env };
  delete env.KIMI_BASE_URL;
  delete env.KIMI_API_KEY;
  delete env.MOONSHOT_API_KEY;
  if (opts.kimiUrl !== null) env.KIMI_BASE_URL = opts.kimiUrl;
  const key = opts.apiKey === undefined ? 'test' : opts.apiKey;
  if (key !== null) env.KIMI_API_KEY = key;

  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'deskmate.js'), 'serve', '--port', String(port), '--data-dir', dataDir, ...(opts.args ?? [])],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString()));
  const url = `http://127.0.0.1:${port}`;

  const deadline = Date.now() + (opts.startTimeoutMs ?? 60_000);
  for (;;) {
    if (exited(child)) throw new Error(`deskmate serve exited (${child.exitCode ?? child.signalCode}) before listening:\n${out.slice(-3000)}`);
    try {
      const r = await fetch(`${url}/v1/health`, { signal: AbortSignal.timeout(2_000) });
      await r.arrayBuffer();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`deskmate serve did not answer on ${url} within the start timeout:\n${out.slice(-3000)}`);
      }
      await sleep(150);
    }
  }

  return {
    url,
    token,
    dataDir,
    signInUrl: `${url}/#token=${encodeURIComponent(token)}`,
    output: () => out,
    async invoke(route, input) {
      const r = await fetch(`${url}/api/invoke/${route}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(input ?? {}),
      });
      return r.json() as Promise<unknown>;
    },
    async stop() {
      if (!exited(child)) {
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await gone;
        clearTimeout(timer);
      }
      if (ownDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A TCP relay in front of the fake Kimi: `online` forwards connections, `offline` resets them at once (what
 * the engine sees when the network is down). Lets one server go offline and come back without restarting.
 */
export interface SwitchableRelay {
  /** Base URL with /v1 pointing at the relay. */
  url: string;
  setOnline(online: boolean): void;
  close(): Promise<void>;
}

export async function startRelay(targetPort: number): Promise<SwitchableRelay> {
  let online = true;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    if (!online) {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    client.pipe(upstream).pipe(client);
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    setOnline(v) {
      online = v;
      if (!v) for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
