// Heap settings of `deskmate serve` (src/main/cli/serve-heap.ts): which flags a serving process gets, that the
// user's own flags win, and that the runtime flags really bound V8's young generation in a real node process
// (V8 reads them at each decision; a Node upgrade that stopped doing so would show here).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { followerExecArgv, heapSettings, newSpaceBytes, runtimeHeapFlags, SERVE_NEW_SPACE_BYTES, SERVE_SEMI_SPACE_MB } from '../../src/main/cli/serve-heap';

describe('serve heap flags', () => {
  it('forked serving processes start with a small young generation, after the parent’s own flags', () => {
    expect(followerExecArgv(['--cpu-prof'], {})).toEqual(['--cpu-prof', `--max-semi-space-size=${SERVE_SEMI_SPACE_MB}`]);
  });

  it('the user’s flags (command line or NODE_OPTIONS) and DESKMATE_SERVE_HEAP=default win', () => {
    expect(followerExecArgv(['--max-semi-space-size=16'], {})).toEqual(['--max-semi-space-size=16']);
    expect(followerExecArgv([], { NODE_OPTIONS: '--max_semi_space_size=8' })).toEqual([]);
    expect(followerExecArgv([], { DESKMATE_SERVE_HEAP: 'default' })).toEqual([]);
    expect(runtimeHeapFlags([], { DESKMATE_SERVE_HEAP: 'off' })).toEqual([]);
    expect(runtimeHeapFlags(['--heap-growing-percent=100'], {})).toEqual(['--semi-space-growth-factor=1']);
    // a follower started with its semi-space size keeps it (no freeze needed)
    expect(runtimeHeapFlags([`--max-semi-space-size=${SERVE_SEMI_SPACE_MB}`], {})).toEqual([expect.stringMatching(/^--heap-growing-percent=\d+$/)]);
  });

  it('DESKMATE_SERVE_HEAP=semi=N,growing=P sets both sizes (for A/B runs); anything else is an error naming it', () => {
    expect(heapSettings({})).toEqual({ semiMb: SERVE_SEMI_SPACE_MB, growingPercent: expect.any(Number) });
    expect(heapSettings({ DESKMATE_SERVE_HEAP: ' semi=8, growing=100 ' })).toEqual({ semiMb: 8, growingPercent: 100 });
    expect(followerExecArgv([], { DESKMATE_SERVE_HEAP: 'semi=4' })).toEqual(['--max-semi-space-size=4']);
    expect(runtimeHeapFlags([], { DESKMATE_SERVE_HEAP: 'growing=70' })).toContain('--heap-growing-percent=70');
    expect(() => heapSettings({ DESKMATE_SERVE_HEAP: 'semi=32' })).toThrow(/DESKMATE_SERVE_HEAP: "semi=32"/);
    expect(() => heapSettings({ DESKMATE_SERVE_HEAP: 'big' })).toThrow(/DESKMATE_SERVE_HEAP/);
  });

  it('set at run time (again after a worker thread starts), the flags keep the young generation at its size (real node process)', () => {
    const script = `
      const v8 = require('node:v8');
      const flags = JSON.parse(process.argv[1]);
      for (const f of flags) v8.setFlagsFromString(f);
      const run = () => {
        const keep = [];
        for (let r = 0; r < 150; r++) { const a = []; for (let i = 0; i < 20000; i++) a.push({ i, s: 'x' + i }); keep.push(a); if (keep.length > 20) keep.shift(); }
        const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
        process.stdout.write(String(s.space_size));
        process.exit(0);
      };
      if (process.argv[2] === 'none') run();
      else {
        const w = new (require('node:worker_threads').Worker)('setInterval(() => {}, 1000)', { eval: true });
        w.once('online', () => {
          if (process.argv[2] === 'reapply') for (const f of flags) v8.setFlagsFromString(f);
          run();
        });
      }`;
    const newSpace = (flags: string[], worker: 'none' | 'started' | 'reapply' = 'none'): number => {
      const r = spawnSync(process.execPath, ['-e', script, JSON.stringify(flags), worker], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
      expect(r.status, r.stderr).toBe(0);
      return Number(r.stdout) / 1e6;
    };
    const tuned = newSpace(runtimeHeapFlags([], {}));
    const untouched = newSpace([]);
    expect(tuned).toBeLessThanOrEqual(8.5);
    expect(untouched).toBeGreaterThan(tuned * 2);
    // starting a worker thread puts the flags back (hence heap-flags.ts reapplyHeapFlags after every new Worker)
    expect(newSpace(runtimeHeapFlags([], {}), 'started')).toBeGreaterThan(tuned * 2);
    expect(newSpace(runtimeHeapFlags([], {}), 'reapply')).toBeLessThanOrEqual(8.5);
  });

  it('the first process, frozen before its code loads (bin/deskmate.js), grows its young generation once to the followers’ size and keeps it there (real node process)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'serve-heap-'));
    try {
      const lib = join(dir, 'serve-heap.mjs');
      writeFileSync(lib, buildSync({ entryPoints: ['src/main/cli/serve-heap.ts'], bundle: true, platform: 'node', format: 'esm', write: false }).outputFiles[0]!.text);
      // "load": a burst of surviving allocations like a bundle's evaluation; then "serve": work in many small tasks
      const script = `
        import v8 from 'node:v8';
        const size = () => v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space').space_size;
        if (process.argv[1] === 'early') v8.setFlagsFromString('--semi-space-growth-factor=1');
        const env = JSON.parse(process.argv[2] ?? '{}');
        const loaded = []; for (let i = 0; i < 300000; i++) loaded.push({ i, s: 'x' + i });
        const afterLoad = size();
        const { tuneServeHeap } = await import(${JSON.stringify(lib)});
        tuneServeHeap([], env);
        // serving: first one long synchronous task (the warm-up) that would double it several times, then small tasks
        const keep = [];
        for (let i = 0; i < 800000; i++) { keep.push({ i, s: 'z' + i }); if (keep.length > 60000) keep.splice(0, 3000); }
        for (let t = 0; t < 400; t++) {
          for (let i = 0; i < 1000; i++) { keep.push({ i, s: 'y' + i }); if (keep.length > 60000) keep.splice(0, 3000); }
          await new Promise((r) => setImmediate(r));
        }
        process.stdout.write(JSON.stringify([afterLoad, size()]));`;
      const run = (mode: string, env: Record<string, string> = {}): [number, number] => {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, mode, JSON.stringify(env)], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
        expect(r.status, r.stderr).toBe(0);
        return JSON.parse(r.stdout) as [number, number];
      };
      const [loadedEarly, servingEarly] = run('early');
      expect(loadedEarly).toBeLessThan(SERVE_NEW_SPACE_BYTES);
      expect(servingEarly).toBe(SERVE_NEW_SPACE_BYTES);
      expect(run('early', { DESKMATE_SERVE_HEAP: 'semi=8' })[1]).toBe(newSpaceBytes(8));
      // without the early freeze, loading alone grows it past the followers' size, and it stays there
      const [loadedLate, servingLate] = run('late');
      expect(loadedLate).toBeGreaterThan(SERVE_NEW_SPACE_BYTES * 2);
      expect(servingLate).toBe(loadedLate);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
