// `npm run bench -- llm [--n 300] [--ttft 5]`: time to first token through our Kimi client (createKimiClient →
// streamChat, with deadlines and the Moonshot normaliser) versus a direct openai SDK streaming call, both to the
// same fake Kimi server on loopback, interleaved. Target: added TTFT ≤ 5 ms p50.
import OpenAI from 'openai';
import type { Bench } from './registry';
import { createKimiClient } from '../src/main/llm/client';
import { startFakeKimi } from '../tests/support/fake-kimi';
import { numberOption, out, pct } from './util';


export const llmBench: Bench = {
  name: 'llm',
  async run(args) {
    const n = Math.floor(numberOption(args, 'n', 300));
    const ttftMs = numberOption(args, 'ttft', 5);
    const kimi = await startFakeKimi({ script: { ttftMs, answer: 'The X200 can be returned within 30 days [Doc-1].' } });
    const messages = [
      { role: 'system' as const, content: 'Answer from the documents; cite [Doc-N].' },
      { role: 'user' as const, content: 'Can I return the X200?' },
    ];
    const sdk = new OpenAI({ baseURL: kimi.url, apiKey: 'sk-bench', maxRetries: 0, logLevel: 'off' });
    const ours = createKimiClient({ baseUrl: kimi.url, apiKey: 'sk-bench' });
    const timeouts = { connectMs: 5_000, firstTokenMs: 20_000, idleMs: 15_000 };

    async function direct(): Promise<number> {
      const t0 = performance.now();
      let first = -1;
      const stream = await sdk.chat.completions.create({ model: 'kimi-k2.6', messages, max_tokens: 256, stream: true, stream_options: { include_usage: true } });
      for await (const c of stream) if (first < 0 && c.choices[0]?.delta?.content) first = performance.now() - t0;
      return first;
    }
    async function viaClient(): Promise<number> {
      const t0 = performance.now();
      let first = -1;
      for await (const ev of ours.streamChat({ model: 'kimi-k2.6', messages, maxTokens: 256 }, { timeouts })) {
        if (first < 0 && ev.type === 'delta') first = performance.now() - t0;
      }
      return first;
    }

    for (let i = 0; i < 30; i++) {
      await direct();
      await viaClient();
    }
    const a: number[] = [];
    const b: number[] = [];
    const diff: number[] = [];
    for (let i = 0; i < n; i++) {
      const [x, y] = i % 2 === 0 ? [await direct(), await viaClient()] : (([q, p]) => [p, q])([await viaClient(), await direct()]);
      a.push(x);
      b.push(y);
      diff.push(y - x);
    }
    await kimi.close();
    const f = (v: number): string => v.toFixed(2).padStart(7);
    for (const [label, xs] of [['direct openai SDK', a], ['createKimiClient.streamChat', b], ['added (paired difference)', diff]] as const) {
      const s = [...xs].sort((p, q) => p - q);
      out(`${label.padEnd(30)} n=${n}  ttft p50 ${f(pct(s, 50))} ms  p95 ${f(pct(s, 95))} ms  (fake ttft ${ttftMs} ms)`);
    }
    const added = pct([...diff].sort((p, q) => p - q), 50);
    out(`target added TTFT p50 ≤ 5 ms: ${added <= 5 ? 'met' : 'NOT met'} (${added.toFixed(2)} ms)`);
  },
};
