// What the HTTP server needs from the rest of the main process, passed in (so tests can hand it real parts).
import type { Engine } from '../engine-api';
import type { ImportJobs } from '../catalog';
import type { Dispatch, EventBus } from '../routes';

/** The upstream (Kimi) as the health endpoint reports it. Never contains the API key. */
export interface UpstreamStatus {
  baseUrl: string;
  reachable: boolean | null;
  lastError: string | null;
}

export interface UsageRange {
  since?: string;
  until?: string;
}

export interface HttpLog {
  info(msg: string): void;
  warn(msg: string): void;
}

export interface HttpServerDeps {
  /** The contract dispatcher (`POST /api/invoke/:route`). */
  dispatch: Dispatch;
  /** The contract event bus (`GET /api/events`). */
  bus: EventBus;
  /** Catalog imports (`POST /api/import`, streamed uploads); absent → 404. */
  imports?: ImportJobs;
  /** The engine (`POST /v1/chat/stream`). */
  engine: Engine;
  /** `GET /v1/health`: the upstream's state. */
  upstream: () => UpstreamStatus | Promise<UpstreamStatus>;
  /** `GET /v1/pricing`: the pricing table and comparisons (any JSON value). */
  pricing: () => unknown | Promise<unknown>;
  /** `GET /v1/usage?since=&until=`: the usage report (any JSON value). Throws `HttpInputError` on bad bounds. */
  usage: (range: UsageRange) => unknown | Promise<unknown>;
  /** The same report as CSV (`Accept: text/csv`). */
  usageCsv: (range: UsageRange) => string | Promise<string>;
  /** Folder of the built renderer (`out/renderer`); absent/empty → `/` explains how to build it. */
  rendererDir?: string;
  /** The bearer token every `/v1` and `/api` request must carry. */
  token: string;
  /** Address to bind (default 127.0.0.1). */
  host?: string;
  /** Port to bind (0 = any free port). */
  port?: number;
  /** Extra `Host` header names to accept besides loopback (e.g. a LAN name when binding 0.0.0.0). */
  allowedHosts?: string[];
  /** Body limit for `/v1` and `/api/invoke/*` (default 1 MiB). */
  bodyLimitBytes?: number;
  /** Body limit for `/api/invoke/catalog.import` (default 200 MiB). */
  importBodyLimitBytes?: number;
  /** How long a request body may take to arrive before a 408 (default 30 s; catalog uploads 20 ×). */
  bodyTimeoutMs?: number;
  /** SSE comment heartbeat period (default 15 s). */
  heartbeatMs?: number;
  /** Coalesce `content` deltas arriving in the same tick into one event (the first content is never delayed). */
  coalesceDeltas?: boolean;
  /** With coalescing: 0 (default) merges deltas of the same tick; N > 0 sends at most one `content` event per N ms. */
  coalesceWindowMs?: number;
  /** `deskmate serve --workers N`: the other processes' `/v1/health` figures (ProcessHealth each, validated on
   * arrival); `/v1/health` then reports the whole service. */
  clusterHealth?: () => Promise<unknown[]>;
  /** How long shutdown waits for aborted engine requests to store their partial answers (default 5 s). */
  shutdownGraceMs?: number;
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
  log?: HttpLog;
  /** The app version (OpenAPI info). */
  version?: string;
}

/** A request parameter the caller got wrong: answered as a 400 naming the field. */
export class HttpInputError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
