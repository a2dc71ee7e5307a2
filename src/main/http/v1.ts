// The small JSON endpoints of the seed API: health, pricing, usage (JSON or CSV).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sendError, sendJson, sendText } from './respond';
import { combineMetrics, type MetricsState, type StreamMetrics } from './metrics';
import { HttpInputError, type HttpServerDeps, type UpstreamStatus } from './types';

/** Extra figures about this server process (beyond the seed's shape; clients may ignore them). */
export interface ServerFigures {
  active_streams: number;
  /** Event-loop delay since start (ms): how long callbacks waited for a blocked loop. */
  event_loop_delay_ms: { p50: number; p99: number; max: number };
  rss_mb: number;
  /** This process (`deskmate serve` may run several: each answers for itself). */
  pid: number;
}

/** What one serving process reports to the one answering `/v1/health` (crosses the process boundary: validated). */
export const ProcessHealth = z.object({
  server: z.object({
    active_streams: z.number().int().nonnegative(),
    event_loop_delay_ms: z.object({ p50: z.number(), p99: z.number(), max: z.number() }),
    rss_mb: z.number().nonnegative(),
    pid: z.number().int(),
  }),
  metrics: z.object({ total: z.number().int().nonnegative(), completed: z.number().int().nonnegative(), ttft: z.number().nullable(), latency: z.number().nullable() }),
});
export type ProcessHealth = z.infer<typeof ProcessHealth>;

/** `others`: the other serving processes' figures (`deskmate serve --workers N`); absent for a single process. */
export async function handleHealth(
  res: ServerResponse,
  upstream: () => UpstreamStatus | Promise<UpstreamStatus>,
  metrics: StreamMetrics,
  server: () => ServerFigures,
  others?: () => Promise<unknown[]>,
): Promise<void> {
  const [up, rest] = await Promise.all([upstream(), others ? others() : Promise.resolve(null)]);
  const own = server();
  const body: Record<string, unknown> = {
    status: up.reachable === false ? 'degraded' : 'ok',
    upstream: { baseUrl: up.baseUrl, reachable: up.reachable, lastError: up.lastError },
    streaming_metrics: metrics.snapshot(),
    server: own,
  };
  if (rest) {
    const all: ProcessHealth[] = [{ server: own, metrics: metrics.state() }];
    for (const r of rest) {
      const parsed = ProcessHealth.safeParse(r);
      if (parsed.success) all.push(parsed.data);
    }
    // The service as a whole: every process's streams (a client's connection lands on any one of them).
    body.streaming_metrics = combineMetrics(all.map((p) => p.metrics as MetricsState));
    body.cluster = {
      processes: all.length,
      active_streams: all.reduce((n, p) => n + p.server.active_streams, 0),
      rss_mb: all.reduce((n, p) => n + p.server.rss_mb, 0),
      event_loop_delay_p99_ms: Math.max(...all.map((p) => p.server.event_loop_delay_ms.p99)),
      per_process: all.map((p) => ({ ...p.server, streaming_metrics: combineMetrics([p.metrics as MetricsState]) })),
    };
  }
  sendJson(res, 200, body);
}

function wantsCsv(req: IncomingMessage, url: URL): boolean {
  if (url.searchParams.get('format') === 'csv') return true;
  const accept = req.headers.accept ?? '';
  return /\btext\/csv\b/i.test(accept) && !/\bapplication\/json\b/i.test(accept.split(',')[0] ?? '');
}

function bound(url: URL, name: 'since' | 'until'): string | undefined {
  const v = url.searchParams.get(name);
  if (v === null || v === '') return undefined;
  if (Number.isNaN(Date.parse(v))) throw new HttpInputError(`${name}: not a date or time ("${v}")`, name);
  return v;
}

export async function handleUsage(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  deps: Pick<HttpServerDeps, 'usage' | 'usageCsv'>,
): Promise<void> {
  try {
    const since = bound(url, 'since');
    const until = bound(url, 'until');
    const range = { ...(since ? { since } : {}), ...(until ? { until } : {}) };
    if (wantsCsv(req, url)) {
      sendText(res, 200, 'text/csv; charset=utf-8', await deps.usageCsv(range), { 'Content-Disposition': 'attachment; filename="deskmate-usage.csv"' });
    } else {
      sendJson(res, 200, await deps.usage(range));
    }
  } catch (err) {
    if (err instanceof HttpInputError) {
      sendError(res, 400, 'invalid_request', err.message, err.field);
      return;
    }
    throw err;
  }
}
