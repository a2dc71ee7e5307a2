// Load-bench clients: SSE streams through `deskmate serve` and raw streams straight to the fake Kimi, with timings.
import http from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';

export interface StreamTiming {
  ok: boolean;
  /** Request sent → first answer text (a `content` event, or a chunk with delta.content upstream). */
  ttftMs: number | null;
  totalMs: number;
  /** The server's own time to first token (its `metrics` event: from its handler's start), when it sent one. */
  serverTtftMs?: number;
  error?: string;
  /** When the request started, ms after its run began (set by the load generator). */
  startMs?: number;
}

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string, onChunk: (s: string) => boolean): Promise<{ status: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)), ...headers } },
      (res) => {
        res.setEncoding('utf8');
        let failed: string | undefined;
        res.on('data', (s: string) => {
          if (failed === undefined && !onChunk(s)) failed = 'error event';
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ...(failed ? { error: failed } : {}) }));
        res.on('error', (e) => resolve({ status: 0, error: e.message }));
      },
    );
    req.on('error', (e) => resolve({ status: 0, error: e.message }));
    req.end(body);
  });
}

/** An answer of about `tokens` tokens citing the first document (≈ 4 characters a token). */
export function answerText(tokens: number): string {
  const words = 'The product you asked about is covered by the return policy and ships with the listed accessories'.split(' ');
  const out: string[] = [];
  for (let i = 0; out.join(' ').length < tokens * 4; i++) out.push(words[i % words.length]!);
  return `${out.join(' ')} [Doc-1].`;
}

/** One `POST /v1/chat/stream`; ok when it ends with `done` and no `error`. */
export async function serverStream(agent: http.Agent, base: string, token: string, body: unknown): Promise<StreamTiming> {
  const t0 = performance.now();
  let ttft: number | null = null;
  let tail = '';
  let done = false;
  let errorText: string | undefined;
  let serverTtft: number | undefined;
  const r = await post(agent, new URL('/v1/chat/stream', base), { Authorization: `Bearer ${token}` }, JSON.stringify(body), (s) => {
    const text = tail + s;
    if (ttft === null && text.includes('event: content\n')) ttft = performance.now() - t0;
    if (serverTtft === undefined) {
      const m = /event: metrics\ndata: \{"time_to_first_token_ms":(\d+)/.exec(text);
      if (m) serverTtft = Number(m[1]);
    }
    if (text.includes('event: done\n')) done = true;
    const e = text.indexOf('event: error\n');
    if (e >= 0) {
      errorText = text.slice(e, e + 300);
      return false;
    }
    tail = text.slice(-32);
    return true;
  });
  const totalMs = performance.now() - t0;
  const ok = r.status === 200 && done && !errorText && !r.error;
  return {
    ok,
    ttftMs: ttft,
    totalMs,
    ...(serverTtft !== undefined ? { serverTtftMs: serverTtft } : {}),
    ...(ok ? {} : { error: errorText ?? r.error ?? `HTTP ${r.status}${done ? '' : ' without done'}` }),
  };
}

/** The same kind of request sent straight to the (fake) upstream: the baseline time to first token. */
export async function directStream(agent: http.Agent, kimiUrl: string, model: string, question: string): Promise<StreamTiming> {
  const t0 = performance.now();
  let ttft: number | null = null;
  const body = { model, stream: true, messages: [{ role: 'system', content: 'You are a support assistant.' }, { role: 'user', content: question }] };
  const r = await post(agent, new URL(`${kimiUrl.replace(/\/$/, '')}/chat/completions`), { Authorization: 'Bearer test' }, JSON.stringify(body), (s) => {
    if (ttft === null && /"content":"[^"]/.test(s)) ttft = performance.now() - t0;
    return true;
  });
  const totalMs = performance.now() - t0;
  const ok = r.status === 200 && !r.error;
  return { ok, ttftMs: ttft, totalMs, ...(ok ? {} : { error: r.error ?? `HTTP ${r.status}` }) };
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

/** The process and all its descendants (Linux /proc): `deskmate serve` and the serving processes it started. */
export function processTree(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parents.get(ppid) ?? [];
      list.push(Number(name));
      parents.set(ppid, list);
    } catch {
      // gone meanwhile
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(parents.get(out[i]!) ?? []));
  return out;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Proportional set size in MB (Linux smaps_rollup): pages shared by several processes (the node binary, the mapped
 * database file) count once over all of them, not once per process as in RSS. */
function pssOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

/** Samples the resident memory (VmRSS, Linux) of a process and its descendants, summed, until stopped; returns the
 * peak of the sum in MB (`peakPss()`: the peak of the PSS sum, sampled every 5th time; `peakSplit()`: each process's
 * RSS in the sample where the sum peaked, largest first). */
export function rssSampler(pid: number, everyMs = 100): { stop(): number; current(): number; peakPss(): number; peakSplit(): number[] } {
  let peak = 0;
  let split: number[] = [];
  let pssPeak = 0;
  let sincePss = 0;
  let pids = processTree(pid);
  let sinceScan = 0;
  const each = (): number[] => {
    if (++sinceScan >= 10) {
      pids = processTree(pid);
      sinceScan = 0;
    }
    return pids.map(rssOf);
  };
  const read = (): number => each().reduce((sum, r) => sum + r, 0);
  const tick = (): void => {
    const now = each();
    const sum = now.reduce((a, r) => a + r, 0);
    if (sum > peak) {
      peak = sum;
      split = now.filter((r) => r > 0).sort((a, b) => b - a);
    }
    if (++sincePss >= 5) {
      sincePss = 0;
      pssPeak = Math.max(pssPeak, pids.reduce((sum, p) => sum + pssOf(p), 0));
    }
  };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    current: read,
    peakPss: () => pssPeak,
    peakSplit: () => split,
    stop() {
      clearInterval(timer);
      tick();
      return peak;
    },
  };
}

