// The streaming hot path to Kimi without the SDK's per-chunk machinery: one node:http(s) POST on a keep-alive
// agent and a small SSE parser that hands each parsed chunk object to a callback straight from the socket's data
// event (no promise, no generator per chunk). Failures are raised as the openai SDK's own error classes
// (APIError.generate, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError), so classifyError sees
// exactly what it sees from the SDK; the SDK stays the client for everything else (models list, ping). Same order
// as the SDK: `data: [DONE]` ends the stream, an `{"error":…}` chunk fails it.
import http from 'node:http';
import https from 'node:https';
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';

export interface WireOptions {
  /** Aborting fails the call with APIUserAbortError (like `abort()`). */
  signal?: AbortSignal;
  /** Deadline for the response headers (the SDK's `timeout`). */
  connectMs: number;
}

/** Where one call's stream goes, called from the socket's callbacks (no promise per chunk). */
export interface WireHandlers {
  /** Each SSE `data:` JSON object in order (several per socket read possible). A throw fails the call with it. */
  chunk(obj: unknown): void;
  /**
   * When given: a chunk that is only `delta.content` for choice 0, in a layout already seen parsed on this stream,
   * comes here as its text instead of being parsed (see ContentShortcut); what `chunk` of that object would do.
   */
  content?(text: string): void;
  /** `data: [DONE]` or the end of the response. Never after `fail`. */
  end(): void;
  /** Once, never after `end`; the request is destroyed. */
  fail(err: unknown): void;
}

export interface WireCall {
  /** Stop now: the request is destroyed and `fail` gets APIUserAbortError (nothing when already settled). */
  abort(): void;
}

export interface WireClient {
  /** POST `body` (already JSON) to `{baseUrl}/chat/completions`; each SSE `data:` JSON object goes to `h.chunk`. */
  open(body: string, o: WireOptions, h: WireHandlers): WireCall;
  close(): void;
}

let endLen = 0;
/** Where one SSE event ends (a blank line, any of the three line endings; its length in `endLen`), or -1. */
function eventEnd(buf: string, from: number): number {
  for (let i = buf.indexOf('\n', from); i >= 0; i = buf.indexOf('\n', i + 1)) {
    const next = buf.charCodeAt(i + 1);
    if (next === 10) {
      endLen = 2;
      return i;
    }
    if (next === 13 && buf.charCodeAt(i + 2) === 10) {
      endLen = 3;
      return i;
    }
  }
  const cr = buf.indexOf('\r\r', from);
  endLen = 2;
  return cr;
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

  function open(body: string, o: WireOptions, h: WireHandlers): WireCall {
    if (o.signal?.aborted) {
      // Nothing is sent; the failure still arrives asynchronously, like every other outcome.
      queueMicrotask(() => h.fail(new APIUserAbortError()));
      return { abort: () => {} };
    }
    let settled = false;
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
    const done = (): void => {
      settled = true;
      clearTimeout(connectTimer);
      o.signal?.removeEventListener('abort', abort);
    };
    // A failure stops the request: it must not stay open.
    const fail = (err: unknown): void => {
      if (settled) return;
      done();
      req.destroy();
      h.fail(err);
    };
    const end = (): void => {
      if (settled) return;
      done();
      h.end();
    };
    const connectTimer = setTimeout(() => fail(new APIConnectionTimeoutError()), Math.max(1, o.connectMs));
    function abort(): void {
      fail(new APIUserAbortError());
    }
    o.signal?.addEventListener('abort', abort, { once: true });
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
      const shortcut = h.content ? new ContentShortcut() : null;
      r.on('data', (s: string) => {
        buf = buf === '' ? s : buf + s;
        let start = 0;
        for (let at = eventEnd(buf, 0); at >= 0; at = eventEnd(buf, start)) {
          const one = buf.slice(start, at);
          start = at + endLen;
          if (settled) continue; // after [DONE]: read to the end (the socket goes back to the pool)
          const data = dataOf(one);
          if (data === null) continue;
          if (data.startsWith('[DONE]')) {
            end();
            continue;
          }
          const text = shortcut?.text(data) ?? null;
          if (text !== null) {
            try {
              h.content!(text);
            } catch (err) {
              return fail(err);
            }
            continue;
          }
          let chunk: unknown;
          try {
            chunk = JSON.parse(data);
          } catch (err) {
            return fail(err);
          }
          if (typeof chunk === 'object' && chunk !== null && (chunk as { error?: unknown }).error) {
            return fail(new APIError(undefined, (chunk as { error: unknown }).error as object, undefined, headersOf(r)));
          }
          shortcut?.learn(data, chunk);
          try {
            h.chunk(chunk);
          } catch (err) {
            return fail(err);
          }
        }
        if (start > 0) buf = start === buf.length ? '' : buf.slice(start);
      });
      r.on('end', end);
      r.on('error', (err) => fail(err));
      r.on('close', () => {
        if (!r.complete) fail(Object.assign(new Error('terminated: the upstream closed the stream'), { code: 'ECONNRESET' }));
      });
    });
    req.end(body);
    return { abort };
  }

  return { open, close: () => agent.destroy() };
}

