// `npm run bench -- rag-tokens`: the o200k encoder's load cost and what it does to the event loop (worker vs
// inline), counting throughput per language, and how pessimistic the byte upper bound is before the encoder
// is ready.
import type { Bench } from './registry';
import { createExactCounter, createTokenizer, upperBound } from '../src/main/rag/tokens';

const out = (line: string): void => void process.stdout.write(line + '\n');

/** Runs `work` while a 2 ms interval measures the longest event-loop stall. */
async function stall<T>(work: () => Promise<T>): Promise<{ ms: number; maxStallMs: number }> {
  let last = performance.now();
  let maxStall = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxStall = Math.max(maxStall, now - last);
    last = now;
  }, 2);
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 10));
  clearInterval(timer);
  return { ms, maxStallMs: maxStall };
}

const TEXTS: Record<string, string> = {
  en: 'The ThinkPad X1 Carbon weighs 1.12 kg and its 57 Wh battery lasts up to 15 hours. Returns are accepted within 30 days. ',
  zh: '这款笔记本电脑的电池续航大约十五个小时，支持六十五瓦快速充电。退货政策为三十天内无理由退货，需要保留发票。',
  ko: '이 노트북의 배터리는 약 15시간 지속되며 65W 고속 충전을 지원합니다. 반품은 30일 이내에 가능합니다. ',
};

export const ragTokensBench: Bench = {
  name: 'rag-tokens',
  async run() {
    out('encoder load            total ms   longest event-loop stall ms');
    for (const mode of ['inline', 'worker'] as const) {
      const t = createTokenizer({ mode });
      const r = await stall(() => t.warmup());
      out(`  ${mode.padEnd(22)}${r.ms.toFixed(0).padStart(8)}   ${r.maxStallMs.toFixed(1).padStart(10)}`);
      if (mode === 'worker') {
        const big = TEXTS.en.repeat(4000);
        const c = await stall(() => t.countMany([big]));
        out(`  worker countMany ${(big.length / 1e6).toFixed(2)} MB: ${c.ms.toFixed(0)} ms, longest stall ${c.maxStallMs.toFixed(1)} ms`);
      }
      await t.close();
    }
    const exact = await createExactCounter();
    out('counting                MB/s     bytes per token (upper bound ÷ exact)');
    for (const [lang, unit] of Object.entries(TEXTS)) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length));
      const bytes = upperBound(text);
      const t0 = performance.now();
      const n = exact.count(text);
      const s = (performance.now() - t0) / 1000;
      out(`  ${lang.padEnd(22)}${(bytes / 1e6 / s).toFixed(2).padStart(5)}    ${(bytes / n).toFixed(2)}`);
    }
  },
};
