// How prepared batches cross the worker boundary: one UTF-8 buffer per batch, transferred (not cloned).
// Structured clone of thousands of small objects cost more main-thread time than the parsing it saved;
// a transferred buffer costs one decode and one split. Records are separated by RS, fields by US; an index
// column equal to its value column is sent as SAME, a null as NUL. Items whose text contains these control
// characters, documents and errors travel as JSON (which escapes control characters).
import type { BodyColumns, HeadColumns } from './fts';
import type { Item, PreparedProduct } from './prepare';

const RS = '\u0002';
const US = '\u0001';
const NUL = '\u0003';
const SAME = '\u0004';
const CONTROL = /[\u0001-\u0004]/;
const HEAD_SAME = [0, 6, 1] as const; // name, brand, category value slots
const BODY_SAME = [2, 3, 4, 11] as const; // specifications, FAQs, policy, manual value slots
const PRICE = 7;

function productFields(it: { line: number; product: PreparedProduct }): string[] | undefined {
  const p = it.product;
  const f: string[] = ['P', String(it.line), p.productId, String(p.mask), p.hash];
  for (const v of p.values) f.push(v === null ? NUL : String(v));
  HEAD_SAME.forEach((v, i) => f.push(p.head[i] === p.values[v] ? SAME : p.head[i]));
  f.push(p.head[3]);
  BODY_SAME.forEach((v, i) => f.push(p.body[i] === (p.values[v] ?? '') ? SAME : p.body[i]));
  for (const x of f) if (CONTROL.test(x)) return undefined;
  return f;
}

export function encodeBatch(items: readonly Item[]): Uint8Array {
  const recs: string[] = [];
  for (const it of items) {
    const f = 'product' in it ? productFields(it) : undefined;
    recs.push(f ? f.join(US) : `O${US}${JSON.stringify(it)}`);
  }
  return new TextEncoder().encode(recs.join(RS));
}

export function decodeBatch(bytes: Uint8Array): Item[] {
  const text = new TextDecoder().decode(bytes);
  if (text === '') return [];
  const out: Item[] = [];
  for (const rec of text.split(RS)) {
    const f = rec.split(US);
    if (f[0] === 'O') {
      out.push(JSON.parse(f[1]) as Item);
      continue;
    }
    const values: unknown[] = f.slice(5, 17).map((x) => (x === NUL ? null : x));
    if (values[PRICE] !== null) values[PRICE] = Number(values[PRICE]);
    const h = (k: number): string => (f[17 + k] === SAME ? ((values[HEAD_SAME[k]] as string | null) ?? '') : f[17 + k]);
    const head: HeadColumns = [h(0), h(1), h(2), f[20]];
    const b = (k: number): string => (f[21 + k] === SAME ? ((values[BODY_SAME[k]] as string | null) ?? '') : f[21 + k]);
    const body: BodyColumns = [b(0), b(1), b(2), b(3)];
    out.push({ line: Number(f[1]), product: { productId: f[2], mask: Number(f[3]), hash: f[4], values, head, body } });
  }
  return out;
}
