#!/usr/bin/env node
// `npm start`: open the desk in Electron. Without an Electron runtime (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1) say so in one line and point at `npm run serve`. Otherwise rebuild
// better-sqlite3 for Electron's ABI when it changed (marker: node_modules/.deskmate-abi), build with
// electron-vite, and launch.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

export const MISSING_RUNTIME =
  'Electron runtime not installed (install with npm i -D electron without ELECTRON_SKIP_BINARY_DOWNLOAD); `npm run serve` opens the same desk in a browser.';

/** The Electron executable, or null when the package is there without its binary. */
export function electronBinary(env = process.env) {
  if (env.DESKMATE_ELECTRON_BINARY !== undefined) {
    return env.DESKMATE_ELECTRON_BINARY && existsSync(env.DESKMATE_ELECTRON_BINARY) ? env.DESKMATE_ELECTRON_BINARY : null;
  }
  try {
    const p = require('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function main() {
  const binary = electronBinary();
  if (!binary) {
    console.error(MISSING_RUNTIME);
    process.exit(1);
  }
  const version = electronVersion();
  const marker = join(root, 'node_modules/.deskmate-abi');
  const wanted = `electron-${version}-${process.platform}-${process.arch}`;
  const current = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : '';
  if (current !== wanted) {
    console.log(`Rebuilding better-sqlite3 for Electron ${version}…`);
    run(process.execPath, [join(root, 'node_modules/@electron/rebuild/lib/cli.js'), '-f', '-w', 'better-sqlite3', '-v', version]);
    writeFileSync(marker, wanted + '\n');
  }
  run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build']);
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
