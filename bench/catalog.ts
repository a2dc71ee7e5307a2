// `npm run bench -- catalog [--docs N] [--seed S] [--queries Q] [--workers W] [--keep-index] [--search-only]`: generates N synthetic products (once; reused from
// bench/.data/), imports them through the real import path (importFile), then measures search latency
// (p50/p95/p99), recall of the intended product in the top 20 and RSS over the fixed query mix, beside the same
// queries through plain FTS5 `MATCH … ORDER BY rank` (the baseline). --keep-index maintains the
// unique product id index during the import instead of building it at the end (for comparison).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bench } from './registry';
import { openDatabase, migrate } from '../src/main/db';
import { baselineSearch, catalogMigrations, catalogStats, importFile, searchCatalog } from '../src/main/catalog';
import { benchmarkQueries, productLineAt, writeJsonl, type BenchQuery } from './gen';
import { createHash } from 'node:crypto';
import { loadavg } from 'node:os';

const DATA = 'bench/.data';

function option(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  return k >= 0 ? args[k + 1] : undefined;
}

function pct(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const mb = (n: number): string => `${(n / 1048576).toFixed(0)} MB`;
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const out = (s: string): void => void process.stdout.write(`${s}\n`);

/** The JSONL file for (n, seed), generated once; a sidecar records what it holds. */
export async function dataFile(n: number, seed: number): Promise<string> {
  mkdirSync(DATA, { recursive: true });
  const file = join(DATA, seed === 1 ? `catalog-${n}.jsonl` : `catalog-${n}-s${seed}.jsonl`);
  const meta = `${file}.meta.json`;
  // The probe changes when the generator does, so a file from an older generator is not reused.
  const probe = createHash('sha1').update(productLineAt(0, seed)).update(productLineAt(n - 1, seed)).digest('hex');
  if (existsSync(file) && existsSync(meta)) {
    const m = JSON.parse(readFileSync(meta, 'utf8')) as { n: number; seed: number; bytes: number; probe?: string };
    if (m.n === n && m.seed === seed && m.bytes === statSync(file).size && m.probe === probe) return file;
  }
  const t0 = performance.now();
  const { bytes } = await writeJsonl(file, n, seed);
  writeFileSync(meta, JSON.stringify({ n, seed, bytes, probe }));
  out(`generated ${file}: ${n} products, ${mb(bytes)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

interface Pass {
  lat: number[];
  hits: number;
  byKind: Map<string, [hit: number, total: number]>;
  rss: number;
}

function runPass(queries: BenchQuery[], search: (q: string) => string[]): Pass {
  const pass: Pass = { lat: [], hits: 0, byKind: new Map(), rss: 0 };
  for (const q of queries) {
    const t0 = performance.now();
    const ids = search(q.query);
    pass.lat.push(performance.now() - t0);
    const hit = ids.slice(0, 20).includes(q.productId);
    if (hit) pass.hits++;
    const k = pass.byKind.get(q.kind) ?? [0, 0];
    pass.byKind.set(q.kind, [k[0] + (hit ? 1 : 0), k[1] + 1]);
    pass.rss = Math.max(pass.rss, process.memoryUsage().rss);
  }
  pass.lat.sort((a, b) => a - b);
  return pass;
}

export const catalogBench: Bench = {
  name: 'catalog',
  async run(args) {
    const n = Number(option(args, 'docs') ?? 100_000);
    const seed = Number(option(args, 'seed') ?? 1);
    const count = Number(option(args, 'queries') ?? 500);
    if (!Number.isInteger(n) || n < 100) throw new Error(`--docs must be an integer ≥ 100, got ${option(args, 'docs')}`);
    const dbFile = join(DATA, `catalog-bench-${n}.sqlite`);
    if (args.includes('--search-only')) {
      searchPhase(dbFile, n, seed, count);
      return;
    }
    const file = await dataFile(n, seed);
    for (const s of ['', '-wal', '-shm']) rmSync(dbFile + s, { force: true });
    const db = openDatabase(dbFile);
    migrate(db, 'catalog', catalogMigrations);

    let importRss = 0;
    const cpu0 = process.cpuUsage();
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    const workers = option(args, 'workers');
    const report = await importFile(db, file, {
      workers: workers === undefined ? undefined : Number(workers),
      deferIndex: !args.includes('--keep-index'),
      onProgress: (p) => {
        importRss = Math.max(importRss, process.memoryUsage().rss);
        if (process.stdout.isTTY) process.stdout.write(`  importing ${p.rows} rows\r`);
      },
    });
    const importS = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    db.pragma('wal_checkpoint(TRUNCATE)');
    const stats = catalogStats(db);
    out(`docs ${n}  file ${mb(statSync(file).size)}  (${(statSync(file).size / n).toFixed(0)} B/doc)`);
    out(`import ${importS.toFixed(1)} s  ${Math.round(n / importS).toLocaleString('en-US')} docs/s  ` +
      `(process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, main thread busy ${(elu.utilization * 100).toFixed(0)}%, load ${loadavg()[0].toFixed(1)})  imported ${report.imported}  rejected ${report.rejectedTotal}  peak RSS ${mb(importRss)}`);
    out(`database ${mb(stats.dbBytes)}  (${(stats.dbBytes / n).toFixed(0)} B/doc)`);

    db.close();
    // Search in a fresh process (as the desktop app or CLI would after an import), so its RSS is the search's.
    const child = spawnSync(process.execPath, ['--expose-gc', process.argv[1], 'catalog', '--docs', String(n), '--seed', String(seed), '--queries', String(count), '--search-only'], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });
    process.stdout.write(child.stdout.replace(/^\s*=== bench catalog ===\n/, ''));
  },
};

function searchPhase(dbFile: string, n: number, seed: number, count: number): void {
  // Search from a fresh connection, as the CLI or the desktop app would after an import.
  const sdb = openDatabase(dbFile, { readonly: true });
  const queries = benchmarkQueries(n, seed, count);
  // Warm-up on a different query set, so the measured queries' terms are not cached yet.
  runPass(benchmarkQueries(n, seed + 1, 100), (q) => searchCatalog(sdb, q, { k: 20 }).results.map((r) => r.productId));
  globalThis.gc?.();
  const ours = runPass(queries, (q) => searchCatalog(sdb, q, { k: 20 }).results.map((r) => r.productId));
  const base = runPass(queries, (q) => baselineSearch(sdb, q, 20).productIds);
  const line = (name: string, p: Pass): string =>
    `${name.padEnd(9)} p50 ${ms(pct(p.lat, 50))}  p95 ${ms(pct(p.lat, 95))}  p99 ${ms(pct(p.lat, 99))}  max ${ms(p.lat[p.lat.length - 1])}  ` +
    `recall@20 ${((100 * p.hits) / queries.length).toFixed(1)}%  RSS ${mb(p.rss)}`;
  out(`search over ${queries.length} queries (k=20):`);
  out(line('deskmate', ours));
  out(line('baseline', base));
  out(`ratio baseline/deskmate  p50 ${(pct(base.lat, 50) / pct(ours.lat, 50)).toFixed(1)}x  p95 ${(pct(base.lat, 95) / pct(ours.lat, 95)).toFixed(1)}x  ` +
    `p99 ${(pct(base.lat, 99) / pct(ours.lat, 99)).toFixed(1)}x`);
  out(`recall by kind (deskmate | baseline): ${[...ours.byKind].map(([k, [h, t]]) => `${k} ${h}/${t} | ${base.byKind.get(k)?.[0] ?? 0}`).join(', ')}`);
  const misses = queries.filter((q) => !searchCatalog(sdb, q.query, { k: 20 }).results.some((r) => r.productId === q.productId)).slice(0, 8);
  for (const q of misses) out(`  miss [${q.kind}] ${JSON.stringify(q.query)} → want ${q.productId}`);
  sdb.close();
}
