// `npm run bench -- import-serve [--rows 200000] [--seed 1]`: a catalog uploaded to a running `deskmate serve`
// (`POST /api/import`, the raw file streamed as the body) while `/v1/health` is polled every 50 ms. Prints the
// health latency before and during the import (target: ≤ 50 ms during a 200,000-row import) and the server's peak
// RSS (VmHWM) for the upload, with the import's duration and the load average.
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { loadavg, tmpdir } from 'node:os';
import type { Bench } from './registry';
import { writeJsonl } from './gen';

const TOKEN = 'bench-import-token-0123456789abcdef0123';
const out = (s: string): void => void process.stdout.write(`${s}\n`);

function option(args: string[], name: string, dflt: number): number {
  const k = args.indexOf(`--${name}`);
  const v = k >= 0 ? Number(args[k + 1]) : NaN;
  return Number.isFinite(v) ? v : dflt;
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : NaN;
}

function procKb(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon' | 'RssFile'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

async function startServe(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const env = { ...process.env, DESKMATE_HTTP_TOKEN: TOKEN, KIMI_API_KEY: '', KIMI_BASE_URL: 'http://127.0.0.1:9/v1' };
  const child = spawn(process.execPath, ['bin/deskmate.js', '--data-dir', dataDir, 'serve', '--port', '0', '--workers', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${text}`)), 60_000);
    child.stdout?.on('data', (b: Buffer) => {
      text += b.toString();
      const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(text);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
  return { child, port };
}

function health(port: number): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/v1/health', headers: { Authorization: `Bearer ${TOKEN}` } }, (res) => {
      res.resume();
      res.on('end', () => resolve(performance.now() - t0));
    });
    req.on('error', reject);
  });
}

/** Polls /v1/health every `everyMs` until `stop()` is true; returns the latencies. */
async function poll(port: number, everyMs: number, stop: () => boolean): Promise<number[]> {
  const lat: number[] = [];
  while (!stop()) {
    lat.push(await health(port));
    await new Promise((r) => setTimeout(r, everyMs));
  }
  return lat;
}

function upload(port: number, file: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: `/api/import?fileName=${encodeURIComponent('catalog.jsonl')}`, headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Length': String(statSync(file).size) } },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

const stat = (xs: number[]): string => `p50 ${pct(xs, 50).toFixed(1)} ms, p95 ${pct(xs, 95).toFixed(1)} ms, p99 ${pct(xs, 99).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms (n=${xs.length})`;

export const importServeBench: Bench = {
  name: 'import-serve',
  async run(args) {
    const rows = option(args, 'rows', 200_000);
    const seed = option(args, 'seed', 1);
    mkdirSync('bench/.data', { recursive: true });
    const file = join('bench/.data', `upload-${rows}-s${seed}.jsonl`);
    if (!existsSync(file)) await writeJsonl(file, rows, seed);
    const bytes = statSync(file).size;
    const dir = mkdtempSync(join(tmpdir(), 'deskmate-bench-import-'));
    const { child, port } = await startServe(join(dir, 'data'));
    try {
      out(`import-serve: ${rows.toLocaleString('en-US')} rows, ${(bytes / 1048576).toFixed(1)} MB uploaded to deskmate serve (1 process); load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
      const idleUntil = performance.now() + 2_000;
      const idle = await poll(port, 50, () => performance.now() > idleUntil);
      const rssBefore = procKb(child.pid!, 'VmRSS');
      let done = false;
      const t0 = performance.now();
      const [during, res] = await Promise.all([poll(port, 50, () => done), upload(port, file).finally(() => (done = true))]);
      const secs = (performance.now() - t0) / 1000;
      const peak = procKb(child.pid!, 'VmHWM');
      const after = procKb(child.pid!, 'VmRSS');
      const anon = procKb(child.pid!, 'RssAnon');
      const fileBacked = procKb(child.pid!, 'RssFile');
      const parsed = JSON.parse(res.body) as { ok: boolean; data?: { imported: number; committed: number }; error?: { message: string } };
      if (!parsed.ok) throw new Error(`upload failed (${res.status}): ${parsed.error?.message}`);
      out(`  import: ${parsed.data?.imported.toLocaleString('en-US')} imported in ${secs.toFixed(1)} s (${Math.round(rows / secs).toLocaleString('en-US')} rows/s)`);
      out(`  /v1/health idle:         ${stat(idle)}`);
      out(`  /v1/health during import: ${stat(during)}  → p99 ${pct(during, 99) <= 50 ? 'meets' : 'MISSES'} the 50 ms target`);
      out(`  server RSS: ${(rssBefore / 1024).toFixed(0)} MB before, peak ${(peak / 1024).toFixed(0)} MB during the upload, ${(after / 1024).toFixed(0)} MB after (upload ${(bytes / 1048576).toFixed(0)} MB); after: ${(anon / 1024).toFixed(0)} MB anonymous (heap), ${(fileBacked / 1024).toFixed(0)} MB file-backed (the database's mmap pages, reclaimable)`);
      out(`  load after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
