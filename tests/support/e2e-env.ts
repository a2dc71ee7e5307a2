// End-to-end prerequisites: Debian's Chromium and an up-to-date renderer build (out/renderer).
// Missing Chromium fails the suite in CI (CI=true) and skips it locally with a printed reason.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SCREENSHOT_DIR = join(ROOT, 'test-results', 'screenshots');

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-gpu',
  '--disable-dev-shm-usage',
];

/** The browser binary: $DESKMATE_CHROMIUM, else Debian's /usr/bin/chromium. */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.DESKMATE_CHROMIUM || '/usr/bin/chromium';
}

export interface BrowserCheck {
  available: boolean;
  reason: string | null;
}

export function checkChromium(env: NodeJS.ProcessEnv = process.env): BrowserCheck {
  const path = chromiumPath(env);
  if (existsSync(path)) return { available: true, reason: null };
  return {
    available: false,
    reason: `Chromium not found at ${path} (install it: apt-get install -y chromium fonts-noto-cjk, or set DESKMATE_CHROMIUM)`,
  };
}

/**
 * Whether the e2e suite may run here. In CI a missing browser is an error (thrown); locally the suite is
 * skipped and the reason printed once.
 */
export function e2eAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  const check = checkChromium(env);
  if (check.available) return true;
  if (env.CI === 'true' || env.CI === '1') throw new Error(`e2e: ${check.reason}`);
  process.stderr.write(`e2e: SKIPPED — ${check.reason}\n`);
  return false;
}

function newestMtime(dir: string): number {
  if (!existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (!entry.name.endsWith('.test.ts') && !entry.name.endsWith('.test.tsx')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** True when out/renderer/index.html is missing or older than any renderer, shared or build-config source. */
export function rendererStale(root = ROOT): boolean {
  const index = join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index)) return true;
  const built = statSync(index).mtimeMs;
  const cfg = join(root, 'electron.vite.config.ts');
  const sources = Math.max(
    newestMtime(join(root, 'src', 'renderer')),
    newestMtime(join(root, 'src', 'shared')),
    existsSync(cfg) ? statSync(cfg).mtimeMs : 0,
  );
  return sources > built;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Rebuilds the CLI bundle if stale (bin/deskmate.js does so on start; done once here so forks do not race). */
function buildCli(root: string): void {
  const r = spawnSync(process.execPath, [join(root, 'scripts', 'build-node.mjs')], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`build-node failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
}

/**
 * Builds the node bundles, and the renderer (electron-vite build) when it is stale. Test files run in parallel forks, so the build
 * is guarded by a lock directory: one fork builds, the others wait and re-check.
 */
export async function ensureRendererBuilt(root = ROOT, log: (s: string) => void = (s) => process.stderr.write(s)): Promise<void> {
  const lock = join(root, 'out', '.renderer-build.lock');
  mkdirSync(join(root, 'out'), { recursive: true });
  const deadline = Date.now() + 240_000;
  let cliBuilt = false;
  while (!cliBuilt || rendererStale(root)) {
    let mine = false;
    try {
      mkdirSync(lock);
      mine = true;
    } catch {
      // another fork is building; a lock older than 4 minutes is a leftover of a killed run
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 240_000) rmSync(lock, { recursive: true, force: true });
    }
    if (mine) {
      try {
        buildCli(root);
        cliBuilt = true;
        if (!rendererStale(root)) return;
        log('e2e: building the renderer (electron-vite build)…\n');
        const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
          cwd: root,
          encoding: 'utf8',
          env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
          timeout: 240_000,
        });
        if (r.status !== 0) throw new Error(`electron-vite build failed (${r.status}):\n${r.stdout}\n${r.stderr}`.slice(0, 4000));
        if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) throw new Error('electron-vite build produced no out/renderer/index.html');
        return;
      } finally {
        rmSync(lock, { recursive: true, force: true });
      }
    }
    if (Date.now() > deadline) throw new Error('e2e: timed out waiting for another process to build the renderer');
    await sleep(500);
  }
}
