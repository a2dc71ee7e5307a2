// One part of a JSONL file for one of several import workers: every worker reads the whole file but only counts
// the lines of the segments that are not its own (a byte scan for '\n'); it decodes and parses segment s when
// s % parts === part. Segments are SEGMENT_LINES lines, so line numbers stay exact and the main thread restores
// file order by taking segments round-robin. Same items as jsonlItems (blank lines skipped, BOM dropped, a last
// line without '\n' read, invalid UTF-8 replaced), one batch per own segment (possibly empty).
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { INVALID_UTF8_ERROR, MAX_RECORD_CHARS, type Progress, type RawItem } from './sources';

export const SEGMENT_LINES = 1000;
const NL = 10;

function parseLine(text: string, line: number): RawItem | undefined {
  if (text.trim() === '') return undefined;
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { line, error: `invalid JSON: ${(err as Error).message}` };
  }
}

const tooLong = (bytes: number): string =>
  `record is over ${(MAX_RECORD_CHARS / 1048576).toFixed(0)} MB (${bytes.toLocaleString('en-US')} bytes); records (lines) are limited to ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters`;

/** A line's bytes as an item: over-long lines and invalid UTF-8 are rejected with the line (as jsonlItems does). */
function lineItem(bytes: Buffer, line: number): RawItem | undefined {
  if (bytes.length > MAX_RECORD_CHARS) return { line, error: tooLong(bytes.length) };
  if (!isUtf8(bytes)) return { line, error: INVALID_UTF8_ERROR };
  return parseLine(bytes.toString('utf8'), line);
}

export async function* jsonlPart(file: string, part: number, parts: number, progress: Progress): AsyncGenerator<RawItem[]> {
  let line = 0;
  let seg = 0;
  let segLines = 0;
  let out: RawItem[] = [];
  let partial: Buffer[] = []; // bytes of the current (own) line from earlier chunks
  let partialBytes = 0;
  let first = true;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    progress.bytes += buf.length;
    let start = 0;
    if (first && buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) start = 3;
    first = false;
    for (;;) {
      const nl = buf.indexOf(NL, start);
      const mine = seg % parts === part;
      if (nl === -1) {
        if (mine && start < buf.length) {
          partial.push(buf.subarray(start));
          partialBytes += buf.length - start;
          // An over-long line is not held: keep one empty marker and count its length.
          if (partialBytes > MAX_RECORD_CHARS) partial = [Buffer.alloc(0)];
        }
        break;
      }
      line++;
      if (mine) {
        let bytes: Buffer;
        const long = partialBytes + nl - start;
        if (partial.length) {
          partial.push(buf.subarray(start, nl));
          bytes = long > MAX_RECORD_CHARS ? Buffer.alloc(0) : Buffer.concat(partial);
          partial = [];
          partialBytes = 0;
        } else bytes = buf.subarray(start, nl);
        const item = long > MAX_RECORD_CHARS ? { line, error: tooLong(long) } : lineItem(bytes, line);
        if (item) out.push(item);
      }
      start = nl + 1;
      if (++segLines === SEGMENT_LINES) {
        if (mine) {
          yield out;
          out = [];
        }
        seg++;
        segLines = 0;
      }
    }
  }
  if (seg % parts === part) {
    if (partial.length) {
      const item = partialBytes > MAX_RECORD_CHARS ? { line: line + 1, error: tooLong(partialBytes) } : lineItem(Buffer.concat(partial), line + 1);
      if (item) out.push(item);
    }
    yield out;
  }
}
