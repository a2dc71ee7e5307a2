import { describe, expect, it } from 'vitest';
import type { CatalogHit, Turn } from '../../src/shared/domain';
import { buildRetrievalQueries, retrieve } from '../../src/main/rag/retrieval';
import { extractEntities, isAnaphoric } from '../../src/main/rag/entities';

// A tiny term-overlap search standing in for the catalog's FTS (same contract: query → ranked hits).
const CATALOG: { id: string; name: string; kind: CatalogHit['kind']; text: string }[] = [
  { id: 'LAP-X1', name: 'ThinkPad X1 Carbon Gen 12', kind: 'product', text: 'laptop 14 inch 1.1 kg battery' },
  { id: 'PH-S24', name: 'Galaxy S24', kind: 'product', text: 'phone 6.2 inch camera battery' },
  { id: 'HP-XM5', name: 'Sony WH-1000XM5', kind: 'product', text: 'headphones noise cancelling battery 30 h' },
  { id: 'POL-RET', name: 'Return policy', kind: 'policy', text: 'return refund within 30 days receipt' },
  { id: 'POL-WAR', name: 'Warranty policy', kind: 'policy', text: 'warranty repair two years' },
];
const words = (s: string): string[] => s.toLowerCase().match(/[a-z0-9]+|[\u4e00-\u9fff]|[\uac00-\ud7af]+/g) ?? [];
function search(q: string, k: number): CatalogHit[] {
  const qw = new Set(words(q).filter((w) => !['the', 'for', 'it', 'is', 'what', 's', 'a', 'of'].includes(w)));
  return CATALOG.map((d) => {
    const dw = words(`${d.id} ${d.name} ${d.text}`);
    return { d, score: dw.filter((w) => qw.has(w)).length };
  })
    .filter((x) => x.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, k)
    .map(({ d, score }) => ({ productId: d.id, name: d.name, score, snippet: '', kind: d.kind }));
}

let nextId = 1;
function turn(speaker: Turn['speaker'], text: string, meta?: Turn['meta']): Turn {
  const id = nextId++;
  return { id, sessionId: 's', seq: id, speaker, text, status: 'complete', createdAt: 'x', updatedAt: 'x', meta };
}

describe('entities', () => {
  it('finds model codes and product names, not sentence starts or units', () => {
    expect(extractEntities('Hi, I bought a ThinkPad X1 Carbon last week with 16GB and a 65W charger.')).toEqual([
      'ThinkPad X1 Carbon',
    ]);
    expect(extractEntities('Return policy for it?')).toEqual([]);
    expect(extractEntities('Is the WH-1000XM5 better than SKU-4411?')).toEqual(['WH-1000XM5', 'SKU-4411']);
    expect(extractEntities('我想买“Galaxy S24”')).toEqual(['Galaxy S24']);
  });

  it('detects anaphora in English, Chinese and Korean', () => {
    for (const m of ["what's the return policy for it?", 'does this one come in blue', 'is that laptop heavy', '它的保修多久？', '这个有货吗', '그거 환불 돼요?', '이거 배터리 얼마나 가요?']) {
      expect(isAnaphoric(m), m).toBe(true);
    }
    expect(isAnaphoric('Do you sell headphones with noise cancelling?')).toBe(false);
  });
});

