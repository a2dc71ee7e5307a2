// `npm run eval [-- --catalog 3000 --per-cell 15 --json FILE]`: the labelled set through the real engine (fake
// Kimi in grounded mode, and offline), figures per kind and language, and the targets (exit 1 when one is missed).
// `npm run eval -- --scale [--scale-size 2300000]`: retrieval recall over the bench catalog with the eval's
// products merged in (scale.ts).
import { writeFileSync } from 'node:fs';
import type { Bench } from '../registry';
import { numberOption, out } from '../util';
import { evalItems } from './dataset';
import { runEval } from './run';
import { report, targets } from './metrics';
import { runScale } from './scale';

export const evalBench: Bench = {
  name: 'eval',
  async run(args) {
    if (args.includes('--scale')) {
      await runScale(args);
      return;
    }
    const catalog = Math.floor(numberOption(args, 'catalog', 3000, 100));
    const perCell = Math.floor(numberOption(args, 'per-cell', 15, 1));
    const items = evalItems(catalog, perCell);
    out(`eval: ${items.length} questions over a catalog of ${catalog} generated products (seed 11), online (fake Kimi, grounded) and offline`);
    const run = await runEval(items, catalog, (done) => {
      if (done % 50 === 0) process.stderr.write(`  ${done}/${items.length}\n`);
    });
    for (const line of report(run.outcomes)) out(line);
    out('');
    let missed = 0;
    for (const t of targets(run.outcomes)) {
      if (!t.met) missed++;
      out(`${t.met ? 'met    ' : 'NOT met'}  ${t.name}: ${t.value === null ? '—' : `${t.value.toFixed(1)}%`} (target ≥ ${t.target}%)`);
    }
    out(`time: import ${(run.importMs / 1000).toFixed(1)} s, total ${(run.totalMs / 1000).toFixed(1)} s`);
    const k = args.indexOf('--json');
    if (k >= 0 && args[k + 1]) writeFileSync(args[k + 1], JSON.stringify(run.outcomes, null, 1));
    if (missed > 0) process.exitCode = 1;
  },
};
