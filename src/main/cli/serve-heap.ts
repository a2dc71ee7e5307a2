// V8 heap settings of `deskmate serve` processes (not the desktop app, not other CLI commands).
//
// With Node's defaults a serving process holding a few hundred streams grows its heap far past what is live: the
// young generation grows to 2 × 16 MB semi-spaces, and the old generation grows by a factor of up to 4 between
// full collections (V8 picks the factor from its GC speed; the heap limit here is 4 GB). A heap snapshot at ~250
// open streams showed ~45–60 MB live in a 160–250 MB process. Scavenges of a 16 MB semi-space full of live streams
// also took 20–30 ms each: they were the event loop's p99.
//
// So a serving process keeps its young generation small (2 MB semi-spaces: scavenges of 4–10 ms instead of 20–30 under
// the same load, more of them; server ÷ fake-Kimi CPU in `npm run bench -- serve` unchanged within its noise) and
// grows its old generation by SERVE_HEAP_GROWING_PERCENT over the live size instead of up to ×4. Followers get the young-generation size as a real start-up flag; the first process
// (started by the user) can only change V8's heuristics after start: bin/deskmate.js stops the young generation from
// growing before the bundle loads (after, it would be 16 MB already, in the leader's RSS for good: seen in every
// `npm run bench -- serve` trace), and `tuneServeHeap` grows it once, to the followers' size (V8 reads
// both flags at each decision, they change no object layout; starting a worker thread resets them, so
// heap-flags.ts sets them again after each). DESKMATE_SERVE_HEAP=default
// keeps V8's defaults, and flags given in NODE_OPTIONS or on node's command line win over these.
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { setHeapFlags } from '../heap-flags';

export const SERVE_SEMI_SPACE_MB = 2;
/** The young generation's size (both semi-spaces, as V8 reports `new_space`) of a process started with
 * --max-semi-space-size=N MB: what the first process grows to, then keeps. */
export const newSpaceBytes = (semiMb: number): number => 2 * semiMb * 1024 * 1024;
export const SERVE_NEW_SPACE_BYTES = newSpaceBytes(SERVE_SEMI_SPACE_MB);
const FREEZE = '--semi-space-growth-factor=1';
/** V8's own growth factor (the young generation doubles when enough of it survives). */
const GROW = '--semi-space-growth-factor=2';
export const SERVE_HEAP_GROWING_PERCENT = 40;

/** env DESKMATE_SERVE_HEAP: "default" (or "off") leaves V8's heap heuristics alone; "semi=N,growing=P" sets the
 * semi-space size (MB, 1–16) and the old generation's growth (% over live, 10–400) instead of 2 and 40 (for A/B runs
 * of `npm run bench -- serve` without a rebuild). */
export const HEAP_ENV = 'DESKMATE_SERVE_HEAP';

export interface HeapSettings {
  semiMb: number;
  growingPercent: number;
}

/** The settings DESKMATE_SERVE_HEAP asks for (null: V8's defaults). A bad value is an error naming the variable. */
export function heapSettings(env: NodeJS.ProcessEnv = process.env): HeapSettings | null {
  const v = (env[HEAP_ENV] ?? '').trim().toLowerCase();
  if (v === 'default' || v === 'off') return null;
  const out: HeapSettings = { semiMb: SERVE_SEMI_SPACE_MB, growingPercent: SERVE_HEAP_GROWING_PERCENT };
  for (const part of v.split(',').filter((p) => p.trim())) {
    const m = /^\s*(semi|growing)\s*=\s*(\d+)\s*$/.exec(part);
    const n = m ? Number(m[2]) : NaN;
    if (m?.[1] === 'semi' && n >= 1 && n <= 16) out.semiMb = n;
    else if (m?.[1] === 'growing' && n >= 10 && n <= 400) out.growingPercent = n;
    else throw new Error(`${HEAP_ENV}: "${part.trim()}" is not understood; use default, off, or semi=1..16 (MB) and/or growing=10..400 (%), e.g. semi=4,growing=70`);
  }
  return out;
}

function given(flag: string, execArgv: readonly string[], env: NodeJS.ProcessEnv): boolean {
  const names = [flag, flag.replace(/-/g, '_')];
  const mentioned = (s: string): boolean => names.some((n) => s.includes(`--${n}`));
  return execArgv.some(mentioned) || mentioned(env.NODE_OPTIONS ?? '');
}

/** The node flags a forked serving process starts with: this process's own plus the young-generation size. */
export function followerExecArgv(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  const out = [...execArgv];
  const s = heapSettings(env);
  if (s && !given('max-semi-space-size', execArgv, env)) out.push(`--max-semi-space-size=${s.semiMb}`);
  return out;
}

/** The V8 flags to set in a running serving process (empty when disabled or already given by the user). */
export function runtimeHeapFlags(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  const s = heapSettings(env);
  if (!s) return [];
  const flags: string[] = [];
  // A started process cannot lower its semi-space maximum; it can stop growing it (a follower started with
  // --max-semi-space-size is at its size already).
  if (!given('max-semi-space-size', execArgv, env) && !given('semi-space-growth-factor', execArgv, env)) flags.push(FREEZE);
  if (!given('heap-growing-percent', execArgv, env)) flags.push(`--heap-growing-percent=${s.growingPercent}`);
  return flags;
}

export function youngGenerationBytes(): number {
  return getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;
}

/** Applies `runtimeHeapFlags` to this process; returns what was set. Only for a real `deskmate serve` process.
 * The first process: bin/deskmate.js froze the young generation before the bundle loaded (loading it would grow it
 * to 16 MB for good), so it is still below the followers' size. It grows it once, here, to the followers' size
 * (a few ms of short-lived allocations with V8's growth allowed) and freezes it again: growth allowed for longer
 * would not stop there, as one long synchronous task (the retrieval warm-up) doubles it several times before any
 * observer could run. Started some other way (already larger), it is frozen where it is. */
export function tuneServeHeap(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): string[] {
  const flags = runtimeHeapFlags(execArgv, env);
  if (flags.length === 0) return flags;
  const target = newSpaceBytes(heapSettings(env)?.semiMb ?? SERVE_SEMI_SPACE_MB);
  if (flags.includes(FREEZE) && youngGenerationBytes() < target) growYoungGeneration(target);
  setHeapFlags(flags);
  return flags;
}

/** Allocates objects that survive a scavenge or two (V8 grows the young generation when enough survive) until it is
 * `bytes`, with V8's growth factor; bounded (~100 MB allocated at most, 2–3 ms for the usual 2 → 4 MB). */
function growYoungGeneration(bytes: number): void {
  setFlagsFromString(GROW);
  let kept: Array<{ i: number; a: number[] }> = [];
  for (let round = 0; round < 1_000 && youngGenerationBytes() < bytes; round++) {
    for (let i = 0; i < 2_000; i++) kept.push({ i, a: [i] });
    if (kept.length > 100_000) kept = [];
  }
  setFlagsFromString(FREEZE);
}
