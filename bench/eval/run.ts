// Runs the labelled set through the real engine: online against the fake Kimi in grounded mode (it answers only
// from the documents in its prompt), and offline (the catalog composer). One fresh session per item per mode;
// earlier turns of a conversation are asked first, as an agent would.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDesk, type Desk } from '../../src/main/desk';
import { importRecords, searchCatalog, getProducts } from '../../src/main/catalog';
import { retrieve } from '../../src/main/rag/retrieval';
import { startFakeKimi } from '../../tests/support/fake-kimi';
import type { AnswerResult } from '../../src/shared/answer';
import { evalCatalog, type EvalItem } from './dataset';

export interface ItemOutcome {
  item: EvalItem;
  /** Gold within the first 5 / 20 retrieved for the final question (null: no gold). */
  recall5: boolean | null;
  recall20: boolean | null;
  goldInPrompt: boolean | null;
  onlineCitations: string[];
  onlineNoInfo: boolean;
  onlineEscalate: boolean;
  onlineFact: boolean | null;
  offlineCitations: string[];
  offlineNoInfo: boolean;
  offlineEscalate: boolean;
  offlineFact: boolean | null;
  onlineMs: number;
}

const norm = (s: string): string => s.replace(/\s+/g, ' ').toLowerCase();
const contains = (answer: string, fact: string | null): boolean | null => (fact === null ? null : norm(answer).includes(norm(fact)));

async function conversation(desk: Desk, item: EvalItem, offline: boolean): Promise<AnswerResult> {
  let sessionId: string | undefined;
  for (const text of item.before) {
    const r = await desk.engine.ask({ sessionId, text, offline });
    sessionId = r.sessionId;
  }
  return desk.engine.ask({ sessionId, text: item.question, offline });
}

export interface EvalRun {
  outcomes: ItemOutcome[];
  importMs: number;
  totalMs: number;
}

export async function runEval(items: readonly EvalItem[], catalogSize: number, onProgress?: (done: number) => void): Promise<EvalRun> {
  const t0 = performance.now();
  const kimi = await startFakeKimi({ mode: 'grounded' });
  const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-eval-'));
  const desk = openDesk({ dataDir, env: { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-eval', KIMI_MODEL: 'kimi-k2.6' }, resourcesDir: null, tokenizerMode: 'inline' });
  try {
    await importRecords(desk.db, evalCatalog(catalogSize));
    const importMs = performance.now() - t0;
    const search = (q: string, k: number) => searchCatalog(desk.db, q, { k }).results;
    const byId = (id: string) => {
      const p = getProducts(desk.db, [id])[0];
      return p ? { productId: p.productId, name: p.name, kind: 'product' as const, score: 0, snippet: '' } : undefined;
    };
    const outcomes: ItemOutcome[] = [];
    for (const item of items) {
      const started = performance.now();
      const online = await conversation(desk, item, false);
      const onlineMs = performance.now() - started;
      const history = desk.sessions.getTurns(online.sessionId).filter((t) => t.id < online.questionTurnId);
      const hits = retrieve({ message: item.question, history, search, byId, k: 20 }).map((h) => h.productId);
      const offline = await conversation(desk, item, true);
      const gold = item.gold;
      outcomes.push({
        item,
        recall5: gold === null ? null : hits.slice(0, 5).includes(gold),
        recall20: gold === null ? null : hits.includes(gold),
        goldInPrompt: gold === null ? null : online.sentDocs.some((d) => d.productId === gold),
        onlineCitations: online.citations.map((c) => c.productId),
        onlineNoInfo: online.noInformation,
        onlineEscalate: online.escalation.needed,
        onlineFact: contains(online.answer, item.fact),
        offlineCitations: offline.citations.map((c) => c.productId),
        offlineNoInfo: offline.noInformation,
        offlineEscalate: offline.escalation.needed,
        offlineFact: contains(offline.answer, item.fact),
        onlineMs,
      });
      onProgress?.(outcomes.length);
    }
    return { outcomes, importMs, totalMs: performance.now() - t0 };
  } finally {
    await desk.close();
    await kimi.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
