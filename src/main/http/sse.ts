// Server-sent events: `event: NAME\ndata: JSON\n\n`, flushed per event, one shared heartbeat timer for all streams.
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

export function formatEvent(event: string, data: unknown): string {
  // JSON.stringify never emits raw newlines, so one `data:` line is always enough.
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** One chunk of a chunked HTTP/1.1 body: the bytes `res.write(text)` sends. */
export function chunkFrame(text: string): string {
  return `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
}

export class SseStream {
  private closed = false;
  /** The response's own socket once the headers went out with chunked encoding: events are framed and written to it. */
  private direct: Socket | null = null;

  constructor(readonly res: ServerResponse) {}

  open(status = 200): void {
    this.res.writeHead(status, SSE_HEADERS);
    this.res.socket?.setNoDelay(true);
    // The headers go out with this first comment (one write), so clients see the stream open at once.
    this.res.write(': stream open\n\n');
    // Later events: one plain socket write each with the chunk framing (the same bytes as res.write, without its
    // cork, nextTick and writev per event). Only when this response owns the socket (not queued behind another
    // pipelined response) and the body is chunked (HTTP/1.1); else res.write. res.end closes the body as usual.
    const socket = this.res.socket;
    if (this.res.chunkedEncoding && socket && !socket.destroyed) this.direct = socket;
  }

  private put(text: string): void {
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
