import { describe, expect, it } from 'vitest';
import type { CatalogHit } from '../../src/shared/domain';
import { cachedSearch } from '../../src/main/rag/search-cache';
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
