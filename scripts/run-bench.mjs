#!/usr/bin/env node
// `npm run bench -- NAME [options]`: builds the bench bundle, then runs it with a larger heap limit
// available (the benchmark itself reports RSS).
import { spawnSync } from 'node:child_process';
import { buildNode } from './build-node.mjs';

await buildNode(['out/bench/bench.mjs']);
const r = spawnSync(process.execPath, ['--expose-gc', 'out/bench/bench.mjs', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exitCode = r.status ?? 1;
