// Which serving processes accept new connections (`deskmate serve --spread load`; the default is `even`: all accept).
//
// A serving process costs less CPU per stream the more streams it serves at once: one wake-up of its event loop, one
// socket read, one SQLite commit, one garbage collection serve more streams (`npm run bench -- serve`, one process:
// 3.7 ms per stream at 100 req/s, 2.6 ms at 200 req/s). Spreading a load one process carries over every core makes each
// process pay those fixed costs for half the streams, and the processes' SQLite commits reset each other's page cache.
// So the leader serves alone while its event loop has room, and a follower takes new connections only while the
// processes that accept are busy (the load spills over), one follower at a time; when the load would fit in one
// process fewer, the last follower stops accepting and closes its keep-alive connections after their current
// response, so clients come back through the leader. `--spread even` (the default) keeps every process accepting:
// load mode saves ~0.25 ms of CPU per stream at 200 req/s but one busy process has a spikier TTFT tail (the bench's
// backlog check failed in 2 of 11 load-mode targets runs, 0 of 7 even ones).
//
// The measure is each process's CPU time per wall-clock second (all its threads: the event loop, garbage collection,
// SQLite). Event-loop utilisation was tried first and misleads on a shared machine: a loop descheduled by another
// process counts as busy (a process using 0.4 of a core showed 0.5–0.8). The thresholds leave room for the
// economy itself: the same load split over two processes costs ~1.2× what one process spends, so a follower stops
// when the summed CPU would fit in one process fewer below `down`, and `up` is above what that one process then uses
// (no flapping between the two).

import { performance } from 'node:perf_hooks';

/** The CPU this process used since the last call, in cores (user + system time of all its threads ÷ wall time). */
export function cpuMeter(): () => number {
  let lastCpu = process.cpuUsage();
  let lastAt = performance.now();
  return () => {
    const cpu = process.cpuUsage(lastCpu);
    const at = performance.now();
    const wallUs = (at - lastAt) * 1000;
    lastCpu = process.cpuUsage();
    lastAt = at;
    return wallUs > 0 ? Math.max(0, (cpu.user + cpu.system) / wallUs) : 0;
  };
}

export interface SpillSettings {
  /** Mean CPU (cores) of the accepting processes above which one more follower accepts. */
  up: number;
  /** One follower stops when the accepting processes' summed CPU, spread over one process fewer and scaled by
   * SPLIT_ECONOMY (what those streams cost in fewer, busier processes), is below. */
  down: number;
  /** How long the load must stay above `up` (or below `down`) before a follower starts (or stops). */
  upMs: number;
  downMs: number;
  /** Streams the leader serves before the load may gather in fewer processes (WARM_STREAMS). */
  warmStreams: number;
}

/** The CPU one process fewer spends on the streams the accepting processes serve now, as a share of theirs
 * (`npm run bench -- serve` at 200 req/s: 2.6–2.8 ms per stream in one process, 3.4–3.8 ms in two). */
export const SPLIT_ECONOMY = 0.8;
/** Streams the leader serves before the load may gather in fewer processes (at 200 req/s, its first ~10 s: V8 has
 * optimised the stream path by then; `perf` showed 13% of the CPU in the optimising compiler at 3–23 s of load). */
export const WARM_STREAMS = 1_000;
export const DEFAULT_SPILL: SpillSettings = { up: 0.8, down: 0.7, upMs: 1_000, downMs: 3_000, warmStreams: WARM_STREAMS };
/** After a follower starts accepting, the leader lets keep-alive connections go after their response for this long
 * (at HttpServer's drain rate, 40 a second): their clients come back through the shared socket, where the idle
 * follower takes most of them (new connections alone would move the load only as clients happen to open them). */
