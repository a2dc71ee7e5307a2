// A small HTTP/1.1 client for the streaming POST to Kimi: keep-alive sockets of its own (net.connect / tls.connect)
// read with `onread` (each socket read is handed to us straight from libuv: no IncomingMessage, no Readable, no
// 'data' event, no string decoder per chunk), the status line and headers parsed once, and the chunked body decoded
// in the same pass that hands its bytes on. One request at a time per socket (no pipelining); a socket goes back to
// the pool when its response was read to the end and neither side said `Connection: close`.
// A reader may hold a socket unread for a while after a read (`holdMs`): the kernel keeps what arrives and the next
// read takes all of it at once. (A TLS socket hands the records of one read on one by one in the same tick: they
// are all taken before `readDone`, which then comes from setImmediate; over plain TCP it comes at once.)
import type { Conn } from './wire-pool';

export interface ResponseHead {
  status: number;
  /** Raw header lines (name as sent, value trimmed). */
  headers: Array<[string, string]>;
}

/** Where one exchange's response goes; all called from the socket's callbacks. */
export interface ExchangeHandlers {
  head(h: ResponseHead): void;
  /** Body bytes buf[start, end) (the buffer is reused after the call: copy what you keep). */
  body(buf: Buffer, start: number, end: number): void;
  /** The body was read to its end (chunked terminator, Content-Length, or the server closing a close-delimited body). */
  bodyEnd(): void;
  /** Socket error or close before the response was complete; `headSeen`: the status line had arrived. */
  error(err: Error, headSeen: boolean): void;
  /** After each socket read: > 0 leaves the socket unread that many ms (`readDone` then comes at once over TCP, after
   * the read's last record over TLS). */
  holdMs(): number;
  /** What the read(s) produced can go on: at once when `holdMs` said 0, else after every piece of that read. */
  readDone(): void;
}

export interface Exchange {
  /** Destroys the socket; no handler is called after this. */
  abort(): void;
}

const enum S {
  Head,
  Size,
  SizeExt,
  Data,
  DataEnd,
  Trailer,
  Length,
  UntilClose,
  Done,
}

/** Without a `Keep-Alive: timeout=N` hint a free socket is closed after this (servers close idle ones too). */
export const FREE_MS = 4_000;
const MAX_HEAD = 64 * 1024;

function parseError(message: string, code: string): Error {
  return Object.assign(new Error(`Parse Error: ${message}`), { code });
}

/** One request's response as it is read: status line, headers, then the body (chunked, Content-Length or until close). */
export class ExchangeState implements Exchange {
  private state = S.Head;
  private headText = '';
  private head: ResponseHead | null = null;
  private left = 0;
  private sizeDigits = 0;
  private lineLen = 0;
  private keepAlive = true;
  private over = false;
  private holdTimer: NodeJS.Timeout | null = null;
  private burst: NodeJS.Immediate | null = null;
  /** From a read that asked for a hold until the hold ends: more pieces of that read are taken, nothing is handed on. */
  private held = false;
  private holdFor = 0;

  constructor(
    private readonly conn: Conn,
    private readonly h: ExchangeHandlers,
  ) {}

  abort(): void {
    if (this.over) return;
    this.finish(false);
  }

  /** One socket read; false pauses the socket (see readDone). */
  feed(buf: Buffer, n: number): boolean {
    let i = 0;
    try {
      while (i < n && this.state !== S.Done && !this.over) i = this.step(buf, i, n);
    } catch (err) {
      this.fail(err instanceof Error ? err : new Error(String(err)));
      return false;
    }
    if (this.over) return false;
    if (this.state === S.Done) {
      // Bytes after the end of the response: never reuse this socket.
      if (i < n) this.keepAlive = false;
      this.complete();
      return true;
    }
    if (this.held) return false;
    const hold = this.h.holdMs();
    if (this.over) return false;
    if (hold <= 0) {
      this.h.readDone();
      return !this.over;
    }
    this.held = true;
    this.holdFor = hold;
    // Plain TCP: this call was the whole read, hand it on now. TLS: more records of this read may follow in this tick.
    if (this.conn.tls) this.burst = setImmediate(this.endBurst);
    else this.endBurst();
    return false;
  }

  private readonly endBurst = (): void => {
    this.burst = null;
    if (this.over) return;
    this.h.readDone();
    if (this.over) return;
    this.holdTimer = setTimeout(this.endHold, this.holdFor);
  };

  private readonly endHold = (): void => {
    this.holdTimer = null;
    this.held = false;
    if (!this.over) this.conn.socket.resume();
  };

