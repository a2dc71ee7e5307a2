// One part of a JSONL file for one of several import workers: every worker reads the whole file but only counts
// the lines of the segments that are not its own (a byte scan for '\n'); it decodes and parses segment s when
// s % parts === part. Segments are SEGMENT_LINES lines, so line numbers stay exact and the main thread restores
// file order by taking segments round-robin. Same items as jsonlItems (blank lines skipped, BOM dropped, a last
// line without '\n' read, invalid UTF-8 replaced), one batch per own segment (possibly empty).
import { createReadStream } from 'node:fs';
import type { Progress, RawItem } from './sources';

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

export async function* jsonlPart(file: string, part: number, parts: number, progress: Progress): AsyncGenerator<RawItem[]> {
  let line = 0;
  let seg = 0;
  let segLines = 0;
  let out: RawItem[] = [];
  let partial: Buffer[] = []; // bytes of the current (own) line from earlier chunks
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
        if (mine && start < buf.length) partial.push(buf.subarray(start));
        break;
      }
      line++;
      if (mine) {
        let text: string;
        if (partial.length) {
          partial.push(buf.subarray(start, nl));
          text = Buffer.concat(partial).toString('utf8');
          partial = [];
        } else text = buf.toString('utf8', start, nl);
        const item = parseLine(text, line);
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
      const item = parseLine(Buffer.concat(partial).toString('utf8'), line + 1);
      if (item) out.push(item);
    }
    yield out;
  }
}
