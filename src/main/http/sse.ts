// Server-sent events: `event: NAME\ndata: JSON\n\n`, flushed per event (the headers with the first one), one shared
// heartbeat timer for all streams.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { BASE_HEADERS } from './respond';

export const SSE_HEADERS: Readonly<Record<string, string>> = {
  ...BASE_HEADERS,
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-store',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};
/** A response whose connection closes after it (a draining process, see HttpServer.setDraining): an explicit
 * `Connection: keep-alive` would override Node's `shouldKeepAlive = false`. */
const SSE_CLOSE_HEADERS: Readonly<Record<string, string>> = { ...SSE_HEADERS, Connection: 'close' };

export function formatEvent(event: string, data: unknown): string {
  // JSON.stringify never emits raw newlines, so one `data:` line is always enough.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One chunk of a chunked HTTP/1.1 body: the bytes `res.write(text)` sends. */
export function chunkFrame(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

/**
 * How long a chat stream's response headers may wait for the first event: they go out with it (one write instead of
 * two), or alone with an open comment when nothing came in this time.
 */
export const HEADERS_WAIT_MS = 1_000;

export class SseStream {
  private closed = false;
  /** The headers (with the first event or the open comment) went out. */
  private started = false;
  private openTimer: NodeJS.Timeout | null = null;
  /** The response's own socket once the headers went out with chunked encoding: events are framed and written to it. */
  private direct: Socket | null = null;

  constructor(
    readonly res: ServerResponse,
    /** 0 (default): the headers go out at `open` (an EventSource waits for them); chat streams use HEADERS_WAIT_MS. */
    private readonly headersWaitMs = 0,
  ) {}

  /**
   * The status and headers, sent with the first event (metrics + first content, an error): one system call and one
   * wake-up of the client fewer per stream. When no event comes within `headersWaitMs` they go out alone with an
   * open comment, so a client still sees the stream open while a slow upstream thinks.
   */
  open(status = 200): void {
    this.res.writeHead(status, this.res.shouldKeepAlive ? SSE_HEADERS : SSE_CLOSE_HEADERS);
    this.res.socket?.setNoDelay(true);
    if (this.headersWaitMs <= 0) this.start(': stream open\n\n');
    else this.openTimer = setTimeout(this.openNow, this.headersWaitMs);
  }

  private readonly openNow = (): void => {
    this.openTimer = null;
    if (!this.started && this.isOpen) this.start(': stream open\n\n');
  };

  /** The first write: the headers and `text` together (res.write sends both in one writev). */
  private start(text: string): void {
    this.started = true;
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = null;
    this.res.write(text);
    // Later events: one plain socket write each with the chunk framing (the same bytes as res.write, without its
    // cork, nextTick and writev per event). Only when this response owns the socket (not queued behind another
    // pipelined response) and the body is chunked (HTTP/1.1); else res.write. res.end closes the body as usual.
    const socket = this.res.socket;
    if (this.res.chunkedEncoding && socket && !socket.destroyed) this.direct = socket;
  }

  private put(text: string): void {
    if (!this.started) return this.start(text);
    const d = this.direct;
    if (d && !d.destroyed) d.write(chunkFrame(text));
    else this.res.write(text);
  }

  get isOpen(): boolean {
    return !this.closed && !this.res.destroyed && !this.res.writableEnded;
  }

  /** Bytes queued but not yet taken by the socket (a slow client). */
  get backlog(): number {
    return this.res.writableLength;
  }

  send(event: string, data: unknown): boolean {
    if (!this.isOpen) return false;
    this.put(formatEvent(event, data));
    return true;
  }

  /** Already formatted events (several joined), in one write. */
  write(events: string): boolean {
    if (!this.isOpen || events === '') return false;
    this.put(events);
    return true;
  }

  comment(text: string): void {
    if (this.isOpen) this.put(`: ${text}\n\n`);
  }

  /** Ends the stream, with the last events (formatted) in the same write. */
  end(last = ''): void {
    if (this.closed) return;
    this.closed = true;
    this.started = true;
    if (this.openTimer) clearTimeout(this.openTimer);
    this.openTimer = null;
    if (!this.res.writableEnded && !this.res.destroyed) {
      if (last) this.res.end(last);
      else this.res.end();
    }
  }
}

/** One interval writing a comment to every open stream (cheap with hundreds of streams). */
export class Heartbeat {
  private readonly streams = new Set<SseStream>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly periodMs: number) {}

  add(stream: SseStream): () => void {
    this.streams.add(stream);
    if (!this.timer) {
      this.timer = setInterval(() => this.beat(), this.periodMs);
      this.timer.unref();
    }
    return () => this.remove(stream);
  }

  remove(stream: SseStream): void {
    this.streams.delete(stream);
    if (this.streams.size === 0 && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private beat(): void {
    for (const s of this.streams) {
      if (s.isOpen) s.comment('heartbeat');
      else this.streams.delete(s);
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.streams.clear();
  }
}