export const SPILL_DRAIN_MS = 3_000;
/** How often the leader samples the processes' CPU. */
export const SPILL_SAMPLE_MS = 250;
/** env DESKMATE_SERVE_SPILL: "UP,DOWN" (cores, 0–1, e.g. 0.8,0.7), optionally ",UP_MS,DOWN_MS" and ",WARM_STREAMS". */
export const SPILL_ENV = 'DESKMATE_SERVE_SPILL';

/** The settings DESKMATE_SERVE_SPILL asks for (defaults when unset). A bad value is an error naming the variable. */
export function spillSettings(v: string | undefined): SpillSettings {
  if (v === undefined || !v.trim()) return DEFAULT_SPILL;
  const parts = v.split(',').map((p) => p.trim());
  const n = parts.map(Number);
  const ok = [2, 4, 5].includes(parts.length) && n.every((x) => Number.isFinite(x) && x >= 0) && n[0]! <= 1 && n[1]! <= 1 && n[1]! <= n[0]!;
  if (!ok) throw new Error(`${SPILL_ENV}: "${v}" is not understood; use UP,DOWN (cores, 0–1, DOWN ≤ UP), optionally ,UP_MS,DOWN_MS and ,WARM_STREAMS, e.g. 0.8,0.7 or 0.8,0.7,1000,3000,1000`);
  return { up: n[0]!, down: n[1]!, upMs: n[2] ?? DEFAULT_SPILL.upMs, downMs: n[3] ?? DEFAULT_SPILL.downMs, warmStreams: n[4] ?? DEFAULT_SPILL.warmStreams };
}

/** Decides, from samples of the accepting processes' CPU, how many followers accept. Pure: no timers. A change needs
 * the MEAN of the samples over `upMs` (or `downMs`) to pass its threshold: single samples are noisy (a 250-ms sample
 * of a busy process reads anywhere between 0.4 and 0.9). */
export class SpillControl {
  /** Followers accepting now (the first `active` of them). A service starts with all of them: a cold process (its
   * code not yet optimised, its caches empty) costs several times more per stream, so the first load is shared. */
  active: number;
  /** Samples since the last change: when, and the accepting processes' summed CPU. */
  private readonly samples: { at: number; sum: number }[] = [];

  constructor(
    private readonly followers: number,
    private readonly s: SpillSettings = DEFAULT_SPILL,
  ) {
    this.active = followers;
  }

  /** One sample: `now` (ms) and the CPU (cores; above 1 counts as 1) of each accepting process over the last period
   * (the leader's and the active followers'; one not heard from yet counts as idle). `warm`: the leader has served
   * `warmStreams`; before, no follower stops. Returns the followers to accept. */
  sample(now: number, loads: readonly number[], warm = true): number {
    const n = 1 + this.active;
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.min(1, Math.max(0, loads[i] ?? 0));
    this.samples.push({ at: now, sum });
    const horizon = Math.max(this.s.upMs, this.s.downMs);
    // keep one sample at or beyond the horizon: it shows the samples cover the whole period
    while (this.samples.length > 1 && now - this.samples[1]!.at >= horizon) this.samples.shift();
    const up = this.mean(now, this.s.upMs);
    if (up !== null && up / n > this.s.up && this.active < this.followers) return this.change(1);
    const down = this.mean(now, this.s.downMs);
    if (warm && down !== null && this.active > 0 && (down * SPLIT_ECONOMY) / (n - 1) < this.s.down) return this.change(-1);
    return this.active;
  }

  /** The mean summed CPU of the samples within the last `ms`, or null while they cover less than `ms` since the
   * last change (a decision always rests on a whole period of the current arrangement). */
  private mean(now: number, ms: number): number | null {
    const first = this.samples[0];
    if (!first || now - first.at < ms) return null;
    let total = 0;
    let count = 0;
    for (let i = this.samples.length - 1; i >= 0 && now - this.samples[i]!.at < ms; i--) {
      total += this.samples[i]!.sum;
      count++;
    }
    return count ? total / count : null;
  }

  private change(by: number): number {
    this.active += by;
    this.samples.length = 0;
    return this.active;
  }
}
