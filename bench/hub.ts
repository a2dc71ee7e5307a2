// `npm run bench -- hub [--docs N] [--changes C] [--desks D] [--fleet-docs F] [--file PATH] [--steps local,sync,stock,fleet,team]`:
// the team hub on a throwaway PostgreSQL cluster, in one run (ratios are to figures of the same run; --steps runs
// some of them — the hub import always runs; --file uses an existing catalog file of N products, not generated):
//  1. `deskmate import` (local) and `deskmate hub import` of the same bench catalog file: docs/s each;
//  2. `deskmate sync` of those N products into an empty desk (a child process): docs/s, ratio to the local
//     import (target ≥ 0.8×), peak RSS of the desk process (target ≤ 400 MB);
//  3. C stock changes imported at the hub while a desk syncs in the background (LISTEN/NOTIFY): time from the
//     import's last commit until the desk shows every change (target ≤ 2 s);
//  4. D desks syncing at once (a catalog of F products, first sync each, then one stock feed): hub CPU seconds
//     (postmaster + backends) and total time; the desks are D syncers spread over a few processes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './registry';
import { numberOption, out } from './util';
import { dataFile } from './catalog';
import { startPgCluster, type PgCluster } from '../tests/support/pg-cluster-core';
import { openDesk } from '../src/main/desk';
import { connectHub } from '../src/main/hub/connection';
import { hubImportRecords } from '../src/main/hub/catalog-import';
import { syncCatalog } from '../src/main/hub/catalog-sync';
import { openDatabase, migrate } from '../src/main/db';
import { databasePath } from '../src/main/paths';
import { MODULE_MIGRATIONS } from '../src/main/schema';
import { productIdAt } from './hub-ids';
import { runHubTeamBench } from './hub-team';

const CLI = 'bin/deskmate.js'; // rebuilds the CLI bundle when the sources are newer
const load = (): string => `load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`;
const rate = (n: number, ms: number): number => Math.round(n / (ms / 1000));

interface Run {
  ms: number;
  peakRssMb: number;
  stdout: string;
  code: number | null;
}