/** `data` of one event: the usual single `data: …` line without splitting, else the general reader. */
function dataOf(event: string): string | null {
  if (event.startsWith('data: ') && event.indexOf('\n') < 0 && event.indexOf('\r') < 0) return event.slice(6);
  return sseData(event).data;
}

const HEAD = ',"choices":[{"index":0,"delta":{"content":"';
const TAIL = '"},"finish_reason":null}]}';
/** What a JSON string body may not hold raw (then only JSON.parse knows its value). */
const ESCAPED = /["\\\u0000-\u001f]/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Most chunks of an answer are `{…same id/object/created/model…,"choices":[{"index":0,"delta":{"content":"…"},
 * "finish_reason":null}]}` (Moonshot's and the fake's serialisation). The first such chunk of a stream is parsed and
 * checked (nothing but that choice besides the prefix: no error, no usage, one choice, index 0, delta with only
 * `content`, finish_reason null); after that a chunk that is that same prefix + the head + a string body with nothing
 * escaped + the tail is exactly such a chunk with that text, so its text is taken without JSON.parse (~2 µs and a
 * handful of objects per chunk). Anything else (another layout, escapes, usage, an error) is parsed as before.
 */
export class ContentShortcut {
  private head: string | null = null;

  /** The content text of `data` when it is a plain content chunk of the layout learnt on this stream, else null. */
  text(data: string): string | null {
    const head = this.head;
    // (slice + === is several times faster than startsWith for a ~150-character head.)
    if (head === null || data.length < head.length + TAIL.length || !data.endsWith(TAIL) || data.slice(0, head.length) !== head) return null;
    const text = data.slice(head.length, data.length - TAIL.length);
    return ESCAPED.test(text) ? null : text;
  }

  /** After a full parse: learn the layout when `data` is a plain content chunk whose text needs no unescaping. */
  learn(data: string, parsed: unknown): void {
    if (this.head !== null || !data.endsWith(TAIL)) return;
    const at = data.lastIndexOf(HEAD);
    if (at < 1) return;
    const text = data.slice(at + HEAD.length, data.length - TAIL.length);
    if (ESCAPED.test(text) || !isRecord(parsed) || 'error' in parsed || 'usage' in parsed) return;
    const choices = parsed.choices;
    if (!Array.isArray(choices) || choices.length !== 1) return;
    const c: unknown = choices[0];
    if (!isRecord(c) || Object.keys(c).length !== 3 || c.index !== 0 || c.finish_reason !== null) return;
    const d = c.delta;
    if (!isRecord(d) || Object.keys(d).length !== 1 || d.content !== text) return;
    this.head = data.slice(0, at + HEAD.length);
  }
}
