#!/usr/bin/env node
// The `deskmate` command. Rebuilds the CLI bundle when any TypeScript source is newer than it
// (so `npx deskmate …` works in a fresh checkout after `npm ci`), then runs it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bundle = join(root, 'out/cli/deskmate.mjs');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (/\.(ts|tsx|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

function stale() {
  if (!existsSync(bundle)) return true;
  if (!existsSync(join(root, 'src'))) return false; // installed without sources
  const built = statSync(bundle).mtimeMs;
  return newestMtime(join(root, 'src/main')) > built || newestMtime(join(root, 'src/shared')) > built;
}

if (stale()) {
  const { buildNode } = await import(pathToFileURL(join(root, 'scripts/build-node.mjs')).href);
  await buildNode(['out/cli/deskmate.mjs']);
}
// `deskmate serve` keeps V8's young generation small (src/main/cli/serve-heap.ts: the same switch and the same user
// flags win). Only now, before the bundle loads, can the first process do that: loading it grows the young
// generation to 16 MB for the life of the process. serve-heap.ts lets it grow once more, to the followers' size.
const semiSpaceGiven = /--(max[-_]semi[-_]space[-_]size|semi[-_]space[-_]growth[-_]factor)/;
if (
  process.argv.slice(2).includes('serve') &&
  !['default', 'off'].includes((process.env.DESKMATE_SERVE_HEAP ?? '').trim().toLowerCase()) &&
  ![...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => semiSpaceGiven.test(a))
) {
  setFlagsFromString('--semi-space-growth-factor=1');
}
const { main } = await import(pathToFileURL(bundle).href);
process.exitCode = await main(process.argv.slice(2));