/** Runs the CLI bundle in a child process; samples its RSS every 50 ms. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    let peak = 0;
    const sample = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        // exited
      }
    }, 50);
    child.on('exit', (code) => {
      clearInterval(sample);
      resolve({ ms: performance.now() - t0, peakRssMb: Math.round(peak), stdout, code });
    });
  });
}

/** CPU seconds of the cluster: postmaster + reaped backends (cutime/cstime) + live backends. */
function hubCpuSeconds(c: PgCluster): number {
  const pid = Number(readFileSync(join(c.dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticks = (p: number, withChildren: boolean): number => {
    const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ');
    // fields after "pid (comm) ": state=0 … utime=11 stime=12 cutime=13 cstime=14
    return Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
  };
  let t = ticks(pid, true);
  try {
    for (const child of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) t += ticks(Number(child), false);
  } catch {
    // no children file
  }
  return t / 100;
}

/** Hidden mode for step 4: this process runs several desks' syncs at once and prints one JSON line. */
async function fleetWorker(args: string[]): Promise<void> {
  const url = args[args.indexOf('--url') + 1];
  const dirs = args[args.indexOf('--dirs') + 1].split(',');
  const t0 = performance.now();
  const results = await Promise.all(
    dirs.map(async (dir) => {
      const db = openDatabase(databasePath(dir));
      for (const [m, migrations] of MODULE_MIGRATIONS) migrate(db, m, migrations);
      const c = await connectHub(url);
      try {
        return (await syncCatalog(db, c, { pauseMs: 0 })).pulled;
      } finally {
        await c.end();
        db.close();
      }
    }),
  );
  process.stdout.write(`${JSON.stringify({ pulled: results.reduce((a, b) => a + b, 0), ms: performance.now() - t0 })}\n`);
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const t0 = performance.now();
  while (!cond()) {
    if (performance.now() - t0 > ms) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

async function run(args: string[]): Promise<void> {
  if (args.includes('--fleet-worker')) return fleetWorker(args);
  const docs = numberOption(args, 'docs', 100_000, 1000);
  const changes = numberOption(args, 'changes', 10_000, 1);
  const desks = numberOption(args, 'desks', 50, 1);
  const fleetDocs = numberOption(args, 'fleet-docs', 20_000, 100);
  const stepsArg = args.indexOf('--steps') >= 0 ? args[args.indexOf('--steps') + 1] : 'local,sync,stock,fleet,team';
  const steps = new Set(stepsArg.split(','));
  for (const st of steps) if (!['local', 'sync', 'stock', 'fleet', 'team'].includes(st)) throw new Error(`--steps: unknown step "${st}" (local, sync, stock, fleet, team)`);
  const fileArg = args.indexOf('--file') >= 0 ? args[args.indexOf('--file') + 1] : undefined;
  const file = fileArg ?? (await dataFile(docs, 1));
  const work = mkdtempSync(join(tmpdir(), 'deskmate-bench-hub-'));
  const cluster = await startPgCluster({ settings: { shared_buffers: '256MB', max_wal_size: '4GB', checkpoint_timeout: '30min', max_connections: 200 } });
  try {
    const url = await cluster.createDb('bench');
    const env = { DESKMATE_HUB_URL: url };
    out(`${docs.toLocaleString('en-US')} products (${file}); PostgreSQL in ${cluster.dir}; ${load()}`);
    if ((await cli(['hub', 'init'], env)).code !== 0) throw new Error('hub init failed');

    // 1. local import vs hub import of the same file
    let localRate = NaN;
    if (steps.has('local')) {
      const local = await cli(['--data-dir', join(work, 'local'), 'import', file, '--json']);
      if (local.code !== 0) throw new Error('import failed');
      localRate = rate(docs, local.ms);
      out(`local import:  ${localRate.toLocaleString('en-US')} docs/s (${(local.ms / 1000).toFixed(1)} s, peak RSS ${local.peakRssMb} MB)  ${load()}`);
      rmSync(join(work, 'local'), { recursive: true, force: true }); // (disk: a 2.3M desk is several GB)
    }
    const hub = await cli(['hub', 'import', file, '--json'], env);
    if (hub.code !== 0) throw new Error('hub import failed');
    out(`hub import:    ${rate(docs, hub.ms).toLocaleString('en-US')} docs/s (${(hub.ms / 1000).toFixed(1)} s, ${(rate(docs, hub.ms) / localRate).toFixed(2)}× local, peak RSS ${hub.peakRssMb} MB)  ${load()}`);

    // 2. first sync into an empty desk
    const deskDir = join(work, 'desk');
    if (steps.has('sync') || steps.has('stock')) {
      const sync = await cli(['--data-dir', deskDir, 'sync', '--json'], env);
      const s = JSON.parse(sync.stdout) as { pulled: number };
      if (s.pulled !== docs) throw new Error(`first sync pulled ${s.pulled}, expected ${docs}`);
      const syncRate = rate(docs, sync.ms);
      out(`first sync:    ${syncRate.toLocaleString('en-US')} docs/s (${(sync.ms / 1000).toFixed(1)} s) = ${(syncRate / localRate).toFixed(2)}× local import (target ≥ 0.8×); desk peak RSS ${sync.peakRssMb} MB (target ≤ 400)  ${load()}`);
    }

    // 3. stock changes at the hub → a desk syncing in the background shows them
    if (steps.has('stock')) await stockStep(url, deskDir, env, docs, changes);

    // 4. D desks syncing at once from one hub
    if (steps.has('fleet')) await fleetStep(cluster, work, file, desks, fleetDocs);
    // Part 2 (hub2, bench/hub-team.ts): outbox drain, customer history TTFT, team report — same cluster.
    if (steps.has('team')) await runHubTeamBench(args.filter((a, i) => a !== '--desks' && args[i - 1] !== '--desks'), cluster);
  } finally {
    cluster.destroy();
    rmSync(work, { recursive: true, force: true });
  }
}

async function stockStep(url: string, deskDir: string, env: NodeJS.ProcessEnv, docs: number, changes: number): Promise<void> {
  const desk = openDesk({ dataDir: deskDir, env, resourcesDir: null, tokenizerMode: 'inline', hubPollMs: 600_000 });
  const admin = await connectHub(url);
  try {
    desk.startBackground();
    await until(() => desk.hub.state().state === 'idle' && desk.hub.state().cursor !== null, 60_000);
    const mark = `bench-${Date.now().toString(36)}`;
    const feed = Array.from({ length: changes }, (_, i) => ({ product_id: productIdAt((i * 7919) % docs), stock_status: `${mark}-${i}` }));
    const count = desk.db.prepare('SELECT count(*) AS n FROM products WHERE stock_status LIKE ?').pluck();
    const distinct = new Set(feed.map((f) => f.product_id)).size;
    const t0 = performance.now();
    await hubImportRecords(admin, feed);
    const committed = performance.now();
    // The desk shows them once its cursor reaches the hub's last position (cheap to poll); checked by count after.
    const last = Number((await admin.query<{ m: string }>('SELECT max(seq) AS m FROM hub_catalog')).rows[0].m);
    const reached = await until(() => (desk.hub.state().cursor ?? 0) >= last, 120_000);
    const shown = performance.now();
    const ok = reached && (count.get(`${mark}-%`) as number) === distinct;
    out(`stock changes: ${changes.toLocaleString('en-US')} at the hub (import ${(committed - t0).toFixed(0)} ms) → shown on a syncing desk ${(shown - committed).toFixed(0)} ms after the last commit, ${(shown - t0).toFixed(0)} ms after the import started${ok ? '' : ' (NOT ALL SHOWN)'} (target ≤ 2000 ms)  ${load()}`);
    // The desk's share alone: background sync stopped, the same number of changes applied by one sync run.
    await desk.hub.stop();
    await hubImportRecords(admin, feed.map((f) => ({ ...f, stock_status: `${f.stock_status}-again` })));
    const r = await syncCatalog(desk.db, admin);
    out(`  desk apply alone: one sync of ${r.pulled.toLocaleString('en-US')} stock changes in ${r.tookMs.toFixed(0)} ms (${r.stockOnly.toLocaleString('en-US')} by the stock-only path)  ${load()}`);
  } finally {
    await admin.end();
    await desk.close();
  }
}

async function fleetStep(cluster: PgCluster, work: string, file: string, desks: number, fleetDocs: number): Promise<void> {
  const fleetUrl = await cluster.createDb('fleet');
  const fenv = { DESKMATE_HUB_URL: fleetUrl };
  await cli(['hub', 'init'], fenv);
  const fleetFile = join(work, 'fleet.jsonl');
  writeFileSync(fleetFile, readFileSync(file, 'utf8').split('\n').slice(0, fleetDocs).join('\n') + '\n');
  await cli(['hub', 'import', fleetFile], fenv);
  const procs = Math.min(5, desks);
  const groups: string[][] = Array.from({ length: procs }, () => []);
  for (let i = 0; i < desks; i++) groups[i % procs].push(join(work, `fleet-${i}`));
  const fleet = async (what: string, expectEach: number): Promise<void> => {
    const cpu0 = hubCpuSeconds(cluster);
    const t0 = performance.now();
    const runs = await Promise.all(groups.map((g) => new Promise<{ pulled: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ['out/bench/bench.mjs', 'hub', '--fleet-worker', '--url', fleetUrl, '--dirs', g.join(',')], { stdio: ['ignore', 'pipe', 'inherit'] });
      let so = '';
      child.stdout.on('data', (d: Buffer) => (so += d.toString()));
      child.on('exit', () => {
        try {
          resolve(JSON.parse(so.trim().split('\n').pop() ?? '') as { pulled: number });
        } catch (e) {
          reject(e as Error);
        }
      });
    })));
    const ms = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 300)); // backends exit and are reaped
    const cpu = hubCpuSeconds(cluster) - cpu0;
    const pulled = runs.reduce((a, r) => a + r.pulled, 0);
    out(`${desks} desks ${what}: ${(ms / 1000).toFixed(1)} s total, ${pulled.toLocaleString('en-US')} rows (${pulled === desks * expectEach ? 'all' : `expected ${desks * expectEach}`}), hub CPU ${cpu.toFixed(1)} s (${procs} processes)  ${load()}`);
  };
  await fleet(`first sync of ${fleetDocs.toLocaleString('en-US')} products at once`, fleetDocs);
  const admin2 = await connectHub(fleetUrl);
  await hubImportRecords(admin2, Array.from({ length: 1000 }, (_, i) => ({ product_id: productIdAt(i), stock_status: `fleet-${i}` })));
  await admin2.end();
  await fleet('catching up 1,000 stock changes at once', 1000);
}

export const hubBench: Bench = { name: 'hub', run };
