#!/usr/bin/env node
// Bundles the headless entry points (CLI, bench) with esbuild. Dependencies stay external
// (better-sqlite3 is native); only our TypeScript is compiled. Fast (~100 ms), so the `deskmate`
// bin runs it whenever the sources are newer than the bundle.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const entries = {
  'out/cli/deskmate.mjs': 'src/main/cli/main.ts',
  'out/bench/bench.mjs': 'bench/index.ts',
};

export async function buildNode(which = Object.keys(entries)) {
  await Promise.all(
    which.filter((outfile) => existsSync(join(root, entries[outfile]))).map((outfile) =>
      build({
        absWorkingDir: root,
        entryPoints: [entries[outfile]],
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        packages: 'external',
        sourcemap: 'linked',
        logLevel: 'warning',
        banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
      }).then(() => latin1Source(join(root, outfile))),
    ),
  );
}

/**
 * V8 keeps a script's source in each process's heap (lazy compilation, Function#toString) — as a two-byte string
 * when a single character is above U+00FF. esbuild escapes such characters in strings but leaves them in regular
 * expression literals and kept comments (CJK in the tokenizer's patterns, dashes in doc comments), which doubled the
 * CLI bundle's source string to ~1.1 MB in every `serve` process. `\uXXXX` means the same in all three places.
 */
function latin1Source(file) {
  const text = readFileSync(file, 'utf8');
  const escaped = text.replace(/[^\x00-\xff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (escaped !== text) writeFileSync(file, escaped);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildNode();
}
