// `npm run bench -- manual-prompt [--products 1000] [--manual 6000] [--queries 300]`: what a question's knowledge
// block costs in tokens when products carry long manuals — the passages the question is about (rag/passages.ts)
// against the former rendering (the manual's first 4,000 characters, rebuilt here from the same documents). Every
// benchmark question is retrieved and its candidates loaded as the engine does; both renderings of each candidate
// are counted exactly (o200k). Prints tokens per question (mean, p95), the ratio, and the time a warm question's
// candidates take to load with passages chosen.
import type { Bench } from './registry';
import { searchCatalog } from '../src/main/catalog';
import { loadCandidates, type Candidate } from '../src/main/rag/engine-docs';
import { relevant } from '../src/main/rag/engine-policy';
import { MANUAL_INTRO, NO_TERMS, passageTerms } from '../src/main/rag/passages';
import { capText, isProduct } from '../src/main/rag/render';
import { retrieve } from '../src/main/rag/retrieval';
import { createExactCounter } from '../src/main/rag/tokens';
import { benchmarkQueries } from './gen';
import { manualCatalog } from './manual-catalog';
import { alternatingMedians, numberOption, out, pct } from './util';

/** The rendering before passages: the body, then "Manual (excerpt): " and the manual's first 4,000 characters. */
function formerBody(c: Candidate): string {
  const doc = c.catalog?.load();
  if (!c.manual || !doc || !isProduct(doc) || !doc.manual) return c.budget.text;
  return `${c.manual.base.slice(0, -MANUAL_INTRO.length)}\nManual (excerpt): ${capText(doc.manual.trim(), 4_000)}`;
}

export const manualPromptBench: Bench = {
  name: 'manual-prompt',
  async run(args) {
    const products = numberOption(args, 'products', 1000, 50);
    const manualChars = numberOption(args, 'manual', 6000, 500);
    const queries = numberOption(args, 'queries', 300, 20);
    const { db, close } = await manualCatalog(products, manualChars);
    try {
      const counter = await createExactCounter();
      const memo = new Map<string, number>();
      const count = (text: string): number => {
        let n = memo.get(text);
        if (n === undefined) memo.set(text, (n = counter.count(text)));
        return n;
      };
      const search = (q: string, k: number) => searchCatalog(db, q, { k, snippets: false }).results;
      const load = (q: string, choose = true): Candidate[] =>
        db.transaction(() => loadCandidates(db, relevant(retrieve({ message: q, history: [], search, k: 20 }), 0.1), choose ? () => passageTerms(q) : () => NO_TERMS))();
      const qs = benchmarkQueries(products, 1, queries).map((q) => q.query);
      const now: number[] = [];
      const before: number[] = [];
      let docs = 0;
      for (const q of qs) {
        const cands = load(q);
        docs += cands.length;
        // each document's pieces counted once (the engine keeps their counts), the former body likewise
        now.push(cands.reduce((n, c) => n + (c.budget.pieces ?? [c.budget.text]).reduce((m, p) => m + count(p), 0), 0));
        before.push(cands.reduce((n, c) => n + count(formerBody(c)), 0));
      }
      // warm: every rendering kept (the catalog is smaller than the renderings' bound at the default size); passages
      // chosen by the question's words against no words (the first passage: nothing searched), alternating passes
      const times = alternatingMedians(6, qs.length, (choose) => {
        for (const q of qs) load(q, choose);
      });
      const mean = (a: number[]): number => a.reduce((x, y) => x + y, 0) / a.length;
      out(
        `${products} products with ~${manualChars}-character manuals, ${qs.length} questions (${(docs / qs.length).toFixed(1)} documents each): ` +
          `knowledge-block tokens per question — the manual's first 4,000 characters: mean ${mean(before).toFixed(0)}, p95 ${pct(before, 95).toFixed(0)}; ` +
          `the question's passages: mean ${mean(now).toFixed(0)}, p95 ${pct(now, 95).toFixed(0)} (×${(mean(now) / mean(before)).toFixed(2)}); ` +
          `a warm question's retrieval and candidates (median of 6 alternating passes): ${times.on.toFixed(3)} ms with passages chosen by its words, ` +
          `${times.off.toFixed(3)} ms without (+${((times.on - times.off) * 1000).toFixed(0)} µs per question)`,
      );
    } finally {
      close();
    }
  },
};
