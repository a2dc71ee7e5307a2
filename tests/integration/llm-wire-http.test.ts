// The wire transport's own HTTP/1.1 client (llm/wire-http.ts) against raw TCP/TLS servers on 127.0.0.1 that write
// exact bytes: chunked bodies split at arbitrary places (inside sizes, CRLFs, UTF-8 sequences), chunk extensions and
// trailers, Content-Length and close-delimited bodies, 1xx heads, keep-alive reuse and `Connection: close`, broken
// framing, connections that drop, TLS; and paced reads (one delta per read, first token at once).
import net from 'node:net';
import tls from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { APIError, APIUserAbortError, classifyError } from '../../src/main/llm/errors';
import { createWireClient, type WireClient, type WireOptions } from '../../src/main/llm/wire';
import { TEST_TLS_CERT, TEST_TLS_KEY } from '../support/test-tls';

type Handler = (socket: net.Socket, index: number) => Promise<void> | void;

interface RawServer {
  url: string;
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

const servers: RawServer[] = [];
const clients: WireClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server that reads each request (head + Content-Length body) and lets `handler` write the raw response. */
async function rawServer(handler: Handler, secure = false): Promise<RawServer> {
  const sockets = new Set<net.Socket>();
  const state: RawServer = { url: '', connections: 0, requests: [], close: async () => {} };
  const onSocket = (socket: net.Socket): void => {
    state.connections += 1;
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buf = '';
    socket.on('data', (b: Buffer) => {
      buf += b.toString('latin1');
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const len = Number(/content-length: (\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
        if (buf.length < end + 4 + len) return;
        state.requests.push(buf.slice(0, end + 4 + len));
        buf = buf.slice(end + 4 + len);
        void handler(socket, state.requests.length - 1);
      }
    });
  };
  const server = secure ? tls.createServer({ key: TEST_TLS_KEY, cert: TEST_TLS_CERT }, onSocket) : net.createServer(onSocket);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  state.url = `${secure ? 'https' : 'http'}://${secure ? 'localhost' : '127.0.0.1'}:${port}/v1`;
  state.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  servers.push(state);
  return state;
}

const chunkObj = (text: string): string =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'kimi-k2.6', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });

/** SSE events of an answer split into `pieces`, then a finish chunk and [DONE]. */
function sseEvents(pieces: string[], eol = '\n'): string[] {
  const finish = JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'kimi-k2.6', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  return [...pieces.map((p) => `data: ${chunkObj(p)}${eol}${eol}`), `data: ${finish}${eol}${eol}`, `data: [DONE]${eol}${eol}`];
}

function chunked(events: string[], ext = ''): Buffer {
  const parts: Buffer[] = [];
  for (const e of events) {
    const b = Buffer.from(e, 'utf8');
    parts.push(Buffer.from(`${b.length.toString(16).toUpperCase()}${ext}\r\n`), b, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\nX-Trailer: yes\r\n\r\n'));
  return Buffer.concat(parts);
}

const HEAD_OK = 'HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n';

/** Writes `bytes` in pieces of 1..max bytes with a pause between them (so reads split anywhere). */
async function dribble(socket: net.Socket, bytes: Buffer, seed: number, max = 9): Promise<void> {
  let x = seed;
  for (let i = 0; i < bytes.length; ) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const n = 1 + (x % max);
    socket.write(bytes.subarray(i, i + n));
    i += n;
    await new Promise((r) => setTimeout(r, x % 3 === 0 ? 1 : 0));
  }
}

interface CallResult {
  text: string;
  contents: string[];
  chunks: unknown[];
  error: unknown;
}

function call(client: WireClient, o: Partial<WireOptions> = {}): Promise<CallResult> {
  const out: CallResult = { text: '', contents: [], chunks: [], error: null };
  return new Promise<CallResult>((resolve) => {
    client.open('{"model":"kimi-k2.6"}', { connectMs: 2_000, ...o }, {
      chunk: (obj) => {
        out.chunks.push(obj);
        const c = (obj as { choices?: Array<{ delta?: { content?: string } }> }).choices?.[0]?.delta?.content;
        if (c) out.text += c;
      },
      content: (t) => {
        out.contents.push(t);
        out.text += t;
      },
      end: () => resolve(out),
      fail: (err) => {
        out.error = err;
        resolve(out);
      },
    });
  });
}

/** `end` comes with `data: [DONE]`; the rest of the body (the terminator) frees the socket a moment later. */
const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 100));

const wire = (url: string, o: { ca?: string } = {}): WireClient => {
  const c = createWireClient(url, 'sk-test', o);
  clients.push(c);
  return c;
};

const ANSWER = ['Returns ', 'are accepted ', 'within 30 days: ', '日本語 ✓ ', '😀 "quoted" ', 'and back\\slash', ' [Doc-1].'];

