// Streaming readers: JSONL, JSON array and CSV files as batches of {line, value | error}, in constant memory.
import { createReadStream } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { csvRecords } from './csv';

export type RawItem = { line: number; value: unknown } | { line: number; error: string };
export type Format = 'jsonl' | 'json' | 'csv';

/** Thrown for a file that cannot be read as the format at all (not for bad records). */
export class ImportFileError extends Error {}

export interface Progress {
  bytes: number;
}

/**
 * Stands in for bytes that are not UTF-8 (a noncharacter, never valid text): the parsers reject a record holding it
 * with its line ("invalid UTF-8"), instead of importing U+FFFD silently.
 */
export const INVALID_UTF8 = '\uffff';
export const INVALID_UTF8_ERROR = 'invalid UTF-8: this record holds bytes that are not UTF-8 text (save the file as UTF-8)';
/** A record (a JSONL line, a JSON array element, a CSV record) longer than this is rejected without being held. */
export const MAX_RECORD_CHARS = 4 * 1024 * 1024;

/** Text of complete lines (a buffer ending in '\n' or the end of input): lines with invalid UTF-8 are marked. */
function linesText(b: Buffer): string {
  if (isUtf8(b)) return b.toString('utf8');
  const parts: string[] = [];
  for (let start = 0; start < b.length; ) {
    let nl = b.indexOf(10, start);
    if (nl === -1) nl = b.length - 1;
    const line = b.subarray(start, nl + 1);
    parts.push(isUtf8(line) ? line.toString('utf8') : line.toString('utf8').replace(/\ufffd/g, INVALID_UTF8));
    start = nl + 1;
  }
  return parts.join('');
}

/**
 * Text of a byte stream in chunks of whole lines (BOM dropped); `progress.bytes` counts bytes read so far. A line
 * holding bytes that are not UTF-8 gets INVALID_UTF8 where they were. A line longer than MAX_RECORD_CHARS × 2 bytes
 * is passed on in pieces (its record is rejected as too long anyway).
 */
export async function* decodeChunks(source: AsyncIterable<Uint8Array | string>, progress: Progress): AsyncGenerator<string> {
  let carry: Buffer | null = null;
  let first = true;
  for await (const chunk of source) {
    let b = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    progress.bytes += b.length;
    if (first && b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    first = false;
    if (carry) b = Buffer.concat([carry, b]);
    const nl = b.lastIndexOf(10);
    if (nl === -1 && b.length <= 2 * MAX_RECORD_CHARS) {
      carry = b;
      continue;
    }
    const end = nl === -1 ? b.length : nl + 1;
    carry = end < b.length ? b.subarray(end) : null;
    const text = linesText(b.subarray(0, end));
    if (text) yield text;
  }
  if (carry && carry.length) yield linesText(carry);
}

/** The file's text in chunks; `progress.bytes` counts bytes read so far. */
export function textChunks(file: string, progress: Progress, signal?: AbortSignal): AsyncGenerator<string> {
  return decodeChunks(createReadStream(file, { highWaterMark: 1 << 20, signal }) as AsyncIterable<Buffer>, progress);
}

function parseJson(text: string, line: number): RawItem {
  if (text.includes(INVALID_UTF8)) return { line, error: INVALID_UTF8_ERROR };
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { line, error: `invalid JSON: ${(err as Error).message}` };
  }
}

const tooLongRecord = (chars: number): string =>
  `record is over ${(MAX_RECORD_CHARS / 1048576).toFixed(0)} MB (${chars.toLocaleString('en-US')}+ characters); records (lines) are limited to ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters`;

