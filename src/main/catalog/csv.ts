// Streaming CSV (RFC 4180: quoted fields, "" escapes, newlines inside quotes) to catalog records.
// Columns: the record's field names; `specifications` / `faq_answers` as JSON text, or `spec.KEY` / `faq.N`
// columns. Empty cells leave the field out (so a CSV can be a partial update).
import type { RawItem } from './sources';

type Row = { line: number; cells: string[] };

async function* csvRows(chunks: AsyncIterable<string>): AsyncGenerator<Row[]> {
  let cells: string[] = [];
  let cell = '';
  let inQuotes = false;
  let quotePending = false; // saw a quote inside a quoted field: either "" or the closing quote
  let line = 1;
  let rowLine = 1;
  let rowStarted = false;
  for await (const chunk of chunks) {
    const out: Row[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i];
      if (quotePending) {
        quotePending = false;
        if (c === '"') {
          cell += '"';
          continue;
        }
        inQuotes = false;
      }
      if (inQuotes) {
        if (c === '"') quotePending = true;
        else {
          if (c === '\n') line++;
          cell += c;
        }
        continue;
      }
      if (c === '"' && cell === '') {
        inQuotes = true;
        rowStarted = true;
      } else if (c === ',') {
        cells.push(cell);
        cell = '';
        rowStarted = true;
      } else if (c === '\n') {
        if (rowStarted || cell !== '') {
          cells.push(cell);
          out.push({ line: rowLine, cells });
        }
        cells = [];
        cell = '';
        rowStarted = false;
        line++;
        rowLine = line;
      } else if (c !== '\r') {
        cell += c;
        rowStarted = true;
      }
    }
    if (out.length) yield out;
  }
  if (rowStarted || cell !== '') {
    cells.push(cell);
    yield [{ line: rowLine, cells }];
  }
}

function scalar(v: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(v) && v.length < 16 ? Number(v) : v;
}

function toRecord(header: string[], row: Row): RawItem {
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
        header = row.cells.map((h) => h.trim());
        continue;
      }
      if (row.cells.every((c) => c.trim() === '')) continue;
      out.push(toRecord(header, row));
    }
    if (out.length) yield out;
  }
}
