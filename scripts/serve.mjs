#!/usr/bin/env node
// `npm run serve`: builds the renderer when it is missing or older than its sources (so a fresh checkout opens the
// desk, not a "run npm run build" page), then runs `deskmate serve` with any extra arguments.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const index = join(root, 'out', 'renderer', 'index.html');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const stale = !existsSync(index) || Math.max(newest(join(root, 'src', 'renderer')), newest(join(root, 'src', 'shared'))) > statSync(index).mtimeMs;
if (stale) {
  process.stderr.write('Building the desk (electron-vite build)…\n');
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// async, so a SIGTERM to this script (npm start's browser mode stops it that way) reaches the server too
const server = spawn(process.execPath, [join(root, 'bin', 'deskmate.js'), 'serve', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => {
  process.exitCode = signal ? 0 : (code ?? 1);
});
