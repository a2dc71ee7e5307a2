// A desk without a team hub never loads the PostgreSQL driver (src/main/hub/connection.ts pgDriver): `deskmate
// serve` runs one process per core, and pg + pg-copy-streams cost ~3 MB of heap and more of RSS in each.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

describe('the pg driver loads on first use', () => {
  it('a real CLI process opening a desk without a hub loads no pg module', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lazy-pg-'));
    try {
      const preload = join(dir, 'report.mjs');
      writeFileSync(
        preload,
        `import { createRequire } from 'node:module';
         process.on('exit', () => {
           const loaded = Object.keys(createRequire(import.meta.url).cache).filter((k) => /node_modules[\\\\/](pg|pg-pool|pg-copy-streams)[\\\\/]/.test(k));
           process.stderr.write('PG_MODULES=' + loaded.length + '\\n');
         });`,
      );
      const r = spawnSync(process.execPath, [`--import=${preload}`, join(ROOT, 'bin', 'deskmate.js'), '--data-dir', join(dir, 'data'), 'stats', '--json'], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '', HOME: dir },
        timeout: 60_000,
      });
      expect(r.status, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ hub: { configured: false } });
      expect(r.stderr).toMatch(/PG_MODULES=0\n/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
