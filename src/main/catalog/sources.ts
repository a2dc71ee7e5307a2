// Streaming readers: JSONL, JSON array and CSV files as batches of {line, value | error}, in constant memory.
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { csvRecords } from './csv';

export type RawItem = { line: number; value: unknown } | { line: number; error: string };
export type Format = 'jsonl' | 'json' | 'csv';

/** Thrown for a file that cannot be read as the format at all (not for bad records). */
export class ImportFileError extends Error {}

export interface Progress {
  bytes: number;
}

/** The file's text in chunks; `progress.bytes` counts bytes read so far. */
export async function* textChunks(file: string, progress: Progress, signal?: AbortSignal): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let first = true;
  for await (const buf of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const b = buf as Buffer;
    progress.bytes += b.length;
    let text = decoder.write(b);
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

function parseJson(text: string, line: number): RawItem {
  try {
    return { line, value: JSON.parse(text) as unknown };
  } catch (err) {
    return { line, error: `invalid JSON: ${(err as Error).message}` };
  }
}

/** JSON Lines: one record per line; blank lines skipped. */
export async function* jsonlItems(chunks: AsyncIterable<string>): AsyncGenerator<RawItem[]> {
  let carry = '';
  let line = 0;
  for await (const chunk of chunks) {
    const text = carry + chunk;
    const out: RawItem[] = [];
    let start = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      line++;
      const s = text.slice(start, nl);
      if (s.trim() !== '') out.push(parseJson(s, line));
      start = nl + 1;
    }
    carry = text.slice(start);
    if (out.length) yield out;
  }
  if (carry.trim() !== '') yield [parseJson(carry, line + 1)];
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
