// wire-sse.ts SseBytes: the SSE body read as bytes must hand on exactly what the string reader it replaced handed on
// (content texts, merged per read or not; every other event's data, in order; nothing after [DONE] or a failure), for
// any split of the bytes into reads and pieces — UTF-8 sequences cut anywhere, invalid bytes, CRLF and CR CR event
// ends, several `data:` lines, comments, escapes, usage and finish chunks.
import { describe, expect, it } from 'vitest';
import { ContentShortcut, SseBytes } from '../../src/main/llm/wire-sse';
import { sseData } from '../../src/main/llm/wire';

type Log = string[];

/** What wire.ts does with an event's text (dataOf, [DONE], the string shortcut, JSON.parse, learn). */
function eventHandler(log: Log, shortcut: ContentShortcut, merging: boolean, merge: (t: string) => void, flush: () => void): (one: string) => boolean {
  return (one) => {
    const data = one.startsWith('data: ') && one.indexOf('\n') < 0 && one.indexOf('\r') < 0 ? one.slice(6) : sseData(one).data;
    if (data === null) return true;
    if (data.startsWith('[DONE]')) {
      flush();
      log.push('DONE');
      return false;
    }
    const text = shortcut.text(data);
    if (text !== null) {
      if (merging) merge(text);
      else log.push(`C:${text}`);
      return true;
    }
    flush();
    let chunk: unknown;
    try {
      chunk = JSON.parse(data);
    } catch {
      log.push('BAD');
      return false;
    }
    shortcut.learn(data, chunk);
    log.push(`J:${JSON.stringify(chunk)}`);
    return true;
  };
}

/** The reader before SseBytes (wire.ts until 2026-12-02): decode up to the last line break, split the string. */
function stringReader(merging: boolean) {
  const log: Log = [];
  const shortcut = new ContentShortcut();
  let carry: Buffer | null = null;
  let buf = '';
  let merged = '';
  let stopped = false;
  const flush = (): void => {
    if (merged !== '') log.push(`C:${merged}`);
    merged = '';
  };
  const event = eventHandler(log, shortcut, merging, (t) => (merged += t), flush);
  let endLen = 0;
  const eventEnd = (from: number): number => {
    for (let i = buf.indexOf('\n', from); i >= 0; i = buf.indexOf('\n', i + 1)) {
      const next = buf.charCodeAt(i + 1);
      if (next === 10) return (endLen = 2), i;
      if (next === 13 && buf.charCodeAt(i + 2) === 10) return (endLen = 3), i;
    }
    endLen = 2;
    return buf.indexOf('\r\r', from);
  };
  return {
    log,
    push(b: Buffer, s: number, e: number): void {
      if (stopped) return;
      let p = -1;
      for (let i = e - 1; i >= s; i--) if (b[i] === 10 || b[i] === 13) {
        p = i;
        break;
      }
      if (p < 0) {
        carry = carry ? Buffer.concat([carry, b.subarray(s, e)]) : Buffer.from(b.subarray(s, e));
        return;
      }
      const text = carry ? Buffer.concat([carry, b.subarray(s, p + 1)]).toString('utf8') : b.toString('utf8', s, p + 1);
      carry = p + 1 < e ? Buffer.from(b.subarray(p + 1, e)) : null;
      buf += text;
      let start = 0;
      for (let at = eventEnd(0); at >= 0; at = eventEnd(start)) {
        const one = buf.slice(start, at);
        start = at + endLen;
        if (!event(one)) {
          stopped = true;
          return;
        }
      }
      buf = buf.slice(start);
    },
    readDone: flush,
  };
}

function byteReader(merging: boolean) {
  const log: Log = [];
  const shortcut = new ContentShortcut();
  let stopped = false;
  const flush = (): void => {
    const t = sse.take();
    if (t !== '') log.push(`C:${t}`);
  };
  const sse: SseBytes = new SseBytes(shortcut, merging, {
    content: (t) => (log.push(`C:${t}`), true),
    event: eventHandler(log, shortcut, merging, (t) => sse.mergeText(t), flush),
  });
  return {
    log,
    push(b: Buffer, s: number, e: number): void {
      if (!stopped && !sse.push(b, s, e)) stopped = true;
    },
    readDone: flush,
  };
}

const HEAD = '{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1700000000,"model":"kimi-k2.6"';
const plain = (content: Buffer): Buffer =>
  Buffer.concat([Buffer.from(`data: ${HEAD},"choices":[{"index":0,"delta":{"content":"`), content, Buffer.from('"},"finish_reason":null}]}')]);

