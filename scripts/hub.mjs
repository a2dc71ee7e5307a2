#!/usr/bin/env node
// `npm run hub`: a throwaway PostgreSQL team hub for trying Deskmate as a team on one machine. Starts a cluster in
// a temp folder (tests/support/pg-cluster-core.ts: initdb as `postgres` when root, a free port on 127.0.0.1),
// creates the Deskmate hub schema, prints the URL, and stops and removes everything on Ctrl+C.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outfile = join(root, 'out', 'hub', 'pg-cluster.mjs');
await build({
  absWorkingDir: root,
  entryPoints: ['tests/support/pg-cluster-core.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
const { startPgCluster } = await import(pathToFileURL(outfile).href);
let cluster;
try {
  cluster = await startPgCluster({ durable: process.argv.includes('--durable') });
} catch (err) {
  process.stderr.write(`npm run hub: ${err.message}\n`);
  process.exit(1);
}
const url = cluster.url('postgres');
const init = spawnSync(process.execPath, [join(root, 'bin', 'deskmate.js'), 'hub', 'init'], { env: { ...process.env, DESKMATE_HUB_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] });
if (init.status !== 0) {
  cluster.destroy();
  process.exit(1);
}
process.stdout.write(
  [
    `Team hub running (PostgreSQL in ${cluster.dir}; removed when you stop it with Ctrl+C).`,
    '',
    `  export DESKMATE_HUB_URL='${url}'`,
    '',
    'Then, in other terminals:',
    '  npx deskmate hub import catalog.jsonl              # the team catalog, into the hub',
    '  npx deskmate --data-dir /tmp/desk-a sync            # a desk pulls it (and stays in sync under `deskmate serve`)',
    '  DESKMATE_DESK_NAME=desk-b npx deskmate --data-dir /tmp/desk-b serve',
    '',
  ].join('\n'),
);
// The cluster module stops and removes the cluster on SIGINT/SIGTERM and on exit; keep the process alive until then.
setInterval(() => {}, 1 << 30);
