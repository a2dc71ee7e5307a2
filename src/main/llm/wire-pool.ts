// The keep-alive sockets of the streaming client (wire-http.ts reads the responses): one request at a time per socket,
// a socket back in the pool only when its response was read to the end and neither side said `Connection: close`.
import net from 'node:net';
import tls from 'node:tls';
import { ExchangeState, FREE_MS, type ExchangeHandlers, type Exchange } from './wire-http';

/** One read buffer for every socket: onread calls are synchronous and the handlers copy what they keep. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

export class Conn {
  exchange: ExchangeState | null = null;
  free = false;
  freeTimer: NodeJS.Timeout | null = null;
  freeMs = FREE_MS;
  readonly socket: net.Socket;

  constructor(
    readonly pool: HttpPool,
    url: URL,
    ca: string | undefined,
  ) {
    const onread = { buffer: READ_BUFFER, callback: (n: number, buf: Uint8Array): boolean => this.onRead(n, buf as Buffer) };
    const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    this.socket =
      url.protocol === 'https:'
        ? // (Node's TLS sockets take `onread` too — decrypted bytes — though its types do not list it.)
          tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ALPNProtocols: ['http/1.1'], onread, ...(ca ? { ca } : {}) } as tls.ConnectionOptions)
        : net.connect({ host, port, onread });
    this.socket.setNoDelay(true);
    this.socket.on('error', (err) => this.gone(err));
    this.socket.on('end', () => this.gone(null));
    this.socket.on('close', () => this.gone(null));
  }

  private onRead(n: number, buf: Buffer): boolean {
    const x = this.exchange;
    if (!x) {
      // Bytes on a free socket: the server broke the protocol; do not reuse it.
      this.pool.drop(this);
      this.socket.destroy();
      return false;
    }
    return x.feed(buf, n);
  }

  /** EOF, close or error: the exchange (if any) learns it; the socket is out of the pool. */
  private gone(err: Error | null): void {
    this.pool.drop(this);
    const x = this.exchange;
    if (x) x.closed(err);
    if (!this.socket.destroyed) this.socket.destroy();
  }
}

export class HttpPool {
  private readonly free: Conn[] = [];
  private readonly all = new Set<Conn>();

  /** `ca`: certificates to trust for https besides the system's (tests). */
  constructor(
    private readonly url: URL,
    private readonly ca?: string,
  ) {}

  /**
   * Sends the request (`head`: request line and headers with the blank line; `body`: text or bytes) on a free socket
   * or a new one, in one system call (no joined copy of the body on the heap).
   */
  send(head: string, body: string | Buffer, h: ExchangeHandlers): Exchange {
    let c = this.free.pop();
    if (c) {
      c.free = false;
      if (c.freeTimer) clearTimeout(c.freeTimer);
      c.freeTimer = null;
    } else {
      c = new Conn(this, this.url, this.ca);
      this.all.add(c);
    }
    const x = new ExchangeState(c, h);
    c.exchange = x;
    // A socket paused by the previous exchange's reader reads again.
    c.socket.resume();
    c.socket.cork();
    c.socket.write(head, 'latin1');
    c.socket.write(body);
    c.socket.uncork();
    return x;
  }

  release(c: Conn): void {
    if (c.socket.destroyed || !this.all.has(c) || c.freeMs <= 0) {
      this.drop(c);
      c.socket.destroy();
      return;
    }
    c.free = true;
    c.socket.resume();
    this.free.push(c);
    c.freeTimer = setTimeout(() => {
      this.drop(c);
      c.socket.destroy();
    }, c.freeMs);
    c.freeTimer.unref();
  }

  drop(c: Conn): void {
    if (c.freeTimer) clearTimeout(c.freeTimer);
    c.freeTimer = null;
    if (c.free) {
      c.free = false;
      const at = this.free.indexOf(c);
      if (at >= 0) this.free.splice(at, 1);
    }
    this.all.delete(c);
  }

  /** Sockets open now (free and busy). */
  get size(): number {
    return this.all.size;
  }

  get freeCount(): number {
    return this.free.length;
  }

  close(): void {
    for (const c of [...this.all]) {
      this.drop(c);
      c.socket.destroy();
    }
  }
}
