#!/usr/bin/env node
// `npm start`: open the desk in Electron. Without an Electron runtime (installed with
// ELECTRON_SKIP_BINARY_DOWNLOAD=1) say so in one line and point at `npm run serve`. Otherwise rebuild
// better-sqlite3 for Electron's ABI when it changed (marker: node_modules/.deskmate-abi), build with
// electron-vite, and launch.
//
// The Electron build of better-sqlite3 is made in a copy (node_modules/.deskmate-electron/node_modules/
// better-sqlite3) that only the desktop bundle loads (DESKMATE_ELECTRON_SQLITE, see electron.vite.config.ts),
// so the CLI, `npm run serve` and the tests keep the Node build: one native binary cannot serve both ABIs.
import { spawnSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** Where the Electron-ABI copy of better-sqlite3 lives (its own little project for electron-rebuild). */
export const SHADOW = join(root, 'node_modules/.deskmate-electron');

function prepareShadow() {
  const source = join(root, 'node_modules/better-sqlite3');
  const target = join(SHADOW, 'node_modules/better-sqlite3');
  const version = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')).version;
  rmSync(SHADOW, { recursive: true, force: true });
  mkdirSync(join(SHADOW, 'node_modules'), { recursive: true });
  writeFileSync(join(SHADOW, 'package.json'), JSON.stringify({ name: 'deskmate-electron-natives', private: true, dependencies: { 'better-sqlite3': version } }, null, 2));
  // the sources and the bundled SQLite amalgamation, not the Node build
  cpSync(source, target, { recursive: true, filter: (p) => !p.startsWith(join(source, 'build')) });
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
  const binding = join(SHADOW, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node');
  if (current !== wanted || !existsSync(binding)) {
    console.log(`Building better-sqlite3 for Electron ${version} (once per Electron version)…`);
    prepareShadow();
    run(process.execPath, [join(root, 'node_modules/@electron/rebuild/lib/cli.js'), '-f', '-w', 'better-sqlite3', '-v', version, '-m', SHADOW]);
    writeFileSync(marker, wanted + '\n');
  }
  run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { ...process.env, DESKMATE_ELECTRON_SQLITE: '1' });
  const child = spawn(binary, [root, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
