#!/usr/bin/env node
// `npm run dist [-- electron-builder args]`: build the desktop bundle (requiring the plain better-sqlite3 that
// electron-builder rebuilds for Electron) and package it with electron-builder.yml for this platform
// (`-- --linux`, `--win`, `--mac` pick a target). Needs Electron's download host; where it is unreachable the build
// stops with electron-builder's own error and this one-line explanation.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function run(args, env = process.env) {
  return spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

const { electronBinary } = await import('./start-desktop.mjs');
if (!electronBinary()) {
  console.error(
    'deskmate: cannot package here: there is no Electron runtime (its download failed at install), and electron-builder needs ' +
      "the same download host for the target's runtime and headers. Run `npm run dist` where Electron installs.",
  );
  process.exit(1);
}

// electron-builder rebuilds better-sqlite3 in place for Electron's ABI; keep the Node build the CLI and tests use
const sqliteBuild = join(root, 'node_modules', 'better-sqlite3', 'build');
const backup = mkdtempSync(join(tmpdir(), 'deskmate-dist-'));
if (existsSync(sqliteBuild)) cpSync(sqliteBuild, join(backup, 'build'), { recursive: true });
function restoreNodeBuild() {
  if (!existsSync(join(backup, 'build'))) return;
  rmSync(sqliteBuild, { recursive: true, force: true });
  cpSync(join(backup, 'build'), sqliteBuild, { recursive: true });
  rmSync(backup, { recursive: true, force: true });
}

const env = { ...process.env };
delete env.DESKMATE_ELECTRON_SQLITE;
let status = run([join(root, 'scripts', 'build-node.mjs')], env);
if (status === 0) status = run([join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], env);
if (status === 0) {
  try {
    status = run([join(root, 'node_modules', 'electron-builder', 'cli.js'), '--config', 'electron-builder.yml', '--publish', 'never', ...process.argv.slice(2)], env);
  } finally {
    restoreNodeBuild();
  }
  if (status !== 0) {
    console.error(
      'deskmate: packaging failed. electron-builder downloads the Electron runtime for the target platform and Electron\'s headers (to ' +
        'rebuild better-sqlite3); on a machine that cannot reach those downloads it cannot run — see README "Packaging".',
    );
  }
}
process.exitCode = status;
