// The streaming hot path to Kimi without the SDK's per-chunk machinery: one node:http(s) POST on a keep-alive
// agent and a small SSE parser. Failures are raised as the openai SDK's own error classes (APIError.generate,
// APIConnectionError, APIConnectionTimeoutError, APIUserAbortError), so classifyError sees exactly what it sees
// from the SDK; the SDK stays the client for everything else (models list, ping). Yields the parsed chunk objects
// (normaliseStream reads them), in the SDK's order: `data: [DONE]` ends the stream, an `{"error":…}` chunk throws.
import http from 'node:http';
import https from 'node:https';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export interface WireOptions {
  signal: AbortSignal;
  /** Deadline for the response headers (the SDK's `timeout`). */
  connectMs: number;
}

export interface WireClient {
  /** POST `body` (already JSON) to `{baseUrl}/chat/completions` and yield each SSE `data:` JSON object. */
  stream(body: string, o: WireOptions): AsyncGenerator<unknown, void, undefined>;
  close(): void;
}

/** Finds the end of one SSE event (a blank line, any of the three line endings). */
function eventEnd(buf: string, from: number): { at: number; len: number } | null {
  for (let i = buf.indexOf('\n', from); i >= 0; i = buf.indexOf('\n', i + 1)) {
    if (buf.charCodeAt(i + 1) === 10) return { at: i, len: 2 };
    if (buf.charCodeAt(i + 1) === 13 && buf.charCodeAt(i + 2) === 10) return { at: i, len: 3 };
  }
  const cr = buf.indexOf('\r\r', from);
  return cr >= 0 ? { at: cr, len: 2 } : null;
}

/** The `data` of one SSE event (several `data:` lines joined by "\n"), or null when it has none. */
export function sseData(event: string): { data: string | null; event: string | null } {
  // The usual shape, one `data: …` line: no splitting.
  if (event.startsWith('data: ') && event.indexOf('\n') < 0 && event.indexOf('\r') < 0) return { data: event.slice(6), event: null };
  let data: string | null = null;
  let name: string | null = null;
  for (const raw of event.split(/\r\n|\r|\n/)) {
    if (raw === '' || raw.charCodeAt(0) === 58 /* ':' */) continue;
    const colon = raw.indexOf(':');
    const field = colon < 0 ? raw : raw.slice(0, colon);
    let value = colon < 0 ? '' : raw.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') data = data === null ? value : `${data}\n${value}`;
    else if (field === 'event') name = value;
  }
  return { data, event: name };
}

function headersOf(res: http.IncomingMessage): Headers {
  const h = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (typeof v === 'string') h.set(k, v);
    else if (Array.isArray(v)) for (const x of v) h.append(k, x);
  }
  return h;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createWireClient(baseUrl: string, apiKey: string): WireClient {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const secure = url.protocol === 'https:';
  const agent = secure ? new https.Agent({ keepAlive: true, maxSockets: Infinity }) : new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const request = secure ? https.request : http.request;
  const auth = `Bearer ${apiKey}`;

  async function* stream(body: string, o: WireOptions): AsyncGenerator<unknown, void, undefined> {
    if (o.signal.aborted) throw new APIUserAbortError();
    // Events are queued by the socket callbacks and drained by this generator.
    const queue: unknown[] = [];
    let failure: unknown;
    let ended = false;
    let wake: (() => void) | null = null;
    const notify = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    const fail = (err: unknown): void => {
      if (failure === undefined && !ended) failure = err;
      notify();
    };
    let res: http.IncomingMessage | undefined;
    const req = request(url, {
      method: 'POST',
      agent,
      headers: {
        Authorization: auth,
        'Content-Type': 'application/json',
        Accept: 'application/json',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    const connectTimer = setTimeout(() => {
      fail(new APIConnectionTimeoutError());
      req.destroy();
    }, Math.max(1, o.connectMs));
    const onAbort = (): void => {
      fail(new APIUserAbortError());
      req.destroy();
    };
    o.signal.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err) => fail(res ? err : new APIConnectionError({ cause: err })));
    req.on('response', (r) => {
      res = r;
      clearTimeout(connectTimer);
      r.setEncoding('utf8');
      const status = r.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        let text = '';
        r.on('data', (s: string) => (text += s));
        r.on('end', () => {
          const json = safeJson(text);
          fail(APIError.generate(status, json as object | undefined, json === undefined ? text : undefined, headersOf(r)));
        });
        r.on('error', (err) => fail(err));
        return;
      }
      let buf = '';
      r.on('data', (s: string) => {
        buf += s;
        let start = 0;
        for (let end = eventEnd(buf, 0); end; end = eventEnd(buf, start)) {
          const one = buf.slice(start, end.at);
          start = end.at + end.len;
          if (ended) continue;
          const { data } = sseData(one);
          if (data === null) continue;
          if (data.startsWith('[DONE]')) {
            ended = true;
            continue;
          }
          let chunk: unknown;
          try {
            chunk = JSON.parse(data);
          } catch (err) {
            fail(err);
            req.destroy();
            return;
          }
          if (typeof chunk === 'object' && chunk !== null && (chunk as { error?: unknown }).error) {
            fail(new APIError(undefined, (chunk as { error: unknown }).error as object, undefined, headersOf(r)));
            req.destroy();
            return;
          }
          queue.push(chunk);
        }
        if (start > 0) buf = buf.slice(start);
        notify();
      });
      r.on('end', () => {
        ended = true;
        notify();
      });
      r.on('error', (err) => fail(err));
      r.on('close', () => {
        if (!r.complete && !ended) fail(Object.assign(new Error('terminated: the upstream closed the stream'), { code: 'ECONNRESET' }));
        notify();
      });
    });
    req.end(body);

    let clean = false;
    try {
      for (;;) {
        if (queue.length > 0) {
          // Take what arrived in one go (one socket read can carry several events).
          const batch = queue.splice(0, queue.length);
          for (const c of batch) yield c;
          continue;
        }
        if (failure !== undefined) throw failure;
        if (ended) break;
        await new Promise<void>((r) => (wake = r));
      }
      clean = true;
    } finally {
      clearTimeout(connectTimer);
      o.signal.removeEventListener('abort', onAbort);
      // Stopped early (abort, a consumer that broke off, an error): the request must not stay open.
      if (!clean) req.destroy();
    }
  }

  return { stream, close: () => agent.destroy() };
}
