// `npm run bench -- gen [--n 2300000] [--seed 1] [--out bench/.data/catalog-2300000.jsonl]`: writes the
// synthetic catalog the catalog benchmark imports and reports generation throughput.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Bench } from '../registry';
import { writeJsonl } from './write';

function option(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : undefined;
}

export const genBench: Bench = {
  name: 'gen',
  async run(args) {
    const n = Number(option(args, 'n') ?? 2_300_000);
    const seed = Number(option(args, 'seed') ?? 1);
    const out = option(args, 'out') ?? `bench/.data/catalog-${n}.jsonl`;
    if (!Number.isInteger(n) || n < 1) throw new Error(`--n must be a positive integer, got ${option(args, 'n')}`);
    mkdirSync(dirname(out), { recursive: true });
    let peakRss = 0;
    const t0 = performance.now();
    const { bytes } = await writeJsonl(out, n, seed, (p) => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      if (p.rows % 262_144 === 0) process.stdout.write(`  ${p.rows} rows\r`);
    });
    const s = (performance.now() - t0) / 1000;
    process.stdout.write(`file ${out}\nrows ${n}  bytes ${bytes} (${(bytes / n).toFixed(0)} B/row)\n`);
    process.stdout.write(`time ${s.toFixed(1)} s  ${(n / s / 1000).toFixed(1)} k rows/s  ${(bytes / s / 1e6).toFixed(1)} MB/s  ` +
      `peak RSS ${(peakRss / 1e6).toFixed(0)} MB\n`);
  },
};
