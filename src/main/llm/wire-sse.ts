// The SSE body of a streaming answer read as bytes (wire.ts hands each body piece here): events are found in the
// bytes, and a plain content chunk of the layout learnt on this stream (ContentShortcut) is recognised in the bytes
// too, so only its text is decoded — not the whole ~200-byte event, then sliced into `data` and the text (~27 MB of
// decoded strings and ~20 MB of slices per 2,000 answers in the serve bench's allocation profile). Every other event
// is decoded and goes on as its text, exactly as the string reader saw it. With `merging`, the content bytes of one
// read are gathered and decoded once (one string per read instead of one per chunk plus their concatenation).

const HEAD = ',"choices":[{"index":0,"delta":{"content":"';
const TAIL = '"},"finish_reason":null}]}';
const TAIL_BYTES = Buffer.from(TAIL, 'latin1');
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
  /** `data: ` + the head as UTF-8: what a one-line event of such a chunk starts with, byte for byte. */
  eventHead: Buffer | null = null;

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
    // (A head learnt from an event of several `data:` lines holds a line break: no one-line event starts with it.)
    if (!/[\r\n]/.test(this.head)) this.eventHead = Buffer.from(`data: ${this.head}`, 'utf8');
  }
}

let endLen = 0;
/**
 * Where the first SSE event in b[from, to) ends (its length in `endLen`), or -1: the first LF followed by LF or CRLF,
 * else the first CR CR — the string reader's rule, on bytes (every byte it looks for is ASCII, and ASCII bytes are
 * never part of a UTF-8 sequence, so the positions agree).
 */
function eventEnd(b: Buffer, from: number, to: number): number {
  if (to - from < 2) return -1;
  // (Buffer#indexOf is memchr; it may look past `to`, into bytes of an earlier read: only what is before `to` counts.)
  for (let i = b.indexOf(10, from); i >= 0 && i < to; i = b.indexOf(10, i + 1)) {
    const next = i + 1 < to ? b[i + 1] : -1;
    if (next === 10) {
      endLen = 2;
      return i;
    }
    if (next === 13 && i + 2 < to && b[i + 2] === 10) {
      endLen = 3;
      return i;
    }
  }
  endLen = 2;
  for (let i = b.indexOf(13, from); i >= 0 && i + 1 < to; i = b.indexOf(13, i + 1)) if (b[i + 1] === 13) return i;
  return -1;
}

/** b[at, at + what.length) is `what` (a short one: a JS loop beats the native call). */
function endsWith(b: Buffer, at: number, what: Buffer): boolean {
  for (let k = what.length - 1; k >= 0; k--) if (b[at + k] !== what[k]) return false;
  return true;
}

/** b[from, to) holds no byte a JSON string must escape (quote, backslash, control): its text is itself. */
function plainBytes(b: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = b[i]!;
    if (c < 32 || c === 34 || c === 92) return false;
  }
  return true;
}

export interface SseHandlers {
  /** A plain content chunk's text (only without merging). False: stop reading (the call failed). */
  content(text: string): boolean;
  /** Any other event, as its text. False: stop reading (the call ended or failed). */
  event(text: string): boolean;
}

/** One response's SSE reader (see the file comment). */
export class SseBytes {
  /** Bytes of an event not complete yet: pend[0, pendLen). */
  private pend: Buffer | null = null;
  private pendLen = 0;
  /** Merged content: text already decoded, then bytes not yet decoded. */
  private mergedText = '';
  private merged: Buffer | null = null;
  private mergedLen = 0;

  constructor(
    private readonly shortcut: ContentShortcut | null,
    private readonly merging: boolean,
    private readonly h: SseHandlers,
  ) {}

  /** Body bytes b[s, e) (b is reused after the call). False when a handler said stop. */
  push(b: Buffer, s: number, e: number): boolean {
    let src = b;
    let start = s;
    let to = e;
    if (this.pendLen > 0) {
      this.keep(b, s, e);
      src = this.pend!;
      start = 0;
      to = this.pendLen;
    }
    for (let at = eventEnd(src, start, to); at >= 0; at = eventEnd(src, start, to)) {
      const one = start;
      start = at + endLen;
      if (!this.one(src, one, at)) {
        this.pendLen = 0;
        return false;
      }
    }
    if (src === this.pend) {
      if (start > 0) src.copyWithin(0, start, to);
      this.pendLen = to - start;
    } else if (start < to) this.keep(b, start, to);
    return true;
  }

  /** Merged content not handed on yet ('' when none); cleared. */
  take(): string {
    let text = this.mergedText;
    if (this.mergedLen > 0) text += this.merged!.toString('utf8', 0, this.mergedLen);
    this.mergedText = '';
    this.mergedLen = 0;
    return text;
  }

  /** Content text merged after what is merged so far. */
  mergeText(text: string): void {
    if (this.mergedLen > 0) {
      this.mergedText += this.merged!.toString('utf8', 0, this.mergedLen);
      this.mergedLen = 0;
    }
    this.mergedText += text;
  }

  /** Forgets merged content (an abort). */
  drop(): void {
    this.mergedText = '';
    this.mergedLen = 0;
  }

  /** The event b[from, to). */
  private one(b: Buffer, from: number, to: number): boolean {
    const head = this.shortcut?.eventHead;
    if (head) {
      const body = from + head.length;
      const end = to - TAIL_BYTES.length;
      if (body <= end && endsWith(b, end, TAIL_BYTES) && plainBytes(b, body, end) && b.compare(head, 0, head.length, from, body) === 0) {
        if (!this.merging) return this.h.content(b.toString('utf8', body, end));
        if (end > body) this.mergeBytes(b, body, end);
        return true;
      }
    }
    return this.h.event(b.toString('utf8', from, to));
  }

  private mergeBytes(b: Buffer, from: number, to: number): void {
    const c = b[from]!;
    // Decoded apart, a piece that starts with a UTF-8 continuation byte gives U+FFFD for it (and for an unfinished
    // sequence that ended the piece before): decode what came before on its own, as the string reader did.
    if (this.mergedLen > 0 && c >= 0x80 && c < 0xc0) {
      this.mergedText += this.merged!.toString('utf8', 0, this.mergedLen);
      this.mergedLen = 0;
    }
    const n = to - from;
    if (!this.merged || this.merged.length < this.mergedLen + n) {
      const grown = Buffer.allocUnsafe(Math.max(256, 2 * (this.mergedLen + n)));
      if (this.merged) this.merged.copy(grown, 0, 0, this.mergedLen);
      this.merged = grown;
    }
    const m = this.merged;
    if (n > 64) b.copy(m, this.mergedLen, from, to);
    else for (let i = from, at = this.mergedLen; i < to; i++, at++) m[at] = b[i]!;
    this.mergedLen += n;
  }

  /** Appends b[from, to) to the pending bytes. */
  private keep(b: Buffer, from: number, to: number): void {
    const n = to - from;
    if (!this.pend || this.pend.length < this.pendLen + n) {
      const grown = Buffer.allocUnsafe(Math.max(1024, 2 * (this.pendLen + n)));
      if (this.pend) this.pend.copy(grown, 0, 0, this.pendLen);
      this.pend = grown;
    }
    b.copy(this.pend, this.pendLen, from, to);
    this.pendLen += n;
  }
}
