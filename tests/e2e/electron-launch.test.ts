// Launches the real desktop app with Playwright's _electron where an Electron runtime is installed: the window
// opens the built renderer, exposes only { invoke, on } as window.desk, has no Node in the page, and answers a
// contract call over IPC. Skips with a printed reason where the runtime is missing (ELECTRON_SKIP_BINARY_DOWNLOAD).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron, type ElectronApplication } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');

function electronBinary(): string | null {
  try {
    const p: unknown = createRequire(join(root, 'package.json'))('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) {
  console.log(
    '[electron-launch] skipped: no Electron runtime installed (node_modules/electron has no binary; its download failed at install or was skipped). `npm start` falls back to browser mode, which the browser e2e suite covers.',
  );
}

describe.skipIf(!binary)('desktop app launch', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-electron-'));
  let app: ElectronApplication | undefined;
  afterAll(async () => {
    await app?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens the locked-down window and answers over IPC', async () => {
    const build = spawnSync(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: root, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    app = await _electron.launch({
      executablePath: binary!,
      args: [root],
      cwd: root,
      env: { ...process.env, DESKMATE_DATA_DIR: dataDir, KIMI_API_KEY: '', MOONSHOT_API_KEY: '' },
      timeout: 60_000,
    });
    const page = await app.firstWindow();
    await page.waitForSelector('[data-testid="app-shell"]', { timeout: 30_000 });
    expect(page.url()).toMatch(/^file:.*\/out\/renderer\/index\.html/);
    const shape = await page.evaluate(() => {
      const w = globalThis as unknown as { desk?: Record<string, unknown>; require?: unknown; process?: unknown };
      return { keys: Object.keys(w.desk ?? {}).sort(), require: typeof w.require, process: typeof w.process };
    });
    expect(shape).toEqual({ keys: ['invoke', 'on'], require: 'undefined', process: 'undefined' });
    const info = await page.evaluate(() =>
      (globalThis as unknown as { desk: { invoke(r: string, i: unknown): Promise<unknown> } }).desk.invoke('app.info', {}),
    );
    expect(info).toMatchObject({ ok: true, data: { transport: 'ipc', dataDir } });
    expect(await page.getAttribute('[data-testid="app-shell"]', 'data-transport')).toBe('ipc');
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      return { count: BrowserWindow.getAllWindows().length, title: w.getTitle() };
    });
    expect(prefs.count).toBe(1);
  });
});
