import { describe, expect, it, vi } from 'vitest';
import type { CatalogHit } from '../../src/shared/domain';
import { cachedSearch, resultBytes, SEARCH_RESULT_EVENT, SHARE_BATCH_MAX, SHARE_BATCH_MS, shareSearchResults, type ResultLink } from '../../src/main/rag/search-cache';
import { retrieve } from '../../src/main/rag/retrieval';
import type { Turn } from '../../src/shared/domain';

const hit = (id: string): CatalogHit => ({ productId: id, name: id, score: 1, snippet: '', kind: 'product' });

describe('cachedSearch', () => {
  it('answers repeated queries from memory until the catalog generation or the TTL changes', () => {
    const calls: string[] = [];
    let gen = 'g1';
    let t = 0;
    const search = cachedSearch((q, k) => (calls.push(`${q}/${k}`), [hit(q)]), () => gen, { ttlMs: 1000, now: () => t });
    expect(search('ThinkPad', 5)).toEqual([hit('ThinkPad')]);
    search(' thinkpad ', 5);
    expect(calls).toEqual(['ThinkPad/5']);
    search('ThinkPad', 6); // another k is another query
    expect(calls).toHaveLength(2);
    gen = 'g2'; // an import happened
    search('ThinkPad', 5);
    expect(calls).toHaveLength(3);
    t = 5000; // expired
    search('ThinkPad', 5);
    expect(calls).toHaveLength(4);
  });

  it('spreads expiries over the last quarter of the TTL, never past it', () => {
    const calls: string[] = [];
    let t = 0;
    const rolls = [0, 0.5, 0.999];
    let r = 0;
    const search = cachedSearch((q) => (calls.push(q), [hit(q)]), () => 'g', { ttlMs: 1000, now: () => t, random: () => rolls[r++ % 3]! });
    for (const q of ['a', 'b', 'c']) search(q, 1); // live until 750, 875 and ~1000
    t = 749;
    for (const q of ['a', 'b', 'c']) search(q, 1);
    expect(calls).toEqual(['a', 'b', 'c']);
    t = 800;
    for (const q of ['a', 'b', 'c']) search(q, 1);
    expect(calls).toEqual(['a', 'b', 'c', 'a']);
    t = 1000;
    search('b', 1);
    search('c', 1);
    expect(calls).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('evicts the least recently used entry past its size', () => {
    const calls: string[] = [];
    const search = cachedSearch((q) => (calls.push(q), [hit(q)]), () => 'g', { size: 2 });
    search('a', 1);
    search('b', 1);
    search('a', 1); // a is now the most recent
    search('c', 1); // evicts b
    search('a', 1);
    search('b', 1);
    expect(calls).toEqual(['a', 'b', 'c', 'b']);
  });

  it('keeps results within its byte budget: many small entity results, few large question results', () => {
    const calls: string[] = [];
    const big = (q: string): CatalogHit[] => Array.from({ length: 20 }, (_, i) => ({ ...hit(`${q}-${i}`), snippet: 'x'.repeat(200) }));
    const bigBytes = resultBytes(`20\u0000q0`, big('q0'));
    const search = cachedSearch((q, k) => (calls.push(q), k === 1 ? [hit(q)] : big(q)), () => 'g', { maxBytes: 3 * bigBytes });
    for (const q of ['q0', 'q1', 'q2', 'q3']) search(q, 20); // the fourth pushes q0 out
    expect(search.stats.entries).toBe(3);
    expect(search.stats.bytes).toBeLessThanOrEqual(3 * bigBytes);
    search('q1', 20);
    expect(calls).toEqual(['q0', 'q1', 'q2', 'q3']);
    search('q0', 20);
    expect(calls).toHaveLength(5);
    // one-hit results are small: dozens fit where three 20-hit results did
    for (let i = 0; i < 40; i++) search(`e${i}`, 1);
    for (let i = 0; i < 40; i++) search(`e${i}`, 1);
    expect(calls).toHaveLength(45);
    expect(search.stats.bytes).toBeLessThanOrEqual(3 * bigBytes);
    // a result larger than the whole budget is answered and not kept
    const tiny = cachedSearch((q) => (calls.push(q), big(q)), () => 'g', { maxBytes: 100 });
    tiny('huge', 20);
    tiny('huge', 20);
    expect(calls.filter((c) => c === 'huge')).toHaveLength(2);
    expect(tiny.stats).toEqual({ entries: 0, bytes: 0 });
  });
});

/** Two processes' links: what one publishes reaches the other's listeners, JSON-serialised like Node's IPC. */
function linkPair(): [ResultLink, ResultLink] {
  const listeners: Array<Set<(event: string, payload: unknown) => void>> = [new Set(), new Set()];
  const side = (me: number): ResultLink => ({
    publish: (event, payload) => {
      const copy = JSON.parse(JSON.stringify(payload)) as unknown;
      for (const l of listeners[1 - me]!) l(event, copy);
    },
    onEvent: (l) => {
      listeners[me]!.add(l);
      return () => listeners[me]!.delete(l);
    },
  });
  return [side(0), side(1)];
}

describe('shareSearchResults (serve processes)', () => {
  it('a result computed in one process is a hit in the other; nothing is computed twice', () => {
    const calls: string[] = [];
    const make = (name: string) => cachedSearch((q, k) => (calls.push(`${name}:${q}/${k}`), [hit(q)]), () => 'g1');
    const a = make('a');
    const b = make('b');
    const [la, lb] = linkPair();
    shareSearchResults(a, la, { batchMs: 0 });
    const off = shareSearchResults(b, lb, { batchMs: 0 });
    expect(a('ThinkPad X1', 20)).toEqual([hit('ThinkPad X1')]);
    expect(b(' thinkpad x1 ', 20)).toEqual([hit('ThinkPad X1')]);
    expect(b('MX Master', 20)).toEqual([hit('MX Master')]);
    expect(a('mx master', 20)).toEqual([hit('MX Master')]);
    expect(calls).toEqual(['a:ThinkPad X1/20', 'b:MX Master/20']);
    off(); // b stops sharing: its results stay its own, and it takes no more of a's
    b('T14', 20);
    a('T14', 20);
    a('Z13', 20);
    b('Z13', 20);
    expect(calls.slice(2)).toEqual(['b:T14/20', 'a:T14/20', 'a:Z13/20', 'b:Z13/20']);
  });

  it('ignores a malformed result and one of another catalog generation', () => {
    const calls: string[] = [];
    let gen = 'g2';
    const c = cachedSearch((q) => (calls.push(q), [hit(q)]), () => gen);
    expect(c.adopt({ key: '20\u0000x', gen: 'g2', hits: [{ productId: 1 }] })).toBe(false);
    expect(c.adopt('nonsense')).toBe(false);
    expect(c.adopt({ key: '20\u0000x', gen: 'g1', hits: [hit('old')] })).toBe(false); // computed before an import ended
    expect(c.adopt({ key: '20\u0000y', gen: 'g2', hits: [hit('y-elsewhere')] })).toBe(true);
    expect(c('x', 20)).toEqual([hit('x')]);
    expect(c('y', 20)).toEqual([hit('y-elsewhere')]);
    gen = 'g3';
    expect(c('y', 20)).toEqual([hit('y')]);
    expect(calls).toEqual(['x', 'y']);
  });

  it('keeps another process\'s result without a generation read of its own once a lookup read one', () => {
    let reads = 0;
    let gen = 'g1';
    const c = cachedSearch((q) => [hit(q)], () => (reads++, gen));
    c('a', 20);
    expect(reads).toBe(1);
    for (let i = 0; i < 5; i++) expect(c.adopt({ key: `20\u0000q${i}`, gen: 'g1', hits: [hit(`q${i}`)] })).toBe(true);
    expect(reads).toBe(1); // a result of the generation the last lookup read: kept, nothing read
    expect(c('q3', 20)).toEqual([hit('q3')]);
    gen = 'g2'; // an import ended: the lookup reads it and drops the adopted result
    expect(c('q4', 20)).toEqual([hit('q4')]);
    expect(c.adopt({ key: '20\u0000z', gen: 'g1', hits: [hit('z-old')] })).toBe(false);
  });

  it('sends the results of a window in one message, at once past SHARE_BATCH_MAX; the other process keeps each', () => {
    vi.useFakeTimers();
    try {
      const sent: unknown[][] = [];
      const listeners: Array<(event: string, payload: unknown) => void> = [];
      const a = cachedSearch((q) => [hit(q)], () => 'g');
      const calls: string[] = [];
      const b = cachedSearch((q) => (calls.push(q), [hit(`b-${q}`)]), () => 'g');
      shareSearchResults(a, { publish: (_e, p) => sent.push(JSON.parse(JSON.stringify(p)) as unknown[]), onEvent: () => () => undefined });
      shareSearchResults(b, { publish: () => undefined, onEvent: (l) => (listeners.push(l), () => undefined) });
      for (const q of ['x', 'y', 'z']) a(q, 20);
      expect(sent).toHaveLength(0);
      vi.advanceTimersByTime(SHARE_BATCH_MS);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toHaveLength(3);
      for (const l of listeners) l(SEARCH_RESULT_EVENT, sent[0]);
      expect(['x', 'y', 'z'].map((q) => b(q, 20)[0]!.productId)).toEqual(['x', 'y', 'z']);
      expect(calls).toEqual([]);
      // a burst: a message as soon as SHARE_BATCH_MAX are gathered, the rest after the window
      for (let i = 0; i < SHARE_BATCH_MAX + 5; i++) a(`burst ${i}`, 20);
      expect(sent).toHaveLength(2);
      expect(sent[1]).toHaveLength(SHARE_BATCH_MAX);
      vi.advanceTimersByTime(SHARE_BATCH_MS);
      expect(sent[2]).toHaveLength(5);
      // what is not a batch of ours is ignored: no array, too long, malformed entries (the valid one still kept)
      for (const l of listeners) {
        l(SEARCH_RESULT_EVENT, { key: '20\u0000w', gen: 'g', hits: [] });
        l(SEARCH_RESULT_EVENT, Array.from({ length: SHARE_BATCH_MAX + 1 }, (_, i) => ({ key: `20\u0000long${i}`, gen: 'g', hits: [hit('long')] })));
        l(SEARCH_RESULT_EVENT, [{ key: 7 }, { key: '20\u0000v', gen: 'g', hits: [hit('v-shared')] }]);
      }
      expect(b('w', 20)[0]!.productId).toBe('b-w');
      expect(b('long3', 20)[0]!.productId).toBe('b-long3');
      expect(b('v', 20)[0]!.productId).toBe('v-shared');
    } finally {
      vi.useRealTimers();
    }
  });

  it('publishes under its own event name, which the contract bus does not know', async () => {
    const { isEventName } = await import('../../src/shared/contract');
    const seen: string[] = [];
    const c = cachedSearch((q) => [hit(q)], () => 'g');
    shareSearchResults(c, { publish: (event) => seen.push(event), onEvent: () => () => undefined }, { batchMs: 0 });
    c('a', 1);
    expect(seen).toEqual([SEARCH_RESULT_EVENT]);
    expect(isEventName(SEARCH_RESULT_EVENT)).toBe(false); // clusterBus drops it: no /api/events client sees it
  });
});

describe('retrieve with cited products', () => {
  it('looks products cited by earlier answers up by id instead of searching their names again', () => {
    const now = new Date().toISOString();
    const history: Turn[] = [
      { id: 1, sessionId: 's', seq: 1, speaker: 'customer', text: 'Does the MX Master 3S work on glass?', status: 'complete', createdAt: now, updatedAt: now },
      {
        id: 2, sessionId: 's', seq: 2, speaker: 'assistant', text: 'Yes [Doc-1].', status: 'complete', createdAt: now, updatedAt: now,
        meta: { citations: [{ n: 1, productId: 'ACC-MSE-WL-001', name: 'Logitech MX Master 3S' }] },
      },
    ];
    const searched: string[] = [];
    const hits = retrieve({
      message: 'Can I return it?',
      history,
      k: 5,
      search: (q) => (searched.push(q), []),
      byId: (id) => (id === 'ACC-MSE-WL-001' ? hit(id) : undefined),
    });
    expect(hits[0].productId).toBe('ACC-MSE-WL-001');
    expect(searched).not.toContain('Logitech MX Master 3S');
  });
});

describe('relevant', () => {
  it('drops weak matches under the floor but keeps the top 3 and conversation lookups', async () => {
    const { relevant } = await import('../../src/main/rag/engine-policy');
    const h = (id: string, score: number): CatalogHit => ({ productId: id, name: id, score, snippet: '', kind: 'product' });
    const hits = [h('a', 100), h('b', 5), h('c', 4), h('d', 3), h('ctx', 0), h('e', 20)];
    expect(relevant(hits, 0.1).map((x) => x.productId)).toEqual(['a', 'b', 'c', 'ctx', 'e']);
    expect(relevant(hits, 0).map((x) => x.productId)).toEqual(['a', 'b', 'c', 'd', 'ctx', 'e']);
  });
});
