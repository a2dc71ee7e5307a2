#!/usr/bin/env node
// `npm ci` / `npm install` (root postinstall). Electron is an optional dependency: where its desktop runtime can be
// downloaded it installs completely; where it cannot (offline, a blocked download host) npm drops the package and
// carries on. The package's JavaScript and TypeScript types are still needed to type-check and build the desktop
// bundle, so this puts them back (from the npm registry or its cache, no binary) and says in one line what that means.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, 'node_modules', 'electron');

/** The Electron version the lockfile pins (falls back to package.json's range). */
export function lockedElectronVersion(dir = root) {
  try {
    const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
    const v = lock.packages?.['node_modules/electron']?.version;
    if (typeof v === 'string') return v;
  } catch {
    // no lockfile: use the range
  }
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  return pkg.optionalDependencies?.electron ?? pkg.devDependencies?.electron ?? 'latest';
}

function restore() {
  const version = lockedElectronVersion();
  const tmp = mkdtempSync(join(tmpdir(), 'deskmate-electron-'));
  try {
    const npm = process.env.npm_execpath
      ? [process.execPath, [process.env.npm_execpath]]
      : [process.platform === 'win32' ? 'npm.cmd' : 'npm', []];
    const pack = spawnSync(npm[0], [...npm[1], 'pack', `electron@${version}`, '--ignore-scripts', '--silent', '--pack-destination', tmp], {
      cwd: tmp,
      encoding: 'utf8',
      shell: process.platform === 'win32' && !process.env.npm_execpath,
    });
    const file = pack.stdout?.trim().split('\n').pop();
    if (pack.status !== 0 || !file) throw new Error(`npm pack electron@${version} failed: ${(pack.stderr || '').trim().split('\n').pop()}`);
    mkdirSync(target, { recursive: true });
    const tar = spawnSync('tar', ['-xzf', join(tmp, file), '-C', target, '--strip-components=1'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`tar: ${(tar.stderr || '').trim()}`);
    return version;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && existsSync(join(root, 'node_modules'))) {
  if (!existsSync(join(target, 'package.json'))) {
    try {
      const version = restore();
      console.log(
        `deskmate: Electron ${version}'s desktop runtime could not be downloaded here, so \`npm start\` opens the desk in your browser. ` +
          'For the desktop window, run `npm ci` again where the download works.',
      );
    } catch (err) {
      // never fail the install over this: the CLI, `npm run serve` and browser mode work without it
      console.log(`deskmate: no Electron package (${err instanceof Error ? err.message : String(err)}); \`npm start\` opens the desk in your browser.`);
    }
  }
}
