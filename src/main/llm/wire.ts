// The streaming hot path to Kimi without the SDK's per-chunk machinery: one POST on a keep-alive socket of our own
// HTTP/1.1 client (wire-http.ts) and a small SSE parser that hands each parsed chunk object to a callback straight
// from the socket's read (no promise, no generator, no stream event per chunk). Failures are raised as the openai SDK's error classes (re-made in errors.ts: the SDK is not loaded)
// (APIError.generate, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError), so classifyError sees
// exactly what it sees from the SDK; the SDK stays the client for everything else (models list, ping). Same order
// as the SDK: `data: [DONE]` ends the stream, an `{"error":…}` chunk fails it.
import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from './errors';
import { type ResponseHead } from './wire-http';
import { HttpPool } from './wire-pool';
import { ContentShortcut, SseBytes } from './wire-sse';

export { ContentShortcut };

export interface WireOptions {
  /** Aborting fails the call with APIUserAbortError (like `abort()`). */
  signal?: AbortSignal;
  /** Deadline for the response headers (the SDK's `timeout`). */
  connectMs: number;
  /**
   * When given, the reader paces reads: the content chunks of one socket read go to `content` as one text, and after
   * each read the socket is left unread this many ms (0: read on) — what arrives meanwhile comes in one read.
   */
  paceMs?: () => number;
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
  /**
   * POST `body` (JSON text, or its UTF-8 bytes: `encodeChatBody`) to `{baseUrl}/chat/completions`; each SSE `data:`
   * JSON object goes to `h.chunk`.
   */
  open(body: string | Buffer, o: WireOptions, h: WireHandlers): WireCall;
  close(): void;
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

function headersOf(head: ResponseHead | null): Headers {
  const h = new Headers();
  for (const [k, v] of head?.headers ?? []) {
    try {
      h.append(k, v);
    } catch {
      // A header the fetch Headers class refuses is left out (only used to read Retry-After and the like).
    }
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

/** `o.ca`: extra certificates to trust for an https base URL (tests with a self-signed server). */
export function createWireClient(baseUrl: string, apiKey: string, o: { ca?: string } = {}): WireClient {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}/chat/completions`);
  const pool = new HttpPool(url, o.ca);
  // What node:http would refuse to send (a header value with a line break would split the request).
  const badKey = /[^\t\x20-\x7e\x80-\xff]/.test(apiKey);
  const head =
    `POST ${url.pathname}${url.search} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${apiKey}\r\n` +
    'Content-Type: application/json\r\nAccept: application/json\r\nConnection: keep-alive\r\nContent-Length: ';

  function open(body: string | Buffer, o: WireOptions, h: WireHandlers): WireCall {
    if (o.signal?.aborted || badKey) {
      // Nothing is sent; the failure still arrives asynchronously, like every other outcome.
      const err = badKey ? new TypeError('Invalid character in header content ["Authorization"]') : new APIUserAbortError();
      queueMicrotask(() => h.fail(err));
      return { abort: () => {} };
    }
    let settled = false;
    let resHead: ResponseHead | null = null;
    let errorBody: Buffer[] | null = null;
    /** Content merged from this read, not handed on yet (only when the reader paces reads: one delta per read). */
    const merging = o.paceMs !== undefined;
    const shortcut = h.content ? new ContentShortcut() : null;
    const done = (): void => {
      settled = true;
      clearTimeout(connectTimer);
      o.signal?.removeEventListener('abort', abort);
    };
    /** Hands on merged content; false when that failed the call. */
    const flush = (): boolean => {
      const text = sse.take();
      if (text === '') return true;
      try {
        h.content!(text);
        return true;
      } catch (err) {
        fail(err);
        return false;
      }
    };
    // A failure stops the request: it must not stay open.
    const fail = (err: unknown): void => {
      if (settled) return;
      done();
      x.abort();
      h.fail(err);
    };
    const end = (): void => {
      if (settled || !flush()) return;
      done();
      h.end();
    };
    function abort(): void {
      sse.drop();
      fail(new APIUserAbortError());
    }
    /** Answer text to the handler; false once settled (or when the handler threw: the stream fails). */
    const content = (text: string): boolean => {
      try {
        h.content!(text);
      } catch (err) {
        fail(err);
        return false;
      }
      return !settled;
    };
    /** One complete event other than a plain content chunk recognised in its bytes; false once settled. */
    const event = (one: string): boolean => {
      const data = dataOf(one);
      if (data === null) return true;
      if (data.startsWith('[DONE]')) {
        end();
        return false; // after [DONE]: the rest is read to the end (the socket goes back to the pool), unparsed
      }
      const text = shortcut?.text(data) ?? null;
      if (text !== null) {
        if (!merging) return content(text);
        sse.mergeText(text);
        return !settled;
      }
      if (!flush()) return false;
      let chunk: unknown;
      try {
        chunk = JSON.parse(data);
      } catch (err) {
        fail(err);
        return false;
      }
      if (typeof chunk === 'object' && chunk !== null && (chunk as { error?: unknown }).error) {
        fail(new APIError(undefined, (chunk as { error: unknown }).error as object, undefined, headersOf(resHead)));
        return false;
      }
      shortcut?.learn(data, chunk);
      try {
        h.chunk(chunk);
      } catch (err) {
        fail(err);
        return false;
      }
      return !settled;
    };
    const sse = new SseBytes(shortcut, merging, { content, event });
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    const x = pool.send(`${head}${length}\r\n\r\n`, body, {
      head: (r) => {
        resHead = r;
        clearTimeout(connectTimer);
        if (r.status < 200 || r.status >= 300) errorBody = [];
      },
      body: (b, s, e) => {
        if (errorBody) return void errorBody.push(Buffer.from(b.subarray(s, e)));
        if (!settled) sse.push(b, s, e);
      },
      bodyEnd: () => {
        if (errorBody && resHead) {
          const text = Buffer.concat(errorBody).toString('utf8');
          const json = safeJson(text);
          return fail(APIError.generate(resHead.status, json as object | undefined, json === undefined ? text : undefined, headersOf(resHead)));
        }
        end();
      },
      error: (err, headSeen) => {
        // Content merged from earlier in the read that broke goes on first.
        if (!flush()) return;
        if (!headSeen) return fail(new APIConnectionError({ cause: err }));
        const code = (err as { code?: unknown }).code;
        if (typeof code === 'string' && code.startsWith('HPE_')) return fail(err);
        fail(Object.assign(new Error(`terminated: the upstream closed the stream (${err.message})`), { code: typeof code === 'string' ? code : 'ECONNRESET' }));
      },
      holdMs: () => (settled ? 0 : (o.paceMs?.() ?? 0)),
      readDone: () => {
        if (!settled) flush();
      },
    });
    const connectTimer = setTimeout(() => fail(new APIConnectionTimeoutError()), Math.max(1, o.connectMs));
    o.signal?.addEventListener('abort', abort, { once: true });
    return { abort };
  }

  return { open, close: () => pool.close() };
}

/** `data` of one event: the usual single `data: …` line without splitting, else the general reader. */
function dataOf(event: string): string | null {
  if (event.startsWith('data: ') && event.indexOf('\n') < 0 && event.indexOf('\r') < 0) return event.slice(6);
  return sseData(event).data;
}
