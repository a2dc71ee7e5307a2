// The SSE body's bytes on the wire: after the headers, chat-stream events are written straight to the socket with
// the chunked framing (sse.ts); the raw HTTP/1.1 body must be exactly what res.write would send, and an HTTP/1.0
// client (no chunked encoding) gets the plain event stream. The headers go out with the first event (or alone after
// the stream's headersWaitMs).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../src/shared/contract';
import { createDispatcher, createEventBus, DeskError, type Handlers } from '../../src/main/routes';
import { createHttpServer, type HttpServer } from '../../src/main/http/server';
import { chunkFrame, formatEvent, SseStream } from '../../src/main/http/sse';
import { parseSse } from './http-helpers';
import { scriptedEngine } from './http-engine-double';

const TOKEN = 'test-token-0123456789abcdef-framing-0123';
const DELTAS = ['Ünï ', 'côdé ✓ ', '日本語 ', 'plain ascii text ', '"quoted" \\ done.'];

function handlers(): Handlers {
  const all: Record<string, (input: unknown) => unknown> = {};
  for (const name of Object.keys(routes)) {
    all[name] = () => {
      throw new DeskError('not_implemented', `${name} is not part of this test`);
    };
  }
  return all as unknown as Handlers;
}

let server: HttpServer;
let port = 0;
beforeAll(async () => {
  server = createHttpServer({
    ...serverOptions(),
    engine: scriptedEngine({ deltas: DELTAS, delayMs: 15 }),
    // Every delta its own event and write (no window), so the body has one chunk per event.
    coalesceDeltas: false,
  });
  port = (await server.listen()).port;
});
afterAll(async () => server.close());

function serverOptions() {
  return {
    dispatch: createDispatcher(handlers()),
    bus: createEventBus(),
    upstream: () => ({ baseUrl: 'http://127.0.0.1:9/v1', reachable: true, lastError: null }),
    pricing: () => ({ prices: [] }),
    usage: () => ({ since: null, until: null, rows: [] }),
    usageCsv: () => '',
    token: TOKEN,
    port: 0,
    bodyLimitBytes: 4096,
    importBodyLimitBytes: 64 * 1024,
    heartbeatMs: 10_000,
    shutdownGraceMs: 1_000,
  };
}

