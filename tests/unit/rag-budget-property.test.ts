// Property test: over random sessions and catalogs, no assembled request ever exceeds the window (counted
// exactly with o200k), history is the newest suffix, documents are a rank prefix, the new message is last.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Turn, TurnStatus, Speaker } from '../../src/shared/domain';
import { assembleContext, JOIN_SLACK, type BudgetDoc } from '../../src/main/rag/budget';
import { PASSAGE_GAP } from '../../src/main/rag/passages';
import { turnMessage } from '../../src/main/rag/history';
import { systemPrompt } from '../../src/main/rag/prompt';
import { TokenCache } from '../../src/main/rag/token-cache';
import {
  createExactCounter,
  MESSAGE_OVERHEAD,
  REPLY_PRIMER,
  safetyMargin,
  upperBoundCounter,
  type TokenCounter,
} from '../../src/main/rag/tokens';

/** mulberry32: a small seeded PRNG so every failure is reproducible from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EN = 'the battery laptop return policy refund within days warranty screen stock available price order shipping ThinkPad X1 Carbon USB-C charger 65W overheating customer please thanks'.split(' ');
const ZH = '这个笔记本电脑电池续航退货政策多少天保修屏幕库存价格订单发货充电器过热请谢谢您好'.split('');
const KO = ['배터리', '노트북', '반품', '정책', '환불', '보증', '화면', '재고', '가격', '주문', '배송', '충전기', '감사합니다', '안녕하세요'];
const ODD = ['😀', '🔋', '<|endoftext|>', '\n\n', '   ', '[Doc-3]', '【Doc-2】', '©', '\t', '0x1F', '12345678901234'];

function text(r: () => number, minChars: number, maxChars: number): string {
  const target = minChars + Math.floor(r() * (maxChars - minChars));
  const out: string[] = [];
  let len = 0;
  while (len < target) {
    const p = r();
    const pool = p < 0.45 ? EN : p < 0.75 ? ZH : p < 0.95 ? KO : ODD;
    const w = pool[Math.floor(r() * pool.length)];
    const piece = pool === ZH ? w : `${w}${r() < 0.1 ? '. ' : ' '}`;
    out.push(piece);
    len += piece.length;
  }
  return out.join('');
}

function sizeOf(r: () => number, huge: number): [number, number] {
  const p = r();
  if (p < huge) return [8_000, 40_000];
  if (p < huge + 0.12) return [300, 3_000];
  return [1, 300];
}

const SPEAKERS: Speaker[] = ['customer', 'assistant', 'agent'];
const STATUSES: TurnStatus[] = ['complete', 'complete', 'complete', 'interrupted', 'offline', 'error', 'streaming', 'queued'];

function session(r: () => number): Turn[] {
  const n = Math.floor(r() * r() * 151);
  const turns: Turn[] = [];
  for (let i = 0; i < n; i++) {
    const [lo, hi] = sizeOf(r, 0.012);
    const speaker = SPEAKERS[Math.floor(r() * 3)];
    turns.push({
      id: i + 1,
      sessionId: 's',
      seq: i + 1,
      speaker,
      text: r() < 0.03 ? '   ' : text(r, lo, hi),
      status: STATUSES[Math.floor(r() * STATUSES.length)],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}Z`,
      meta: speaker === 'assistant' ? { citations: [{ n: 3, productId: 'P-3', name: 'Thing 3' }] } : undefined,
    });
  }
  return turns;
}

const CASES = 300;

describe('assembleContext property', () => {
  let exact: TokenCounter;
  const memo = new Map<string, number>();
  const count = (s: string): number => {
    let n = memo.get(s);
    if (n === undefined) {
      n = exact.count(s);
      if (s.length < 200_000) memo.set(s, n);
    }
    return n;
  };
  beforeAll(async () => {
    exact = await createExactCounter();
  });

  it(`never exceeds the window over ${CASES} random sessions (EN/ZH/KO, 0-150 turns, 8K-256K windows)`, () => {
    const windows = [8_192, 8_192, 32_768, 32_768, 131_072, 262_144];
    const sys = systemPrompt({});
    let truncatedMessages = 0;
    let truncatedDocs = 0;
    let droppedTurns = 0;
    let withPieces = 0;
    for (let c = 0; c < CASES; c++) {
      const seed = 1000 + c;
      const r = rng(seed);
      const window = windows[Math.floor(r() * windows.length)];
      const p = r();
      // Large reserved outputs squeeze big windows without megabytes of text; some exceed the window.
      const requested =
        p < 0.55 ? 256 + Math.floor(r() * 8_000) : p < 0.9 ? Math.floor(window * (0.5 + r() * 0.48)) : window + 1000;
      const history = session(r);
      const nDocs = Math.floor(r() * 14);
      const docs: BudgetDoc[] = [];
      for (let d = 0; d < nDocs; d++) {
        const [lo, hi] = sizeOf(r, 0.03);
        const body = text(r, Math.max(lo, 40), Math.max(hi, 1_200));
        if (r() < 0.35) {
          // a product with manual passages (engine-docs.ts): its body, then pieces that each start with a line
          // break; its figure the pieces' counts plus JOIN_SLACK per join (manualTokens)
          const pieces = [body, ...Array.from({ length: 1 + Math.floor(r() * 5) }, () => (r() < 0.3 ? PASSAGE_GAP : `\n${text(r, 20, 700)}`))];
          const summed = pieces.reduce((n, x) => n + count(x), 0) + JOIN_SLACK * (pieces.length - 1);
          docs.push({ id: `P-${d}`, name: `Doc ${d}`, kind: 'product', text: pieces.join(''), pieces, tokens: r() < 0.85 ? summed : null });
          withPieces++;
        } else docs.push({ id: `P-${d}`, name: `Doc ${d}`, kind: 'product', text: body, tokens: r() < 0.85 ? count(body) : null });
      }
      const [mlo, mhi] = sizeOf(r, 0.04);
      const newMessage = `${text(r, mlo, mhi)} ?`;
      const useExact = r() < 0.8;
      const counter: TokenCounter = useExact ? { count, ready: true } : upperBoundCounter;
      const margin = safetyMargin(window);
      const out = assembleContext({
        window,
        reservedOutput: requested,
        systemPrompt: sys,
        history,
        newMessage,
        docs: useExact ? docs : docs.map((d) => ({ ...d, tokens: null })),
        counter,
        cache: new TokenCache(),
        safetyMargin: margin,
      });
      const ctx = `seed ${seed} window ${window} requested ${requested}`;

      // 1. The request fits: exact prompt tokens + reserved output + margin ≤ window.
      const prompt = out.messages.reduce((s, m) => s + count(m.content) + MESSAGE_OVERHEAD, REPLY_PRIMER);
      expect(prompt + out.breakdown.reservedOutput + margin, ctx).toBeLessThanOrEqual(window);
      expect(prompt, ctx).toBeLessThanOrEqual(out.breakdown.total);
      expect(out.breakdown.reservedOutput, ctx).toBeGreaterThan(0);
      if (requested <= window / 2) expect(out.breakdown.reservedOutput, ctx).toBe(requested);

      // 2. Shape: system first, the new message last, no empty content.
      expect(out.messages[0], ctx).toEqual({ role: 'system', content: sys });
      const last = out.messages[out.messages.length - 1];
      expect(last.role, ctx).toBe('user');
      if (out.messageTruncated) {
        truncatedMessages++;
        expect(newMessage.trim().startsWith(last.content.slice(0, 20)), ctx).toBe(true);
      } else expect(last.content, ctx).toBe(newMessage.trim());
      for (const m of out.messages) expect(m.content.trim().length, ctx).toBeGreaterThan(0);

      // 3. History is the newest suffix of the sendable turns.
      const kb = out.sentDocs.length > 0 ? 1 : 0;
      const sentHistory = out.messages.slice(1, out.messages.length - 1 - kb);
      const sendable = history.map(turnMessage).filter((m) => m !== null);
      expect(sentHistory, ctx).toEqual(sendable.slice(sendable.length - sentHistory.length));
      droppedTurns += out.droppedTurns;

      // 4. Documents are a rank prefix, numbered 1..m; only the last may be truncated.
      expect(out.sentDocs.map((d) => d.productId), ctx).toEqual(docs.slice(0, out.sentDocs.length).map((d) => d.id));
      expect(out.sentDocs.map((d) => d.n), ctx).toEqual(out.sentDocs.map((_, k) => k + 1));
      expect(out.droppedDocs, ctx).toBe(docs.length - out.sentDocs.length);
      if (kb) {
        const block = out.messages[out.messages.length - 2];
        expect(block.role, ctx).toBe('system');
        expect(block.parts?.join(''), ctx).toBe(block.content); // what the wire encodes, piece by piece
        out.sentDocs.forEach((d, k) => {
          expect(block.content.includes(`[Doc-${d.n}]\n`), ctx).toBe(true);
          if (!d.truncated) expect(block.content.includes(docs[k].text), ctx).toBe(true);
          else {
            truncatedDocs++;
            expect(k, ctx).toBe(out.sentDocs.length - 1);
          }
        });
      }
    }
    // The generator really exercised the hard paths.
    expect(truncatedMessages).toBeGreaterThan(0);
    expect(truncatedDocs).toBeGreaterThan(0);
    expect(droppedTurns).toBeGreaterThan(0);
    expect(withPieces).toBeGreaterThan(100);
  }, 180_000);
});