describe('wire HTTP client: framing', () => {
  it('reads a chunked SSE body split at arbitrary bytes (sizes, CRLFs, UTF-8), with extensions, upper-case hex and trailers', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const body = chunked(sseEvents(ANSWER, eol), ';ext="1"');
      const s = await rawServer((socket, i) => dribble(socket, Buffer.concat([Buffer.from(HEAD_OK), body]), 7 + i * 13));
      const c = wire(s.url);
      for (let k = 0; k < 3; k++) {
        const r = await call(c);
        expect(r.error).toBeNull();
        expect(r.text).toBe(ANSWER.join(''));
        await settle();
      }
      // One keep-alive connection for the three calls.
      expect(s.connections).toBe(1);
      expect(s.requests[0]).toMatch(/^POST \/v1\/chat\/completions HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nAuthorization: Bearer sk-test\r\n/);
      expect(s.requests[0]).toMatch(/Content-Length: 21\r\n\r\n\{"model":"kimi-k2\.6"\}$/);
    }
  });

  it('reads Content-Length bodies (kept alive) and close-delimited HTTP/1.0 bodies (not reused)', async () => {
    const events = Buffer.from(sseEvents(ANSWER).join(''), 'utf8');
    const sized = await rawServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: ${events.length}\r\n\r\n`);
      return dribble(socket, events, 3, 40);
    });
    const c1 = wire(sized.url);
    expect((await call(c1)).text).toBe(ANSWER.join(''));
    await settle();
    expect((await call(c1)).text).toBe(ANSWER.join(''));
    expect(sized.connections).toBe(1);

    const closing = await rawServer(async (socket) => {
      socket.write('HTTP/1.0 200 OK\r\nContent-Type: text/event-stream\r\n\r\n');
      await dribble(socket, events.subarray(0, events.length - 'data: [DONE]\n\n'.length), 5, 40);
      socket.end();
    });
    const c2 = wire(closing.url);
    const a = await call(c2);
    expect(a.error).toBeNull();
    expect(a.text).toBe(ANSWER.join(''));
    await call(c2);
    expect(closing.connections).toBe(2);
  });

  it('does not reuse a connection the server closes (`Connection: close`), and skips 1xx heads', async () => {
    const body = chunked(sseEvents(['a', 'b']));
    const s = await rawServer((socket) => {
      socket.write('HTTP/1.1 103 Early Hints\r\nLink: </x>; rel=preload\r\n\r\n');
      socket.write(HEAD_OK.replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n'));
      socket.write(body);
    });
    const c = wire(s.url);
    expect((await call(c)).text).toBe('ab');
    expect((await call(c)).text).toBe('ab');
    expect(s.connections).toBe(2);
  });

  it('a free connection the server closes (its keep-alive timeout) leaves the pool: the next call opens a new one', async () => {
    const body = chunked(sseEvents(['a', 'b']));
    const s = await rawServer((socket) => {
      socket.write(Buffer.concat([Buffer.from(HEAD_OK.replace('\r\n\r\n', '\r\nKeep-Alive: timeout=5\r\n\r\n')), body]));
      setTimeout(() => socket.end(), 20);
    });
    const c = wire(s.url);
    expect((await call(c)).text).toBe('ab');
    await settle();
    const again = await call(c);
    expect(again.error).toBeNull();
    expect(again.text).toBe('ab');
    expect(s.connections).toBe(2);
  });

  it('an error status with a chunked JSON body is the SDK APIError with its status, body and headers', async () => {
    const json = JSON.stringify({ error: { type: 'rate_limit_reached_error', message: 'max RPM: 3, please try again after 2 seconds' } });
    const s = await rawServer((socket) => {
      socket.write('HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: 2\r\nTransfer-Encoding: chunked\r\n\r\n');
      socket.write(chunked([json.slice(0, 10), json.slice(10)]).subarray(0, -'0\r\nX-Trailer: yes\r\n\r\n'.length));
      socket.write('0\r\n\r\n');
    });
    const r = await call(wire(s.url));
    expect(r.error).toBeInstanceOf(APIError);
    const e = r.error as APIError;
    expect(e.status).toBe(429);
    expect(e.headers?.get('retry-after')).toBe('2');
    expect(classifyError(e)).toMatchObject({ kind: 'rate_limit', status: 429 });
  });

  it('broken chunk framing fails the call and closes that connection', async () => {
    let closed = false;
    const s = await rawServer((socket) => {
      socket.on('close', () => (closed = true));
      socket.write(`${HEAD_OK}zz\r\nnope\r\n`);
    });
    const r = await call(wire(s.url));
    expect(r.error).toBeInstanceOf(Error);
    expect((r.error as { code?: string }).code).toBe('HPE_INVALID_CHUNK_SIZE');
    await expect.poll(() => closed).toBe(true);
  });

  it('a connection that drops mid-body, or before any answer, or is refused is a network error', async () => {
    const body = chunked(sseEvents(ANSWER));
    const s = await rawServer((socket, i) => {
      if (i === 0) {
        socket.write(HEAD_OK);
        socket.write(body.subarray(0, 200));
        setTimeout(() => socket.destroy(), 20);
      } else socket.destroy();
    });
    const c = wire(s.url);
    const mid = await call(c);
    expect(mid.text.length).toBeGreaterThan(0);
    expect(classifyError(mid.error)).toMatchObject({ kind: 'network' });
    const before = await call(c);
    expect(before.text).toBe('');
    expect(classifyError(before.error)).toMatchObject({ kind: 'network' });
    const port = Number(new URL(s.url).port);
    await s.close();
    const refused = await call(wire(`http://127.0.0.1:${port}/v1`));
    expect(classifyError(refused.error)).toMatchObject({ kind: 'network' });
  });

  it('speaks TLS to an https base URL (certificate checked), kept alive', async () => {
    const body = chunked(sseEvents(ANSWER));
    const s = await rawServer((socket, i) => dribble(socket, Buffer.concat([Buffer.from(HEAD_OK), body]), 11 + i, 30), true);
    const c = wire(s.url, { ca: TEST_TLS_CERT });
    expect((await call(c)).text).toBe(ANSWER.join(''));
    await settle();
    expect((await call(c)).text).toBe(ANSWER.join(''));
    expect(s.connections).toBe(1);
    // Without trusting the certificate: refused before anything is sent.
    const untrusted = await call(wire(s.url));
    expect(classifyError(untrusted.error)).toMatchObject({ kind: 'network' });
  });
});

