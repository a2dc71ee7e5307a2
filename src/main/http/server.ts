// The loopback HTTP server: routing, auth and Host checks, and a clean shutdown that ends in-flight streams.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { authenticate, hostAllowed, originAllowed, tokenMatches } from './auth';
import { handleChatStream, type InflightStream } from './chat-stream';
import { handleEvents, handleInvoke, sendInvokeError } from './contract-transport';
import { StreamMetrics, type MetricsState } from './metrics';
import { LISTEN_BACKLOG } from './cluster';
import { openApiDocument } from './openapi';
import { BASE_HEADERS, sendError, sendJson, sendText } from './respond';
import { Heartbeat, type SseStream } from './sse';
import { serveStatic } from './static';
import type { HttpServerDeps } from './types';
import { handleUpload } from './upload';
import { handleHealth, handleUsage, type ServerFigures } from './v1';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
/** How long a request body may take to arrive (catalog uploads: 20 ×). */
export const DEFAULT_BODY_TIMEOUT_MS = 30_000;

function hostHeaderCount(req: IncomingMessage): number {
  let n = 0;
  for (let i = 0; i < req.rawHeaders.length; i += 2) if (req.rawHeaders[i]!.toLowerCase() === 'host') n++;
  return n;
}

function hasBody(req: IncomingMessage): boolean {
  const len = req.headers['content-length'];
  return (len !== undefined && len !== '0') || req.headers['transfer-encoding'] !== undefined;
}

/** decodeURIComponent, or null for bad %-encoding (a 400, never a 500). */
function decodePathPart(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}
/** While draining (setDraining), keep-alive connections let go per second, and at once. */
export const DRAIN_PER_SECOND = 40;
const DRAIN_BURST = 10;
export const DEFAULT_IMPORT_BODY_LIMIT = 200 * 1024 * 1024;
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopbackAddress(host: string): boolean {
  return LOOPBACK_ADDRESSES.has(host) || host.startsWith('127.');
}

export interface HttpServer {
  /** Binds and resolves with the address actually used (port 0 → the chosen port). */
  listen(): Promise<{ url: string; host: string; port: number }>;
  /** Stops accepting, ends in-flight streams with an `error` event after aborting their engine requests, closes sockets. */
  close(): Promise<void>;
  readonly metrics: StreamMetrics;
  readonly server: Server;
  /** Chat streams in flight now. */
  activeStreams(): number;
  /** This process's `/v1/health` figures for the other serving processes (ProcessHealth). */
  healthFigures(): { server: ServerFigures; metrics: MetricsState };
  /** Serves a connection accepted outside this server (`deskmate serve` on several processes: every process accepts
   * from one shared listening socket, see cluster.ts); `port` must then be the port clients use. */
  accept(socket: Socket): void;
  /** Draining: responses that start from now on close their connection when they end (`Connection: close`), so
   * keep-alive clients come back through another process (`deskmate serve --spread load`, a follower told to stop
   * accepting) — at most DRAIN_PER_SECOND of them a second, so the load moves over seconds, not in one step (all
   * at once, ~200 clients reconnecting to the leader together gave 190–220 ms added TTFT p99 for 4 s). Responses
   * under way keep their connection; idle ones are left to their keep-alive timeout (closing them now would race a
   * request the client is sending on them). */
  setDraining(on: boolean): void;
}