/** Sends one raw request and returns everything the server wrote for it. */
function raw(version: '1.0' | '1.1', to = port): Promise<string> {
  const body = JSON.stringify({ session_id: 'f-1', query: 'Can I return it?', user_id: 'u-1' });
  return new Promise((resolve, reject) => {
    const sock = net.connect(to, '127.0.0.1');
    const parts: Buffer[] = [];
    const done = (): void => {
      sock.destroy();
      resolve(Buffer.concat(parts).toString('utf8'));
    };
    sock.on('data', (b) => {
      parts.push(b);
      // SSE responses keep the connection alive (`Connection: keep-alive`): a chunked body ends with its last chunk.
      if (version === '1.1' && Buffer.concat(parts).toString('latin1').endsWith('\r\n0\r\n\r\n')) done();
    });
    sock.on('end', done);
    sock.on('error', reject);
    sock.write(
      `POST /v1/chat/stream HTTP/${version}\r\nHost: 127.0.0.1:${to}\r\nAuthorization: Bearer ${TOKEN}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}

/** Decodes a chunked body, checking every size line against its chunk's bytes. */
function dechunk(body: string): { text: string; chunks: string[] } {
  const buf = Buffer.from(body, 'utf8');
  const chunks: string[] = [];
  let at = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', at);
    expect(eol).toBeGreaterThan(at);
    const size = parseInt(buf.subarray(at, eol).toString('latin1'), 16);
    expect(Number.isNaN(size)).toBe(false);
    if (size === 0) {
      expect(buf.subarray(eol, eol + 4).toString('latin1')).toBe('\r\n\r\n');
      expect(eol + 4).toBe(buf.length);
      return { text: chunks.join(''), chunks };
    }
    const chunk = buf.subarray(eol + 2, eol + 2 + size);
    expect(buf.subarray(eol + 2 + size, eol + 4 + size).toString('latin1')).toBe('\r\n');
    chunks.push(chunk.toString('utf8'));
    at = eol + 4 + size;
  }
}

describe('SSE body framing', () => {
  it('HTTP/1.1: a well-formed chunked body, one chunk per event, multi-byte text intact', async () => {
    const response = await raw('1.1');
    const split = response.indexOf('\r\n\r\n');
    expect(response.slice(0, split)).toMatch(/^HTTP\/1\.1 200 /);
    expect(response.slice(0, split).toLowerCase()).toContain('transfer-encoding: chunked');
    const { text, chunks } = dechunk(response.slice(split + 4));
    const events = parseSse(text);
    expect(events.map((e) => e.event)).toEqual(['metrics', 'content', 'content', 'content', 'content', 'content', 'citations', 'done']);
    expect(events.filter((e) => e.event === 'content').map((e) => e.data)).toEqual(DELTAS);
    // The headers with metrics and the first content (one write, no open comment); then one chunk per content
    // event; the closing events in one.
    expect(response.slice(split + 4)).toMatch(/^[0-9a-f]+\r\nevent: metrics\n/);
    expect(chunks[0]).toMatch(/^event: metrics\n.*\n\nevent: content\n/s);
    expect(chunks.slice(1, 5).every((c) => c.startsWith('event: content\n'))).toBe(true);
    expect(chunks).toHaveLength(6);
  });

  it('HTTP/1.0: no chunked encoding, the plain event stream until the server closes', async () => {
    const response = await raw('1.0');
    const split = response.indexOf('\r\n\r\n');
    expect(response.slice(0, split).toLowerCase()).not.toContain('transfer-encoding');
    const events = parseSse(response.slice(split + 4));
    expect(events.filter((e) => e.event === 'content').map((e) => e.data)).toEqual(DELTAS);
    expect(events.at(-1)?.event).toBe('done');
  });

  it('with a content window: the last piece of an answer that ends with it goes out with the closing events (one write)', async () => {
    const windowed = createHttpServer({ ...serverOptions(), engine: scriptedEngine({ deltas: DELTAS, delayMs: 30, endDelayMs: 20 }), coalesceDeltas: true, coalesceWindowMs: 10 });
    const wport = (await windowed.listen()).port;
    try {
      const response = await raw('1.1', wport);
      const { text, chunks } = dechunk(response.slice(response.indexOf('\r\n\r\n') + 4));
      const events = parseSse(text);
      expect(events.filter((e) => e.event === 'content').map((e) => e.data)).toEqual(DELTAS);
      expect(events.map((e) => e.event).slice(-3)).toEqual(['content', 'citations', 'done']);
      // each delta came a whole window after the last write: its own chunk, except the last, sent with the end
      expect(chunks).toHaveLength(DELTAS.length);
      expect(chunks.at(-1)).toMatch(/^event: content\ndata: "\\"quoted\\" \\\\ done\."\n\nevent: citations\n/);
    } finally {
      await windowed.close();
    }
  });

  it('with no event within headersWaitMs the headers go out alone with an open comment (0: at open)', async () => {
    for (const wait of [60, 0]) {
      // The server sends its event only once the client has the headers (a 3-s fallback makes a failure visible).
      let stream: SseStream | null = null;
      let fallback: NodeJS.Timeout | undefined;
      const finish = (): void => {
        clearTimeout(fallback);
        stream?.send('content', 'late');
        stream?.end(formatEvent('done', {}));
      };
      const srv = http.createServer((_req, res) => {
        stream = new SseStream(res, wait);
        stream.open();
        fallback = setTimeout(finish, 3_000);
      });
      await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
      try {
        const seen = await new Promise<string[]>((resolve, reject) => {
          const got: string[] = [];
          http
            .get({ host: '127.0.0.1', port: (srv.address() as net.AddressInfo).port, path: '/', agent: false }, (res) => {
              res.setEncoding('utf8');
              res.on('data', (t: string) => {
                got.push(t);
                if (got.length === 1) finish();
              });
              res.on('end', () => resolve(got));
            })
            .on('error', reject);
        });
        expect(seen[0]).toBe(': stream open\n\n');
        expect(seen.join('')).toBe(`: stream open\n\n${formatEvent('content', 'late')}${formatEvent('done', {})}`);
      } finally {
        srv.closeAllConnections();
        await new Promise<void>((r) => srv.close(() => r()));
      }
    }
  });

  it('chunkFrame counts bytes, not characters', () => {
    expect(chunkFrame('ab')).toBe('2\r\nab\r\n');
    expect(chunkFrame('✓')).toBe('3\r\n✓\r\n');
    expect(chunkFrame('x'.repeat(26))).toBe(`1a\r\n${'x'.repeat(26)}\r\n`);
  });
});
