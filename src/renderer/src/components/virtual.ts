// Windowing math for long lists: rows have an estimated height until measured; offsets are prefix sums; the
// visible range is found by binary search. Pure (the VirtualList component feeds it measurements).

export class HeightMap {
  private keys: readonly string[] = [];
  private readonly measured = new Map<string, number>();
  private offsets: number[] | null = null;

  constructor(private readonly estimate: number) {}

  setKeys(keys: readonly string[]): void {
    if (keys === this.keys) return;
    this.keys = keys;
    this.offsets = null;
  }

  /** Records a measured height; true when it changed the layout. */
  measure(key: string, height: number): boolean {
    const h = Math.max(0, Math.round(height));
    if (this.measured.get(key) === h) return false;
    this.measured.set(key, h);
    this.offsets = null;
    return true;
  }

  height(index: number): number {
    const key = this.keys[index];
    return key === undefined ? 0 : (this.measured.get(key) ?? this.estimate);
  }

  /** offsets[i] = top of row i; offsets[length] = total height. */
  layout(): readonly number[] {
    if (this.offsets) return this.offsets;
    const out = new Array<number>(this.keys.length + 1);
    out[0] = 0;
    for (let i = 0; i < this.keys.length; i++) out[i + 1] = out[i]! + this.height(i);
    this.offsets = out;
    return out;
  }

  total(): number {
    const o = this.layout();
    return o[o.length - 1] ?? 0;
  }

  count(): number {
    return this.keys.length;
  }

  /** Forgets heights of rows no longer listed (a session switch). */
  prune(): void {
    const live = new Set(this.keys);
    for (const k of [...this.measured.keys()]) if (!live.has(k)) this.measured.delete(k);
  }
}

/** The first index whose row ends below `y`. */
export function indexAt(offsets: readonly number[], y: number): number {
  const n = offsets.length - 1;
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (offsets[mid + 1]! <= y) lo = mid + 1;
    else hi = mid;
  }
  return Math.min(lo, Math.max(0, n - 1));
}

/** Rows to render for a viewport, with `overscan` pixels above and below; end is exclusive. */
export function visibleRange(offsets: readonly number[], scrollTop: number, viewport: number, overscan: number): { start: number; end: number } {
  const n = offsets.length - 1;
  if (n <= 0) return { start: 0, end: 0 };
  const start = indexAt(offsets, Math.max(0, scrollTop - overscan));
  const end = indexAt(offsets, Math.max(0, scrollTop + viewport + overscan - 1)) + 1;
  return { start, end: Math.min(n, Math.max(end, start + 1)) };
}

/** Within `slack` pixels of the bottom: new content keeps the view pinned there. */
export function atBottom(scrollTop: number, viewport: number, scrollHeight: number, slack = 48): boolean {
  return scrollHeight - (scrollTop + viewport) <= slack;
}
