// `npm start` where no Electron runtime exists (this machine, CI): it opens the same desk in browser mode instead of
// failing — builds when needed, starts the server, prints the link. The test follows the printed link like a person
// would and checks the desk's page and its API answer, then stops the process with Ctrl+C's signal.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../support/e2e-env';

const script = join(ROOT, 'scripts', 'start-desktop.mjs');

describe('npm start without an Electron runtime', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-start-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('says so, serves the desk in browser mode, prints a working link and stops on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DESKMATE_ELECTRON_BINARY: '/nonexistent/electron',
      DESKMATE_DATA_DIR: dataDir,
      DESKMATE_PORT: '0',
      DESKMATE_NO_OPEN: '1',
      DESKMATE_HTTP_TOKEN: 'start-test-token-0123456789-0123456789',
    };
    delete env.KIMI_API_KEY;
    delete env.KIMI_BASE_URL;
    const child = spawn(process.execPath, [script], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (out += d));
    const link = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no link printed within 120 s:\n${out}`)), 120_000);
      child.stdout.on('data', (d: string) => {
        out += d;
        const m = /open the desk: (\S+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on('exit', (code) => reject(new Error(`npm start exited (${code}) before printing a link:\n${out}`)));
    });
    try {
      expect(out).toContain('No Electron runtime here');
      expect(out).toContain('opening the desk in your browser');
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const page = await fetch(link);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      expect(html).toMatch(/assets\/index-[\w-]+\.js/);
      // the link carries the token (fragment or query, whichever the server prints): it opens the API too
      const token = decodeURIComponent(/[#?&]token=([^&#]+)/.exec(link)?.[1] ?? '');
      expect(token).not.toBe('');
      const health = await fetch(new URL('/v1/health', link), { headers: { Authorization: `Bearer ${token}` } });
      expect(health.status).toBe(200);
    } finally {
      const code = await new Promise<number | null>((resolve) => {
        child.on('exit', (c) => resolve(c));
        child.kill('SIGTERM');
      });
      expect(code).toBe(0);
    }
  }, 180_000);
});
