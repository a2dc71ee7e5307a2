#!/usr/bin/env node
// Regenerates resources/demo-catalog.jsonl from bench/gen/demo (deterministic; commit the result).
// Usage: node scripts/make-demo-catalog.mjs [out-file]
import { build } from 'esbuild';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out/scripts/make-demo-catalog.mjs');
await build({
  absWorkingDir: root, entryPoints: ['bench/gen/demo/main.ts'], outfile, bundle: true, platform: 'node',
  format: 'esm', target: 'node20', packages: 'external', logLevel: 'warning',
});
const { writeDemoCatalog } = await import(pathToFileURL(outfile).href);
const target = process.argv[2] ?? join(root, 'resources/demo-catalog.jsonl');
const { lines, bytes } = writeDemoCatalog(target);
process.stdout.write(`wrote ${target}: ${lines} lines, ${bytes} bytes\n`);