  /** Consumes from buf[i, n) in the current state; returns the new position. */
  private step(buf: Buffer, i: number, n: number): number {
    switch (this.state) {
      case S.Head: {
        // Headers are read as latin1 text until the blank line (rarely split across reads).
        const from = Math.max(0, this.headText.length - 3);
        this.headText += buf.toString('latin1', i, n);
        const at = this.headText.indexOf('\r\n\r\n', from);
        if (at < 0) {
          if (this.headText.length > MAX_HEAD) throw parseError('Header overflow', 'HPE_HEADER_OVERFLOW');
          return n;
        }
        const used = at + 4 - (this.headText.length - (n - i));
        const text = this.headText.slice(0, at);
        this.headText = '';
        // (A 1xx head leaves the state at Head: the real one follows.)
        this.startBody(text);
        return i + used;
      }
      case S.Size: {
        for (; i < n; i++) {
          const c = buf[i]!;
          const v = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
          if (v >= 0) {
            if (++this.sizeDigits > 12) throw parseError('Chunk size overflow', 'HPE_INVALID_CHUNK_SIZE');
            this.left = this.left * 16 + v;
            continue;
          }
          if (this.sizeDigits === 0) throw parseError('Invalid character in chunk size', 'HPE_INVALID_CHUNK_SIZE');
          this.state = S.SizeExt;
          return i;
        }
        return n;
      }
      case S.SizeExt: {
        // Chunk extensions and the CR up to the LF are skipped.
        const lf = buf.indexOf(10, i);
        if (lf < 0 || lf >= n) return n;
        this.sizeDigits = 0;
        if (this.left === 0) {
          this.state = S.Trailer;
          this.lineLen = 0;
        } else this.state = S.Data;
        return lf + 1;
      }
      case S.Data: {
        const take = Math.min(this.left, n - i);
        this.left -= take;
        if (this.left === 0) this.state = S.DataEnd;
        this.h.body(buf, i, i + take);
        return i + take;
      }
      case S.DataEnd: {
        const c = buf[i]!;
        if (c === 13) return i + 1;
        if (c !== 10) throw parseError('Expected LF after chunk data', 'HPE_STRICT');
        this.state = S.Size;
        return i + 1;
      }
      case S.Trailer: {
        for (; i < n; i++) {
          const c = buf[i]!;
          if (c === 10) {
            if (this.lineLen === 0) {
              this.state = S.Done;
              return i + 1;
            }
            this.lineLen = 0;
          } else if (c !== 13) this.lineLen++;
        }
        return n;
      }
      case S.Length: {
        const take = Math.min(this.left, n - i);
        this.left -= take;
        if (this.left === 0) this.state = S.Done;
        if (take > 0) this.h.body(buf, i, i + take);
        return i + take;
      }
      case S.UntilClose:
        this.h.body(buf, i, n);
        return n;
      default:
        return n;
    }
  }

  /** Parses the head; false for a 1xx (skipped: another head follows). */
  private startBody(text: string): boolean {
    const lines = text.split('\r\n');
    const m = /^HTTP\/1\.([01]) (\d{3})/.exec(lines[0] ?? '');
    if (!m) throw parseError('Invalid status line', 'HPE_INVALID_CONSTANT');
    const status = Number(m[2]);
    if (status >= 100 && status < 200) return false;
    const headers: Array<[string, string]> = [];
    let chunked = false;
    let length = -1;
    this.keepAlive = m[1] === '1';
    for (let k = 1; k < lines.length; k++) {
      const line = lines[k]!;
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      headers.push([name, value]);
      const lower = name.toLowerCase();
      if (lower === 'transfer-encoding') chunked = /(^|,)\s*chunked\s*$/i.test(value);
      else if (lower === 'content-length') length = /^\d+$/.test(value) ? Number(value) : -2;
      else if (lower === 'connection') {
        if (/\bclose\b/i.test(value)) this.keepAlive = false;
        else if (/\bkeep-alive\b/i.test(value)) this.keepAlive = true;
      } else if (lower === 'keep-alive') {
        const t = /timeout=(\d+)/i.exec(value);
        // Like Node's agent: give the socket up a second before the server would.
        if (t) this.conn.freeMs = Math.max(0, Math.min(FREE_MS * 15, Number(t[1]) * 1000 - 1000));
      }
    }
    if (length === -2) throw parseError('Invalid Content-Length', 'HPE_INVALID_CONTENT_LENGTH');
    this.head = { status, headers };
    if (status === 204 || status === 304) this.state = S.Done;
    else if (chunked) this.state = S.Size;
    else if (length >= 0) {
      this.left = length;
      this.state = length === 0 ? S.Done : S.Length;
    } else {
      this.state = S.UntilClose;
      this.keepAlive = false;
    }
    this.h.head(this.head);
    return true;
  }

  /** The socket ended or failed while this exchange was on it. */
  closed(err: Error | null): void {
    if (this.over) return;
    if (err === null && this.state === S.UntilClose) {
      this.keepAlive = false;
      this.complete();
      return;
    }
    this.fail(err ?? Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  }

  private fail(err: Error): void {
    if (this.over) return;
    const headSeen = this.head !== null;
    this.finish(false);
    this.h.error(err, headSeen);
  }

  private complete(): void {
    if (this.over) return;
    const reuse = this.keepAlive;
    this.finish(reuse);
    this.h.bodyEnd();
  }

  private finish(reuse: boolean): void {
    this.over = true;
    if (this.holdTimer) clearTimeout(this.holdTimer);
    if (this.burst) clearImmediate(this.burst);
    this.holdTimer = null;
    this.burst = null;
    const c = this.conn;
    c.exchange = null;
    if (reuse) c.pool.release(c);
    else {
      c.pool.drop(c);
      c.socket.destroy();
    }
  }
}