describe('buildRetrievalQueries / retrieve', () => {
  it("finds the laptop for \"what's the return policy for it?\"", () => {
    const history = [turn('customer', 'Hi, I bought a ThinkPad X1 Carbon last week.'), turn('agent', 'Thanks, let me check.')];
    const q = buildRetrievalQueries("what's the return policy for it?", history);
    expect(q.context[0]).toBe('ThinkPad X1 Carbon');
    expect(q.lean).toBe(true);
    const hits = retrieve({ message: "what's the return policy for it?", history, search, k: 5 });
    expect(hits[0].productId).toBe('LAP-X1');
    expect(hits.map((h) => h.productId)).toContain('POL-RET');
  });

  it('finds a product named 10 turns earlier (and one cited by the assistant)', () => {
    const history = [turn('customer', 'Do you have the Sony WH-1000XM5 in black?')];
    for (let i = 0; i < 9; i++) history.push(turn(i % 2 ? 'customer' : 'agent', i % 2 ? 'ok, and shipping takes how long?' : 'sure, one moment please'));
    const hits = retrieve({ message: 'can I return it?', history, search, k: 4 });
    expect(hits[0].productId).toBe('HP-XM5');

    const cited = [
      turn('customer', 'which phone has the best camera?'),
      turn('assistant', 'The Galaxy S24 has a 50 MP camera [Doc-1].', { citations: [{ n: 1, productId: 'PH-S24', name: 'Galaxy S24' }] }),
    ];
    expect(retrieve({ message: 'how long does its battery last?', history: cited, search, k: 3 })[0].productId).toBe('PH-S24');
  });

  it('puts a newly named product first on a topic switch', () => {
    const history = [turn('customer', 'Is the ThinkPad X1 Carbon in stock?'), turn('assistant', 'Yes it is.')];
    const q = buildRetrievalQueries('And what about the Galaxy S24, is it in stock?', history);
    expect(q.own).toEqual(['Galaxy S24']);
    expect(q.lean).toBe(false);
    const hits = retrieve({ message: 'And what about the Galaxy S24, is it in stock?', history, search, k: 5 });
    expect(hits[0].productId).toBe('PH-S24');
    expect(hits.map((h) => h.productId)).toContain('LAP-X1');
  });

  it('leans on context for short follow-ups and deduplicates hits', () => {
    const history = [turn('customer', 'Tell me about the ThinkPad X1 Carbon battery')];
    const hits = retrieve({ message: 'and the weight?', history, search, k: 5 });
    expect(hits[0].productId).toBe('LAP-X1');
    expect(new Set(hits.map((h) => h.productId)).size).toBe(hits.length);
    expect(buildRetrievalQueries('and the weight?', []).context).toEqual([]);
  });
});

describe('follow-ups keep the conversation\'s products', () => {
  it('puts the customer\'s own product ahead of one merely mentioned, both ahead of new matches', () => {
    const history = [
      turn('customer', 'I bought the ThinkPad X1 Carbon Gen 12 last week.'),
      turn('assistant', 'Noted [Doc-1].', { citations: [{ n: 1, productId: 'LAP-X1', name: 'ThinkPad X1 Carbon Gen 12' }] }),
      turn('customer', 'My colleague is asking about the Galaxy S24: is it in stock?'),
      turn('assistant', 'Yes [Doc-1].', { citations: [{ n: 1, productId: 'PH-S24', name: 'Galaxy S24' }] }),
    ];
    const byId = (id: string) => CATALOG.filter((d) => d.id === id).map((d) => ({ productId: d.id, name: d.name, kind: d.kind, score: 0, snippet: '' }))[0];
    const q = buildRetrievalQueries('What is the return policy for it if I already opened the box?', history);
    expect(q.contextOwned).toEqual([true, false]);
    const hits = retrieve({ message: 'What is the return policy for it if I already opened the box?', history, search, byId, k: 2 }).map((h) => h.productId);
    expect(hits).toEqual(['LAP-X1', 'PH-S24']); // never cut by k in favour of the policy match
  });

  it('a message naming another product puts that product first and keeps only the customer\'s own', () => {
    const history = [turn('customer', 'I bought the ThinkPad X1 Carbon Gen 12.'), turn('customer', 'Is the Galaxy S24 in stock?')];
    const hits = retrieve({ message: 'And the Sony WH-1000XM5?', history, search, k: 2 }).map((h) => h.productId);
    expect(hits).toEqual(['HP-XM5', 'LAP-X1']);
  });
});
