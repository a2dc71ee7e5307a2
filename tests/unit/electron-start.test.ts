import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const script = join(__dirname, '../../scripts/start-desktop.mjs');

describe('npm start without an Electron runtime', () => {
  it('says so in one line, names `npm run serve`, and exits 1', () => {
    const r = spawnSync(process.execPath, [script], {
      encoding: 'utf8',
      env: { ...process.env, DESKMATE_ELECTRON_BINARY: '/nonexistent/electron' },
      timeout: 20_000,
    });
    expect(r.status).toBe(1);
    const lines = (r.stdout + r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Electron runtime not installed');
    expect(lines[0]).toContain('ELECTRON_SKIP_BINARY_DOWNLOAD');
    expect(lines[0]).toContain('npm run serve');
  });
});
