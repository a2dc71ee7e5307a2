// How the fake Kimi writes its streams cheaply (the bench runs hundreds at once in its own process, competing for the
// same cores): one timer for every stream (`Ticker`: steps in a min-heap by due time, everything due within the next
// millisecond in one callback, instead of a promise and a timer per chunk per stream), chunk texts serialised once
// per answer, and one plain socket write per chunk.
import type http from 'node:http';

interface Entry {
  at: number;
  seq: number;
  fn: () => void;
}

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export class Ticker {
  private readonly heap: Entry[] = [];
  private timer: NodeJS.Timeout | null = null;
  private armedAt = Infinity;
  private seq = 0;
  private closed = false;

  /** Run `fn` in `ms` milliseconds (steps due at the same time run in the order they were added). */
  after(ms: number, fn: () => void): void {
    if (this.closed) return;
    this.push({ at: performance.now() + ms, seq: this.seq++, fn });
    this.arm();
  }

  /** Drops every pending step. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.heap.length = 0;
  }

  private arm(): void {
    const first = this.heap[0];
    if (!first) return;
    if (this.timer && first.at >= this.armedAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.armedAt = first.at;
    this.timer = setTimeout(() => this.run(), Math.max(1, first.at - performance.now()));
  }

  private run(): void {
    this.timer = null;
    this.armedAt = Infinity;
    // Timers have millisecond granularity: what is due within the next one goes now.
    const until = performance.now() + 1;
    try {
      while (this.heap.length > 0 && this.heap[0]!.at <= until) this.pop().fn();
    } finally {
      this.arm();
    }
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, h[p]!)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= h.length) break;
        const r = l + 1;
        const c = r < h.length && before(h[r]!, h[l]!) ? r : l;
        if (!before(h[c]!, last)) break;
        h[i] = h[c]!;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

export function split(text: string, size: number): string[] {
  const out: string[] = [];
  const chars = Array.from(text);
  for (let i = 0; i < chars.length; i += Math.max(1, size)) out.push(chars.slice(i, i + size).join(''));
  return out;
}

let lastPieces: { key: string; pieces: string[] } | null = null;
/** `"reasoning_content":"…"` / `"content":"…"` of each chunk in order (the last answer's are kept: the bench repeats it). */
export function piecesOf(reasoning: string, answer: string, size: number): string[] {
  const key = `${size}\u0000${reasoning}\u0000${answer}`;
  if (lastPieces?.key === key) return lastPieces.pieces;
  const pieces = [
    ...split(reasoning, size).map((t) => `"reasoning_content":${JSON.stringify(t)}`),
    ...split(answer, size).map((t) => `"content":${JSON.stringify(t)}`),
  ];
  lastPieces = { key, pieces };
  return pieces;
}

/**
 * Writes one chunk of the response body per call. With chunked encoding and the socket already ours (headers
 * flushed), the chunk's framing is written straight to the socket: the same bytes as `res.write` in one plain write
 * (no cork, nextTick and writev per chunk). `res.end` then closes the body as usual.
 */
export function framedWriter(res: http.ServerResponse): (text: string) => void {
  const sock = res.socket;
  if (!res.chunkedEncoding || !sock || sock.destroyed) return (text) => void res.write(text);
  return (text) => {
    if (!sock.destroyed) sock.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);
  };
}

