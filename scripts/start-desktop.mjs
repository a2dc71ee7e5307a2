#!/usr/bin/env node
// `npm start`: open the desk in Electron. Without an Electron runtime (its download failed at install, or
// ELECTRON_SKIP_BINARY_DOWNLOAD was set) open the same desk in the browser instead: build it when needed, start
// `deskmate serve`, print the link and open it (xdg-open / open / start; DESKMATE_NO_OPEN=1 only prints it).
// With a runtime: rebuild better-sqlite3 for Electron's ABI when it changed (marker: node_modules/.deskmate-abi),
// build with electron-vite, and launch.
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
  'No Electron runtime here (its download failed or was skipped at install; `npm ci` where it can be downloaded brings the desktop window): opening the desk in your browser.';

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
    console.log(MISSING_RUNTIME);
    browserMode(process.argv.slice(2));
    return;
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

/** The command that opens a URL in the default browser here, or null (then the link is only printed). */
export function opener(platform = process.platform, env = process.env) {
  if (env.DESKMATE_NO_OPEN === '1') return null;
  if (platform === 'darwin') return ['open'];
  if (platform === 'win32') return ['cmd', '/c', 'start', '""'];
  const found = spawnSync('sh', ['-c', 'command -v xdg-open'], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? [found.stdout.trim()] : null;
}

/**
 * Browser mode: `scripts/serve.mjs` (builds the desk when missing or stale) with --json, on port
 * DESKMATE_PORT or 8787 (any free port when that one is taken). Prints the link, opens it, and stops the server on
 * Ctrl+C / SIGTERM.
 */
function browserMode(args, port = process.env.DESKMATE_PORT || '8787', retried = false) {
  const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), '--json', '--port', port, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let opened = false;
  const stop = () => child.kill('SIGTERM');
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    if (opened) return void process.stdout.write(chunk);
    out += chunk;
    const line = out.split('\n').find((l) => l.trim().startsWith('{'));
    if (!line) return;
    opened = true;
    const info = JSON.parse(line);
    console.log(`Deskmate is serving on ${info.url}\n  open the desk: ${info.browserUrl}\nPress Ctrl+C to stop.`);
    const cmd = opener();
    if (cmd) {
      const o = spawn(cmd[0], [...cmd.slice(1), info.browserUrl], { stdio: 'ignore', detached: true });
      o.on('error', () => {});
      o.unref();
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    err += chunk;
    process.stderr.write(chunk);
  });
  child.on('exit', (code, signal) => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    if (!opened && !retried && /in use/.test(err)) {
      console.log(`Port ${port} is taken; using a free one.`);
      browserMode(args, '0', true);
      return;
    }
    process.exit(signal ? 0 : (code ?? 0));
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