describe('SseBytes = the string reader', () => {
  it('the same content, events and end for random streams cut at random bytes (merged per read and not)', () => {
    // mulberry32 (the low bits of a power-of-two LCG cycle too soon for this)
    let seed = 11;
    const rnd = (n: number): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % n;
    };
    const texts = ['Hello', ' world', '日本語', '✓', '😀', '', 'a\\"q', 'x\\ny', 'tab\\t', 'b\\\\s', '한국어 ', '}],"'];
    const raw = [Buffer.from([0xe4, 0xb8]), Buffer.from([0xad]), Buffer.from([0xff]), Buffer.from([0xf0, 0x9f, 0x98]), Buffer.from([0x80, 0x80])];
    const ends = ['\n\n', '\r\n\r\n', '\n\r\n', '\r\r'];
    let shortcutHits = 0;
    for (let round = 0; round < 1_000; round++) {
      const parts: Buffer[] = [];
      /** Where each event ends (reads that end exactly there meet the CR CR rule and an empty rest). */
      const bounds = [0];
      const n = 2 + rnd(30);
      for (let k = 0; k < n; k++) {
        const end = ends[rnd(10) < 7 ? 0 : rnd(ends.length)]!;
        const kind = rnd(20);
        let ev: Buffer;
        if (kind < 13) {
          const pieces: Buffer[] = [];
          for (let j = rnd(4); j >= 0; j--) pieces.push(rnd(6) === 0 ? raw[rnd(raw.length)]! : Buffer.from(texts[rnd(texts.length)]!));
          ev = plain(Buffer.concat(pieces));
        } else if (kind === 13) ev = Buffer.from(`data: ${HEAD},"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}`);
        else if (kind === 14) ev = Buffer.from(`data: ${HEAD},"choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2}}`);
        else if (kind === 15) ev = Buffer.from(': keep-alive');
        else if (kind === 16) ev = Buffer.from(`data: ${HEAD},"choices":[{"index":0,"delta":\ndata: {"content":"two lines"},"finish_reason":null}]}`);
        else if (kind === 17) ev = Buffer.from(`event: message\r\ndata: ${HEAD},"choices":[{"index":0,"delta":{"content":"named"},"finish_reason":null}]}`);
        else if (kind === 18) ev = Buffer.from(rnd(8) === 0 ? 'data: {"not json' : `data: ${HEAD},"choices":[{"index":0,"delta":{"content":"\\u00e9"},"finish_reason":null}]}`);
        else ev = Buffer.from(`data:${HEAD},"choices":[{"index":0,"delta":{"content":"no space"},"finish_reason":null}]}`);
        parts.push(ev, Buffer.from(end));
        bounds.push(bounds[bounds.length - 1]! + ev.length + end.length);
      }
      if (rnd(2) === 0) parts.push(Buffer.from('data: [DONE]\n\n'), plain(Buffer.from('after the end')), Buffer.from('\n\n'));
      const all = Buffer.concat(parts);
      for (const merging of [false, true]) {
        const a = stringReader(merging);
        const b = byteReader(merging);
        // the bytes in reads, each read in pieces (a chunked body: one piece per HTTP chunk), in a reused buffer
        const scratch = Buffer.alloc(all.length + 16, 0x0a);
        for (let at = 0; at < all.length; ) {
          const next = bounds.find((x) => x > at);
          const readEnd = next !== undefined && rnd(3) === 0 ? next : Math.min(all.length, at + 1 + rnd(rnd(2) === 0 ? 6 : 400));
          while (at < readEnd) {
            const pieceEnd = Math.min(readEnd, at + 1 + rnd(200));
            const off = rnd(8);
            all.copy(scratch, off, at, pieceEnd);
            a.push(scratch, off, off + pieceEnd - at);
            b.push(scratch, off, off + pieceEnd - at);
            scratch.fill(0x0a);
            at = pieceEnd;
          }
          a.readDone();
          b.readDone();
        }
        expect(b.log, `round ${round} merging ${merging}`).toEqual(a.log);
        shortcutHits += a.log.filter((l) => l.startsWith('C:')).length;
      }
    }
    expect(shortcutHits).toBeGreaterThan(1_000);
  });

  it('a content chunk recognised in the bytes decodes only its text; a read of several is one text when merging', () => {
    const b = byteReader(true);
    const first = Buffer.concat([plain(Buffer.from('Hi')), Buffer.from('\n\n')]);
    b.push(first, 0, first.length);
    b.readDone();
    const more = Buffer.concat([plain(Buffer.from(' there')), Buffer.from('\n\n'), plain(Buffer.from(' 日本')), Buffer.from('\n\n')]);
    // a UTF-8 sequence cut between two pieces of one read
    const cut = more.indexOf(Buffer.from('日')) + 1;
    b.push(more, 0, cut);
    b.push(more, cut, more.length);
    b.readDone();
    expect(b.log).toEqual([`J:${JSON.stringify(JSON.parse(first.toString('utf8', 6, first.length - 2)))}`, 'C: there 日本']);
  });

  it('the cases the random streams rarely meet: a UTF-8 sequence cut between two merged chunks, a head learnt over two lines', () => {
    const same = (events: Buffer[], merging: boolean): Log => {
      const all = Buffer.concat(events.flatMap((e) => [e, Buffer.from('\n\n')]));
      const a = stringReader(merging);
      const b = byteReader(merging);
      a.push(all, 0, all.length);
      b.push(all, 0, all.length);
      a.readDone();
      b.readDone();
      expect(b.log).toEqual(a.log);
      return a.log;
    };
    // the first chunk teaches the layout; then "…E4 B8" and "AD…" (中 cut in two) in one read: two U+FFFD, as before
    const cut = [plain(Buffer.from('x')), plain(Buffer.from([0x61, 0xe4, 0xb8])), plain(Buffer.from([0xad, 0x62]))];
    expect(same(cut, true).at(-1)).toBe('C:a\ufffd\ufffdb');
    expect(same(cut, false).slice(1)).toEqual(['C:a\ufffd', 'C:\ufffdb']);
    // a whole sequence split only by the event bytes around it is still one character when it is whole in a chunk
    expect(same([plain(Buffer.from('x')), plain(Buffer.from('中')), plain(Buffer.from('文'))], true).at(-1)).toBe('C:中文');
    // a layout learnt from an event of two data lines: its head holds a line break, so no one-line event matches it
    const twoLines = Buffer.from('data: {"id":\ndata: "x","choices":[{"index":0,"delta":{"content":"A"},"finish_reason":null}]}');
    const oneLine = Buffer.from('data: {"id":\n"x","choices":[{"index":0,"delta":{"content":"B"},"finish_reason":null}]}');
    expect(same([twoLines, oneLine], true)).toEqual([`J:${JSON.stringify({ id: 'x', choices: [{ index: 0, delta: { content: 'A' }, finish_reason: null }] })}`, 'BAD']);
  });
});
