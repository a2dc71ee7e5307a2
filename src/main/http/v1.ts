// The small JSON endpoints of the seed API: health, pricing, usage (JSON or CSV).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendJson, sendText } from './respond';
import type { StreamMetrics } from './metrics';
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

export async function handleHealth(
  res: ServerResponse,
  upstream: () => UpstreamStatus | Promise<UpstreamStatus>,
  metrics: StreamMetrics,
  server: () => ServerFigures,
): Promise<void> {
  const up = await upstream();
  sendJson(res, 200, {
    status: up.reachable === false ? 'degraded' : 'ok',
    upstream: { baseUrl: up.baseUrl, reachable: up.reachable, lastError: up.lastError },
    streaming_metrics: metrics.snapshot(),
    server: server(),
  });
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