/** JSON Lines: one record per line; blank lines skipped; a line over MAX_RECORD_CHARS is rejected, not held. */
export async function* jsonlItems(chunks: AsyncIterable<string>): AsyncGenerator<RawItem[]> {
  let carry = '';
  let line = 0;
  let skipping = 0; // characters of an over-long line dropped so far (0: not skipping)
  for await (const chunk of chunks) {
    const out: RawItem[] = [];
    let text: string;
    let start = 0;
    if (skipping > 0) {
      const nl = chunk.indexOf('\n');
      if (nl === -1) {
        skipping += chunk.length;
        continue;
      }
      out.push({ line: ++line, error: tooLongRecord(skipping + nl) });
      skipping = 0;
      text = chunk;
      start = nl + 1;
    } else text = carry + chunk;
    for (let nl = text.indexOf('\n', start); nl !== -1; nl = text.indexOf('\n', start)) {
      line++;
      if (nl - start > MAX_RECORD_CHARS) out.push({ line, error: tooLongRecord(nl - start) });
      else {
        const s = text.slice(start, nl);
        if (s.trim() !== '') out.push(parseJson(s, line));
      }
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_RECORD_CHARS) {
      skipping = carry.length;
      carry = '';
    }
    if (out.length) yield out;
  }
  if (skipping > 0) yield [{ line: line + 1, error: tooLongRecord(skipping) }];
  else if (carry.trim() !== '') yield [parseJson(carry, line + 1)];
}

/** A JSON array of records, split element by element (each element parsed on its own). */
export async function* jsonArrayItems(chunks: AsyncIterable<string>): AsyncGenerator<RawItem[]> {
  let phase: 'start' | 'array' | 'elem' | 'end' = 'start';
  let line = 1;
  let carry = '';
  let elemLine = 1;
  let depth = 0;
  let inStr = false;
  let esc = false;
  for await (const chunk of chunks) {
    const out: RawItem[] = [];
    let elemStart = 0;
    const finish = (end: number): void => {
      out.push(parseJson(carry + chunk.slice(elemStart, end), elemLine));
      carry = '';
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (c === '\n') line++;
      if (phase === 'elem') {
        if (inStr) {
          if (esc) esc = false;
          else if (c === '\\') esc = true;
          else if (c === '"') inStr = false;
        } else if (c === '"') inStr = true;
        else if (c === '{' || c === '[') depth++;
        else if (c === '}' || c === ']') {
          if (depth === 0) {
            finish(i);
            phase = 'end';
          } else if (--depth === 0) {
            finish(i + 1);
            phase = 'array';
          }
        } else if (c === ',' && depth === 0) {
          finish(i);
          phase = 'array';
        }
        continue;
      }
      if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
      if (phase === 'start') {
        if (c !== '[') throw new ImportFileError(`not a JSON array (line ${line} starts with "${c}")`);
        phase = 'array';
      } else if (phase === 'array') {
        if (c === ',') continue;
        if (c === ']') {
          phase = 'end';
          continue;
        }
        phase = 'elem';
        elemStart = i;
        elemLine = line;
        depth = 0;
        inStr = false;
        esc = false;
        i--; // re-read this character as part of the element
      } else throw new ImportFileError(`unexpected "${c}" after the end of the JSON array (line ${line})`);
    }
    if (phase === 'elem') carry += chunk.slice(elemStart);
    if (out.length) yield out;
  }
  if (phase === 'elem' && carry.trim() !== '') yield [{ line: elemLine, error: 'invalid JSON: the array ends in the middle of this record' }];
  else if ((phase as string) !== 'end') throw new ImportFileError(phase === 'start' ? 'empty file: expected a JSON array' : 'the JSON array is not closed');
}

/** Format from the extension, else sniffed from the first non-blank character (CSV when neither [ nor {). */
export function formatFromName(file: string): Format | undefined {
  const m = /\.(jsonl|ndjson|json|csv)$/i.exec(file);
  if (!m) return undefined;
  const ext = m[1].toLowerCase();
  return ext === 'json' ? 'json' : ext === 'csv' ? 'csv' : 'jsonl';
}

export function sniffFormat(head: string): Format {
  const t = head.trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) return 'jsonl';
  return 'csv';
}

export function itemsOf(format: Format, chunks: AsyncIterable<string>): AsyncGenerator<RawItem[]> {
  if (format === 'json') return jsonArrayItems(chunks);
  if (format === 'csv') return csvRecords(chunks);
  return jsonlItems(chunks);
}
