// DeskApi over HTTP (browser mode): `POST /api/invoke/:route` with `Authorization: Bearer TOKEN` (never a cookie),
// and one shared event stream on `/api/events` (fetch-events.ts) that reconnects with backoff when it drops.
import type { DeskApi, EventName, EventPayload, InvokeResult, RouteInput, RouteName, RouteOutput } from '../../../shared/contract';
import { parseEventPayload, transportError, type InvalidEventReporter } from './events';

/** The slice of `fetch` used here. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string; credentials: 'omit' },
) => Promise<{ status: number; json(): Promise<unknown> }>;

/** The slice of `EventSource` used here. */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((ev: never) => void) | null;
  onerror: ((ev: never) => void) | null;
  addEventListener(type: string, listener: (ev: { data: string }) => void): void;
  removeEventListener(type: string, listener: (ev: { data: string }) => void): void;
  close(): void;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export type StreamStatus = 'connecting' | 'open' | 'reconnecting';

export interface HttpClientOptions {
  /** '' for the page's own origin. */
  baseUrl: string;
  /** The sign-in token (sign-in.ts), sent as `Authorization: Bearer`; null: not signed in. */
  token?: string | null;
  fetch: FetchLike;
  openEventSource(url: string): EventSourceLike;
  timers: Timers;
  onInvalidEvent?: InvalidEventReporter;
  /** The event stream's state (the connectivity indicator shows "reconnecting"). */
  onStreamStatus?(status: StreamStatus): void;
  /** First reconnect delay; doubles up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

const CLOSED = 2;

function isInvokeResult(v: unknown): v is InvokeResult<unknown> {
  if (typeof v !== 'object' || v === null || !('ok' in v)) return false;
  const r = v as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'data' in v;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

export interface HttpDeskApi extends DeskApi {
  /** Closes the event stream (tests, page unload). */
  close(): void;
}

export function createHttpClient(opts: HttpClientOptions): HttpDeskApi {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const sourceHandlers = new Map<string, (ev: { data: string }) => void>();
  let source: EventSourceLike | null = null;
  let retryTimer: unknown = null;
  let backoff = opts.backoffMs ?? 500;
  let closed = false;

  const handlerFor = (name: string) => {
    let h = sourceHandlers.get(name);
    if (!h) {
      h = (ev) => {
        let payload: unknown;
        try {
          payload = JSON.parse(ev.data);
        } catch {
          opts.onInvalidEvent?.(name, ev.data);
          return;
        }
        const parsed = parseEventPayload(name as EventName, payload);
        if (!parsed) {
          opts.onInvalidEvent?.(name, payload);
          return;
        }
        for (const l of [...(listeners.get(name) ?? [])]) l(parsed);
      };
      sourceHandlers.set(name, h);
    }
    return h;
  };

  const connect = () => {
    if (closed) return;
    opts.onStreamStatus?.(source ? 'reconnecting' : 'connecting');
    const es = opts.openEventSource(`${base}/api/events`);
    source = es;
    for (const name of listeners.keys()) es.addEventListener(name, handlerFor(name));
    es.onopen = () => {
      backoff = opts.backoffMs ?? 500;
      opts.onStreamStatus?.('open');
    };
    es.onerror = () => {
      // the browser retries by itself while readyState is CONNECTING; a CLOSED stream (HTTP error) is ours to redo
      if (es.readyState !== CLOSED || closed || source !== es) {
        opts.onStreamStatus?.('reconnecting');
        return;
      }
      es.close();
      opts.onStreamStatus?.('reconnecting');
      retryTimer = opts.timers.setTimeout(() => {
        retryTimer = null;
        connect();
      }, backoff);
      backoff = Math.min(backoff * 2, opts.maxBackoffMs ?? 10_000);
    };
  };

  return {
    async invoke<R extends RouteName>(route: R, input: RouteInput<R>): Promise<InvokeResult<RouteOutput<R>>> {
      try {
        const res = await opts.fetch(`${base}/api/invoke/${encodeURIComponent(route)}`, {
          method: 'POST',
          headers: opts.token ? { 'content-type': 'application/json', authorization: `Bearer ${opts.token}` } : { 'content-type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'omit',
        });
        const body: unknown = await res.json().catch(() => null);
        if (isInvokeResult(body)) return body as InvokeResult<RouteOutput<R>>;
        if (res.status === 401) {
          return { ok: false, error: { code: 'unauthorized', message: 'The desk no longer accepts this page. Open the link `deskmate serve` printed.' } };
        }
        return { ok: false, error: { code: 'transport', message: `unexpected answer from the desk (HTTP ${res.status})` } };
      } catch (err) {
        return transportError(err);
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      const l = listener as (payload: unknown) => void;
      if (!set) {
        listeners.set(event, (set = new Set()));
        source?.addEventListener(event, handlerFor(event));
      }
      set.add(l);
      if (!source) connect();
      return () => {
        set.delete(l);
      };
    },
    close() {
      closed = true;
      if (retryTimer !== null) opts.timers.clearTimeout(retryTimer);
      source?.close();
    },
  };
}
