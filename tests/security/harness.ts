// A real desk (SQLite in a temp dir) behind a real HTTP server on 127.0.0.1, for the security probes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, type Desk, type DeskOptions } from '../../src/main/desk';
import { createHttpServer, type HttpServer } from '../../src/main/http/server';
import { upstreamFromConnectivity, v1FromDispatch } from '../../src/main/http/from-dispatch';
import type { HttpServerDeps } from '../../src/main/http/types';
import { request, type RawResponse } from '../integration/http-helpers';

export const TOKEN = 'sec-token-0123456789abcdef-0123456789';
export const auth = { Authorization: `Bearer ${TOKEN}` };
export const json = { 'Content-Type': 'application/json' };

export interface SecDesk {
  dir: string;
  desk: Desk;
  server: HttpServer;
  base: string;
  port: number;
  /** POST /api/invoke/:route with the bearer token. */
  invoke(route: string, input: unknown): Promise<RawResponse & { json: { ok: boolean; data?: unknown; error?: { code: string; message: string } } }>;
  close(): Promise<void>;
}

export async function startSecDesk(
  opts: { env?: NodeJS.ProcessEnv; desk?: Partial<DeskOptions>; server?: Partial<HttpServerDeps>; dir?: string } = {},
): Promise<SecDesk> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'deskmate-sec-'));
  const desk = openDesk({ dataDir: dir, env: opts.env ?? {}, resourcesDir: null, tokenizerMode: 'inline', retryPolicy: { maxAttempts: 1 }, ...opts.desk });
  const server = createHttpServer({
    dispatch: desk.dispatch,
    bus: desk.bus,
    engine: desk.engine,
    ...v1FromDispatch(desk.dispatch),
    upstream: () => upstreamFromConnectivity(desk.connectivity, () => desk.settings.get().baseUrl),
    token: TOKEN,
    port: 0,
    shutdownGraceMs: 2_000,
    ...opts.server,
  });
  const { url, port } = await server.listen();
  return {
    dir,
    desk,
    server,
    base: url,
    port,
    async invoke(route, input) {
      const res = await request(url, {
        method: 'POST',
        path: `/api/invoke/${encodeURIComponent(route)}`,
        headers: { ...auth, ...json },
        body: JSON.stringify(input),
      });
      return { ...res, json: JSON.parse(res.body) as { ok: boolean; data?: unknown; error?: { code: string; message: string } } };
    },
    async close() {
      await server.close();
      await desk.close();
      if (!opts.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
