// Test helpers for the HTTP server: a raw node:http client (so Host/Cookie headers are ours to set) and an SSE parser.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default: a connection of its own (no agent). */
  agent?: http.Agent;
}

export function request(base: string, r: RawRequest): Promise<RawResponse> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: r.method ?? 'GET', path: r.path, headers: r.headers ?? {}, agent: r.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

export interface SseEvent {
  event: string;
  data: unknown;
}

/** Parses a complete SSE body into events (comments dropped). */
export function parseSse(text: string): SseEvent[] {
  const out: SseEvent[] = [];
  for (const block of text.split('\n\n')) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data.push(line.slice(6));
    }
    if (data.length) out.push({ event, data: JSON.parse(data.join('\n')) as unknown });
  }
  return out;
}

/** Opens an SSE request and hands back events as they arrive, plus a way to hang up. */
export function openSse(
  base: string,
  r: RawRequest,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; events: SseEvent[]; raw: () => string; next: (name: string, timeoutMs?: number) => Promise<SseEvent>; ended: Promise<void>; close: () => void }> {
  const u = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: u.hostname, port: u.port, method: r.method ?? 'GET', path: r.path, headers: r.headers ?? {}, agent: r.agent ?? false },
      (res) => {
        const events: SseEvent[] = [];
        let buf = '';
        let raw = '';
        const waiters: Array<() => void> = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          raw += chunk;
          buf += chunk;
          let i: number;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            events.push(...parseSse(buf.slice(0, i + 2)));
            buf = buf.slice(i + 2);
          }
          for (const w of waiters.splice(0)) w();
        });
        const ended = new Promise<void>((done) => {
          res.on('end', () => done());
          res.on('close', () => done());
          res.on('error', () => done());
        });
        const next = async (name: string, timeoutMs = 5_000): Promise<SseEvent> => {
          const deadline = Date.now() + timeoutMs;
          let seen = 0;
          for (;;) {
            const found = events.slice(seen).find((e) => e.event === name);
            if (found) return found;
            seen = 0;
            if (Date.now() > deadline || res.complete) throw new Error(`no "${name}" event; got ${JSON.stringify(events)}`);
            await new Promise<void>((w) => {
              waiters.push(w);
              setTimeout(w, 50);
            });
          }
        };
        resolve({ status: res.statusCode ?? 0, headers: res.headers, events, raw: () => raw, next, ended, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end(r.body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
