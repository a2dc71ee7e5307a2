// How prepared batches cross the worker boundary: the UTF-8 bytes of every string field back to back in one
// buffer, plus an Int32Array of (start, end) byte offsets per field, all transferred (not cloned). The main thread
// never decodes these strings: the writer binds byte ranges straight into SQLite (as blobs, cast to TEXT for the
// products row; FTS5 reads a blob as UTF-8 text). An index column equal to its value column points at the same
// bytes. Documents and errors (rare) travel as one JSON array beside them.
import type { BodyColumns, HeadColumns } from './fts';
import type { Item, PreparedProduct } from './prepare';

/** Field slots of a product: product id, hash, the 12 values, 4 head and 4 body index columns. */
export const SLOT = { id: 0, hash: 1, value: 2, head: 14, body: 18 } as const;
const SLOTS = 22;
/** Int32s per product: line, mask, then (start, end) per slot; start -1 is null. */
export const PRODUCT_INTS = 2 + 2 * SLOTS;
const PRICE = 7; // values index of price (a number, sent in `prices`)

export interface WireBatch {
  /** Number of items. */
  count: number;
  /** Per item: 1 product, 0 other (the next element of `others`). */
  kinds: Uint8Array;
  ints: Int32Array;
  prices: Float64Array;
  text: Uint8Array;
  /** JSON array of the non-product items, in order. */
  others: string;
}

/** The buffers to transfer with a batch. */
export function transferList(b: WireBatch): ArrayBuffer[] {
  return [b.kinds.buffer, b.ints.buffer, b.prices.buffer, b.text.buffer] as ArrayBuffer[];
}

class TextSink {
  buf = Buffer.from(new ArrayBuffer(1 << 20));
  pos = 0;

  /** Appends `s`, returning its start (its end is `this.pos`). */
  put(s: string): number {
    const need = this.pos + s.length * 3;
    if (need > this.buf.length) {
      const next = Buffer.from(new ArrayBuffer(Math.max(need, this.buf.length * 2)));
      this.buf.copy(next, 0, 0, this.pos);
      this.buf = next;
    }
    const start = this.pos;
    this.pos += this.buf.write(s, start);
    return start;
  }
}

export function encodeBatch(items: readonly Item[]): WireBatch {
  const kinds = new Uint8Array(items.length);
  let products = 0;
  for (const it of items) if ('product' in it) products++;
  const ints = new Int32Array(products * PRODUCT_INTS);
  const prices = new Float64Array(products);
  const sink = new TextSink();
  const others: Item[] = [];
  let k = 0;
  let n = 0;
  const slot = (i: number, s: string | null): void => {
    const o = k + 2 + 2 * i;
    if (s === null) {
      ints[o] = -1;
      ints[o + 1] = -1;
      return;
    }
    ints[o] = sink.put(s);
    ints[o + 1] = sink.pos;
  };
  const same = (i: number, from: number): void => {
    ints[k + 2 + 2 * i] = ints[k + 2 + 2 * from];
    ints[k + 3 + 2 * i] = ints[k + 3 + 2 * from];
  };
  items.forEach((it, idx) => {
    if (!('product' in it)) {
      others.push(it);
      return;
    }
    kinds[idx] = 1;
    const p = it.product;
    ints[k] = it.line;
    ints[k + 1] = p.mask;
    slot(SLOT.id, p.productId);
    slot(SLOT.hash, p.hash);
    for (let i = 0; i < 12; i++) {
      const v = p.values[i];
      if (i === PRICE) {
        slot(SLOT.value + i, v === null ? null : '');
        prices[n] = v === null ? 0 : (v as number);
      } else slot(SLOT.value + i, v === null ? null : (v as string));
    }
    const head = [0, 6, 1] as const; // name, brand, category value slots
    head.forEach((v, i) => (p.values[v] !== null && p.head[i] === p.values[v] ? same(SLOT.head + i, SLOT.value + v) : slot(SLOT.head + i, p.head[i])));
    slot(SLOT.head + 3, p.head[3]);
    const body = [2, 3, 4, 11] as const; // specifications, FAQs, policy, manual value slots
    body.forEach((v, i) => (p.body[i] === p.values[v] ? same(SLOT.body + i, SLOT.value + v) : slot(SLOT.body + i, p.body[i])));
    k += PRODUCT_INTS;
    n++;
  });
  const text = new Uint8Array(sink.buf.buffer, 0, sink.pos);
  return { count: items.length, kinds, ints, prices, text, others: others.length ? JSON.stringify(others) : '' };
}

/** Reads a batch item by item (the writer applies any number of items at a time across batches). */
export class WireCursor {
  /** Next item index. */
  item = 0;
  /** Int32 offset of the next product. */
  k = 0;
  /** Index of the next product (for prices). */
  n = 0;
  private other = 0;
  private othersParsed: Item[] | undefined;
  readonly buf: Buffer;

  constructor(readonly b: WireBatch) {
    this.buf = Buffer.from(b.text.buffer, b.text.byteOffset, b.text.length);
  }

  get remaining(): number {
    return this.b.count - this.item;
  }

  nextOther(): Item {
    this.othersParsed ??= JSON.parse(this.b.others) as Item[];
    return this.othersParsed[this.other++];
  }

  /** Bytes of slot `i` of the product at `k`, or null. */
  bytes(k: number, i: number): Uint8Array | null {
    const s = this.b.ints[k + 2 + 2 * i];
    return s < 0 ? null : this.b.text.subarray(s, this.b.ints[k + 3 + 2 * i]);
  }

  str(k: number, i: number): string | null {
    const s = this.b.ints[k + 2 + 2 * i];
    return s < 0 ? null : this.buf.toString('utf8', s, this.b.ints[k + 3 + 2 * i]);
  }

  /** The product at `k` (index `n`) as a PreparedProduct with strings (the slow paths). */
  product(k: number, n: number): { line: number; product: PreparedProduct } {
    const values: unknown[] = [];
    for (let i = 0; i < 12; i++) values.push(i === PRICE ? (this.b.ints[k + 2 + 2 * (SLOT.value + i)] < 0 ? null : this.b.prices[n]) : this.str(k, SLOT.value + i));
    const s = (i: number): string => this.str(k, i) ?? '';
    const head: HeadColumns = [s(SLOT.head), s(SLOT.head + 1), s(SLOT.head + 2), s(SLOT.head + 3)];
    const body: BodyColumns = [s(SLOT.body), s(SLOT.body + 1), s(SLOT.body + 2), s(SLOT.body + 3)];
    const product = { productId: s(SLOT.id), mask: this.b.ints[k + 1], values, hash: s(SLOT.hash), head, body };
    return { line: this.b.ints[k], product };
  }
}

export function decodeBatch(b: WireBatch): Item[] {
  const c = new WireCursor(b);
  const out: Item[] = [];
  for (; c.item < b.count; c.item++) {
    if (b.kinds[c.item] === 0) {
      out.push(c.nextOther());
      continue;
    }
    out.push(c.product(c.k, c.n));
    c.k += PRODUCT_INTS;
    c.n++;
  }
  return out;
}