describe('wire HTTP client: paced reads', () => {
  /** First chunk at once, then the rest `gapMs` apart. */
  const paced = (pieces: string[], gapMs: number): Handler => async (socket) => {
    const events = sseEvents(pieces);
    socket.write(HEAD_OK);
    for (const e of events) {
      const b = Buffer.from(e, 'utf8');
      socket.write(Buffer.concat([Buffer.from(`${b.length.toString(16)}\r\n`), b, Buffer.from('\r\n')]));
      await new Promise((r) => setTimeout(r, gapMs));
    }
    socket.write('0\r\n\r\n');
  };
  const pieces = Array.from({ length: 12 }, (_, i) => `p${i} `);

  it('hands the first chunk on at once, then what arrived during each pause as one text', async () => {
    const s = await rawServer(paced(pieces, 5));
    const r = await call(wire(s.url), { paceMs: () => 40 });
    expect(r.error).toBeNull();
    expect(r.text).toBe(pieces.join(''));
    expect(r.contents.length + r.chunks.length).toBeLessThan(8);
    // The first piece alone: the first token is not held back (it was parsed: the layout is learnt from it).
    expect(r.chunks.length).toBeGreaterThan(0);
    expect((r.chunks[0] as { choices: Array<{ delta: { content: string } }> }).choices[0]!.delta.content).toBe('p0 ');
  });

  it('paces a TLS socket the same way', async () => {
    const s = await rawServer(paced(pieces, 5), true);
    const r = await call(wire(s.url, { ca: TEST_TLS_CERT }), { paceMs: () => 40 });
    expect(r.error).toBeNull();
    expect(r.text).toBe(pieces.join(''));
    expect(r.contents.length + r.chunks.length).toBeLessThan(8);
  });

  it('content merged from a read whose framing then breaks still goes on before the error', async () => {
    const s = await rawServer((socket) => {
      const events = sseEvents(['one ', 'two ', 'three']).slice(0, 3);
      const good = chunked(events).subarray(0, -'0\r\nX-Trailer: yes\r\n\r\n'.length);
      socket.write(Buffer.concat([Buffer.from(HEAD_OK), good, Buffer.from('zz\r\n')]));
    });
    const r = await call(wire(s.url), { paceMs: () => 40 });
    expect(r.text).toBe('one two three');
    expect((r.error as { code?: string }).code).toBe('HPE_INVALID_CHUNK_SIZE');
  });

  it('without pacing each read is handed on as it comes', async () => {
    const s = await rawServer(paced(pieces, 5));
    const r = await call(wire(s.url));
    expect(r.text).toBe(pieces.join(''));
    expect(r.contents.length + r.chunks.length).toBeGreaterThanOrEqual(8);
  });

  it('an abort while the socket is held fails at once and closes the connection', async () => {
    let closed = false;
    const s = await rawServer(async (socket) => {
      socket.on('close', () => (closed = true));
      await paced(pieces, 5)(socket, 0);
    });
    const ctrl = new AbortController();
    const started = Date.now();
    const pending = call(wire(s.url), { paceMs: () => 5_000, signal: ctrl.signal });
    setTimeout(() => ctrl.abort(), 50);
    const r = await pending;
    expect(r.error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - started).toBeLessThan(4_000);
    await expect.poll(() => closed).toBe(true);
  });
});
