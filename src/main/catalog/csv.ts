// Streaming CSV (RFC 4180: quoted fields, "" escapes, newlines inside quotes) to catalog records.
// Columns: the record's field names; `specifications` / `faq_answers` as JSON text, or `spec.KEY` / `faq.N`
// columns. Empty cells leave the field out (so a CSV can be a partial update).
import { ImportFileError, INVALID_UTF8, INVALID_UTF8_ERROR, MAX_RECORD_CHARS, type RawItem } from './sources';

type Row = { line: number; cells: string[]; error?: string };

/**
 * Rows of CSV text. A quoted field that is never closed (or grows past MAX_RECORD_CHARS) is not allowed to swallow
 * the rest of the file: its record is rejected with the line where the quote opened, and reading resumes on the
 * line after that one.
 */
async function* csvRows(chunks: AsyncIterable<string>, firstLine = 1): AsyncGenerator<Row[]> {
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either "" or the closing quote
  let line = firstLine;
  let rowLine = firstLine;
  let rowStarted = false;
  let quoteLine = 0;
  let raw: string[] | null = null; // the text after the line on which an open quote started (to resume from)
  let rawChars = 0;
  const unterminated = (): Row => ({ line: quoteLine, cells: [], error: `unterminated quoted field: the " opened on line ${quoteLine} is never closed` });
  const reset = (): void => {
    cells = [];
    cell = '';
    inQuotes = false;
    quotePending = false;
    rowStarted = false;
  };
  const it = chunks[Symbol.asyncIterator]();
  for (let next = await it.next(); !next.done; next = await it.next()) {
    const chunk = next.value;
    const out: Row[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (quotePending) {
        quotePending = false;
        if (c === '"') {
          cell += '"';
          raw?.push('"');
          continue;
        }
        if (raw && c !== ',' && c !== '\n' && c !== '\r') {
          // A quote spanning lines "closed" by a quote that is not followed by a delimiter: the field's opening
          // quote was never closed, and a later field's quote was taken for its end.
          out.push(unterminated());
          yield out;
          yield* csvRows(prepend(raw.join('') + chunk.slice(i), it), quoteLine + 1);
          return;
        }
        inQuotes = false;
        raw = null;
      }
      if (inQuotes) {
        if (c === '"') quotePending = true;
        else {
          if (c === '\n') line++;
          cell += c;
        }
        if (raw) {
          raw.push(c);
          if (++rawChars > MAX_RECORD_CHARS) {
            // Far too long for a field: treat the quote as never closed and resume after its line.
            out.push(unterminated());
            yield out;
            yield* csvRows(prepend(raw.join('') + chunk.slice(i + 1), it), quoteLine + 1);
            return;
          }
        } else if (c === '\n') {
          raw = [];
          rawChars = 0;
        }
        continue;
      }
      if (c === '"' && cell === '') {
        inQuotes = true;
        rowStarted = true;
        quoteLine = line;
        raw = null;
      } else if (c === ',') {
        cells.push(cell);
        cell = '';
        rowStarted = true;
      } else if (c === '\n') {
        if (rowStarted || cell !== '') {
          cells.push(cell);
          out.push({ line: rowLine, cells });
        }
        reset();
        line++;
        rowLine = line;
      } else if (c !== '\r') {
        cell += c;
        rowStarted = true;
      }
    }
    if (out.length) yield out;
  }
  if (inQuotes && !quotePending) {
    yield [unterminated()];
    if (raw) yield* csvRows(prepend(raw.join(''), it), quoteLine + 1);
    return;
  }
  if (rowStarted || cell !== '') {
    cells.push(cell);
    yield [{ line: rowLine, cells }];
  }
}

async function* prepend(text: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield text;
  for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
}

function scalar(v: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 ? Number(v) : v;
}

function toRecord(header: string[], row: Row): RawItem {
  if (row.error) return { line: row.line, error: row.error };
  if (row.cells.some((c) => c.includes(INVALID_UTF8))) return { line: row.line, error: INVALID_UTF8_ERROR };
  const rec: Record<string, unknown> = {};
  let specs: Record<string, string | number> | undefined;
  let faqs: string[] | undefined;
  for (let i = 0; i < header.length; i++) {
    const col = header[i];
    const v = row.cells[i] ?? '';
    if (v === '' || col === '') continue;
    if (col.startsWith('spec.')) (specs ??= {})[col.slice(5)] = scalar(v);
    else if (col.startsWith('faq.')) (faqs ??= []).push(v);
    else if (col === 'specifications' || col === 'faq_answers') {
      try {
        rec[col] = JSON.parse(v) as unknown;
      } catch {
        return { line: row.line, error: `${col} is not valid JSON` };
      }
    } else if (col === 'price') {
      const n = Number(v);
      if (!Number.isFinite(n)) return { line: row.line, error: `price must be a number, got "${v}"` };
      rec.price = n;
    } else rec[col] = v;
  }
  if (specs) rec.specifications = { ...(rec.specifications as object | undefined), ...specs };
  if (faqs) rec.faq_answers = [...(Array.isArray(rec.faq_answers) ? (rec.faq_answers as unknown[]) : []), ...faqs];
  if (row.cells.length > header.length && row.cells.slice(header.length).some((c) => c !== '')) {
    return { line: row.line, error: `${row.cells.length} cells but the header has ${header.length} columns` };
  }
  return { line: row.line, value: rec };
}

export async function* csvRecords(chunks: AsyncIterable<string>): AsyncGenerator<RawItem[]> {
  let header: string[] | undefined;
  for await (const rows of csvRows(chunks)) {
    const out: RawItem[] = [];
    for (const row of rows) {
      if (!header) {
        if (row.error) throw new ImportFileError(`the CSV header: ${row.error}`);
        header = row.cells.map((h) => h.trim());
        continue;
      }
      if (!row.error && row.cells.every((c) => c.trim() === '')) continue;
      out.push(toRecord(header, row));
    }
    if (out.length) yield out;
  }
}