/** CPU seconds (user + system) used so far by a process and its descendants. */
export function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuSeconds(p), 0);
}

/** The server's CPU per stream from `afterMs` into a run on (the service warm: V8 has optimised the stream path, the
 * caches are full): CPU used after that mark ÷ streams started after it. `per` gives null when the run was shorter. */
export function warmCpuMark(pid: number, afterMs: number): { per(results: readonly StreamTiming[]): number | null } {
  let at: number | null = null;
  const timer = setTimeout(() => (at = treeCpuSeconds(pid)), afterMs);
  return {
    per(results) {
      clearTimeout(timer);
      const n = results.filter((r) => r.ok && (r.startMs ?? 0) >= afterMs).length;
      return at === null || n === 0 ? null : ((treeCpuSeconds(pid) - at) * 1000) / n;
    },
  };
}

/** CPU seconds (user + system) a process has used so far (Linux /proc, 100 ticks a second). */
export function cpuSeconds(pid: number): number {
  const t = cpuTimes(pid);
  return t.user + t.system;
}

/** CPU seconds in user and in kernel (system) mode a process has used so far (Linux /proc, 100 ticks a second);
 * `thread`: one of its threads only (/proc/PID/task/TID/stat). */
export function cpuTimes(pid: number, thread?: number): { user: number; system: number } {
  try {
    const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
  } catch {
    return { user: 0, system: 0 };
  }
}

/** CPU seconds of the main thread (the one running JavaScript and the event loop) of a process and its descendants;
 * the rest of a process's CPU is its other threads: V8's garbage-collector and compiler helpers, worker threads
 * (the WAL checkpointer), libuv's pool. */
export function treeMainThreadSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => {
    const t = cpuTimes(p, p);
    return sum + t.user + t.system;
  }, 0);
}

/** System (kernel) CPU seconds of a process and its descendants. */
export function treeSystemSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + cpuTimes(p).system, 0);
}

/** Waits until the process uses under `share` of a core over a 500 ms window (its start-up work is done). */
export async function waitIdle(pid: number, share = 0.05, maxMs = 120_000): Promise<number> {
  const t0 = performance.now();
  let last = treeCpuSeconds(pid);
  for (;;) {
    await new Promise((r) => setTimeout(r, 500));
    const now = treeCpuSeconds(pid);
    if (now - last < share * 0.5 || performance.now() - t0 > maxMs) return performance.now() - t0;
    last = now;
  }
}