export function createHttpServer(deps: HttpServerDeps): HttpServer {
  const host = deps.host ?? '127.0.0.1';
  const limit = deps.bodyLimitBytes ?? DEFAULT_BODY_LIMIT;
  const importLimit = deps.importBodyLimitBytes ?? DEFAULT_IMPORT_BODY_LIMIT;
  const now = deps.now ?? (() => performance.now());
  const metrics = new StreamMetrics();
  const heartbeat = new Heartbeat(deps.heartbeatMs ?? 15_000);
  const inflight = new Set<InflightStream>();
  const eventStreams = new Set<SseStream>();
  let port = deps.port ?? 0;
  let closing: Promise<void> | undefined;
  const extraHosts = [...(deps.allowedHosts ?? [])];
  if (!isLoopbackAddress(host) && host !== '0.0.0.0' && host !== '::') extraHosts.push(host.includes(':') ? `[${host}]` : host);
  const hostPolicy = { port: () => port, extra: extraHosts };
  const openapi = (): Record<string, unknown> => openApiDocument(deps.version ?? '0.0.0');
  // Node's histogram records the time between two firings of a 10-ms timer (p50 ≈ 10 ms when idle): the delay is
  // what exceeds the 10-ms schedule, so the resolution is taken off every figure
  const loopResolutionMs = 10;
  const loopDelay = monitorEventLoopDelay({ resolution: loopResolutionMs });
  const lateMs = (ns: number): number => Math.max(0, Math.round((ns / 1e6 - loopResolutionMs) * 10) / 10);
  const serverFigures = (): ServerFigures => ({
    active_streams: inflight.size,
    event_loop_delay_ms: { p50: lateMs(loopDelay.percentile(50)), p99: lateMs(loopDelay.percentile(99)), max: lateMs(loopDelay.max) },
    rss_mb: Math.round(process.memoryUsage.rss() / 1e6),
    pid: process.pid,
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const isApi = path.startsWith('/api/');
    const isV1 = path.startsWith('/v1/');
    if (hostHeaderCount(req) > 1) {
      // Node keeps only the first Host: two could mean different things to a proxy and to us
      if (isApi) sendInvokeError(res, 400, 'bad_request', 'more than one Host header', { Connection: 'close' });
      else sendError(res, 400, 'bad_request', 'more than one Host header', undefined, { Connection: 'close' });
      return;
    }
    if (!hostAllowed(req.headers.host, hostPolicy)) {
      const msg = `Host "${req.headers.host ?? ''}" is not allowed (use 127.0.0.1 or localhost, or start with --allowed-host)`;
      if (isApi) sendInvokeError(res, 403, 'forbidden_host', msg);
      else sendError(res, 403, 'forbidden_host', msg);
      return;
    }
    if (closing) {
      const headers = { Connection: 'close' };
      if (isApi) sendInvokeError(res, 503, 'shutting_down', 'the server is shutting down', headers);
      else sendError(res, 503, 'shutting_down', 'the server is shutting down', undefined, headers);
      return;
    }
    if (!isApi && !isV1) {
      const given = url.searchParams.get('token');
      if (path === '/' && given !== null) {
        if (!tokenMatches(given, deps.token)) {
          sendText(res, 401, 'text/html; charset=utf-8', '<!doctype html><meta charset="utf-8"><p>Wrong token. Use the URL <code>deskmate serve</code> printed.</p>');
          return;
        }
        // the old link form: to the fragment form, which no server ever receives (no cookie is ever set)
        res.writeHead(303, { ...BASE_HEADERS, Location: `/#token=${encodeURIComponent(deps.token)}`, 'Content-Length': '0' });
        res.end();
        return;
      }
      await serveStatic(req, res, path, deps.rendererDir);
      return;
    }
    const auth = authenticate(req, deps.token);
    if (!auth.ok) {
      const headers = { 'WWW-Authenticate': 'Bearer realm="deskmate"' };
      if (isApi) sendInvokeError(res, 401, 'unauthorized', auth.reason, headers);
      else sendError(res, 401, 'unauthorized', auth.reason, undefined, headers);
      return;
    }
    if (!originAllowed(req)) {
      if (isApi) sendInvokeError(res, 403, 'forbidden_origin', 'cross-origin requests are refused');
      else sendError(res, 403, 'forbidden_origin', 'cross-origin requests are refused');
      return;
    }
    const method = req.method ?? 'GET';
    const want = (m: string): boolean => {
      if (method === m || (m === 'GET' && method === 'HEAD')) return true;
      if (isApi) sendInvokeError(res, 405, 'method_not_allowed', `use ${m} for ${path}`, { Allow: m });
      else sendError(res, 405, 'method_not_allowed', `use ${m} for ${path}`, undefined, { Allow: m });
      return false;
    };
    if (isApi) {
      const m = /^\/api\/invoke\/([^/]+)$/.exec(path);
      if (m) {
        if (!want('POST')) return;
        const name = decodePathPart(m[1]!);
        if (name === null) {
          sendInvokeError(res, 400, 'invalid_input', `route: bad %-encoding in "${m[1]!.slice(0, 100)}"`, { Connection: 'close' });
          return;
        }
        await handleInvoke(req, res, name, { dispatch: deps.dispatch, limitFor: (r) => (r === 'catalog.importText' ? importLimit : limit) });
        return;
      }
      if (path === '/api/import') {
        if (want('POST')) await handleUpload(req, res, url, { imports: deps.imports, limit: importLimit });
        return;
      }
      if (path === '/api/events') {
        if (want('GET')) handleEvents(req, res, { bus: deps.bus, heartbeat, open: eventStreams });
        return;
      }
      sendInvokeError(res, 404, 'not_found', `no such endpoint: ${path}`);
      return;
    }
    switch (path) {
      case '/v1/chat/stream':
        if (want('POST')) {
          await handleChatStream(req, res, { engine: deps.engine, metrics, heartbeat, inflight, limit, coalesce: deps.coalesceDeltas ?? true, coalesceWindowMs: deps.coalesceWindowMs ?? 0, now });
        }
        return;
      case '/v1/health':
        if (want('GET')) await handleHealth(res, deps.upstream, metrics, serverFigures, deps.clusterHealth);
        return;
      case '/v1/pricing':
        if (want('GET')) sendJson(res, 200, await deps.pricing());
        return;
      case '/v1/usage':
        if (want('GET')) await handleUsage(req, res, url, deps);
        return;
      case '/v1/openapi.json':
        if (want('GET')) sendJson(res, 200, openapi());
        return;
      default:
        sendError(res, 404, 'not_found', `no such endpoint: ${path}`);
    }
  }

  const bodyTimeoutMs = deps.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  let draining = false;
  // a token bucket: DRAIN_PER_SECOND connections let go a second, DRAIN_BURST at once
  let drainTokens = DRAIN_BURST;
  let drainAt = 0;
  const letGo = (): boolean => {
    const now = performance.now();
    drainTokens = Math.min(DRAIN_BURST, drainTokens + ((now - drainAt) * DRAIN_PER_SECOND) / 1000);
    drainAt = now;
    if (drainTokens < 1) return false;
    drainTokens -= 1;
    return true;
  };
  const server = createServer({ requestTimeout: 0, headersTimeout: 30_000, keepAliveTimeout: 30_000 }, (req, res) => {
    if (draining && letGo()) res.shouldKeepAlive = false;
    // a body trickled forever is cut off (408); streams' own lifetimes are not limited here (requestTimeout 0)
    if (hasBody(req)) {
      const longer = req.url?.startsWith('/api/invoke/catalog.importText') || req.url?.startsWith('/api/import');
      const timer = setTimeout(() => {
        if (req.complete) return;
        const msg = `the request body did not arrive within ${Math.round((longer ? bodyTimeoutMs * 20 : bodyTimeoutMs) / 1000)} s`;
        if (req.url?.startsWith('/api/')) sendInvokeError(res, 408, 'request_timeout', msg, { Connection: 'close' });
        else sendError(res, 408, 'request_timeout', msg, undefined, { Connection: 'close' });
        res.once('finish', () => req.socket.destroy());
      }, longer ? bodyTimeoutMs * 20 : bodyTimeoutMs);
      timer.unref();
      const clear = (): void => clearTimeout(timer);
      req.once('end', clear);
      res.once('close', clear);
    }
    route(req, res).catch((err: unknown) => {
      deps.log?.warn(`http: ${req.method} ${req.url}: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) sendError(res, 500, 'internal', 'internal error');
      else res.end();
    });
  });
  server.maxHeadersCount = 100;

  async function close(): Promise<void> {
    const serverClosed = new Promise<void>((resolve) => server.close(() => resolve()));
    const streams = [...inflight];
    for (const s of streams) s.abort('shutdown');
    const grace = deps.shutdownGraceMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(streams.map((s) => s.finished)),
      new Promise<void>((r) => (timer = setTimeout(r, grace))),
    ]);
    clearTimeout(timer);
    for (const s of eventStreams) s.end();
    heartbeat.stop();
    loopDelay.disable();
    server.closeIdleConnections();
    const force = setTimeout(() => server.closeAllConnections(), 1_000);
    await serverClosed;
    clearTimeout(force);
  }

  let attached = false;
  return {
    metrics,
    server,
    activeStreams: () => inflight.size,
    setDraining(on) {
      if (on && !draining) {
        drainTokens = DRAIN_BURST;
        drainAt = performance.now();
      }
      draining = on;
    },
    healthFigures: () => ({ server: serverFigures(), metrics: metrics.state() }),
    accept(socket) {
      if (!attached) {
        attached = true;
        // What listen() would start: connection tracking (headersTimeout checks, closeIdleConnections) and the
        // event-loop monitor. Node starts the tracking on 'listening'.
        server.emit('listening');
        loopDelay.enable();
      }
      server.emit('connection', socket);
      socket.resume();
    },
    listen() {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host, backlog: LISTEN_BACKLOG }, () => {
          server.off('error', reject);
          port = (server.address() as AddressInfo).port;
          loopDelay.enable();
          // a wildcard bind is shown (and reached) through loopback, which the Host check accepts
          const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
          resolve({ url: `http://${shown}:${port}`, host, port });
        });
      });
    },
    close() {
      if (closing) return closing;
      if (!server.listening && !attached) return Promise.resolve();
      closing = close();
      return closing;
    },
  };
}
