#!/usr/bin/env node
// Reads a V8 .cpuprofile written by `npm run bench -- serve --node-args="--cpu-prof --cpu-prof-dir=DIR"` and prints
// where the busy time went, by ORIGINAL source function (frames of the bundled out/cli/deskmate.mjs are mapped back
// through its source map): self time by function and by file, inclusive time by src function, and the busy share
// per time slice (a saturated process shows ~100%).
//
//   node scripts/cpuprofile.mjs FILE [--top 40] [--slice-ms 2000] [--from S --to S] [--stretches N] [--tasks N] [--callers TEXT]
//
// --from/--to (seconds since the profile started) limit the function lists to that window (e.g. the first seconds
// of a run against a later steady window). With several files in DIR, pass the largest (the serving thread); the
// others are worker threads.
//
// --stretches N: the N longest busy stretches (runs of samples with no (idle) between them: the event loop never
// waited for I/O, so a timer due meanwhile fired at best at the stretch's end), each with its wall time, the time
// its samples account for (wall much larger: the process was descheduled, not running our code), the longest
// gap between two samples, and what ran in it (self time, and the src functions on the stack).
// --tasks N: the N longest single tasks, counted in samples (on-CPU time, so a loaded machine that deschedules the
// process does not make them longer): runs of consecutive samples under the same top-level frame (a timer list, a
// socket read, the microtask queue …; garbage collector and (program) samples within a task count to it).
//
// A .heapprofile (from scripts/alloc-profile.mjs, or --heap-prof) is read the same way: bytes allocated instead of
// time (self and inclusive by function, by file); no slices or window.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    top: { type: 'string', default: '40' },
    'slice-ms': { type: 'string', default: '2000' },
    from: { type: 'string' },
    to: { type: 'string' },
    stretches: { type: 'string' },
    tasks: { type: 'string' },
    callers: { type: 'string' },
  },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: node scripts/cpuprofile.mjs FILE [--top 40] [--slice-ms 2000] [--from S --to S] [--stretches N] [--tasks N]\n');
  process.exit(2);
}
const top = Number(values.top);
const sliceUs = Number(values['slice-ms']) * 1000;
const fromUs = values.from === undefined ? 0 : Number(values.from) * 1e6;
const toUs = values.to === undefined ? Infinity : Number(values.to) * 1e6;

const profile = JSON.parse(readFileSync(positionals[0], 'utf8'));
const heap = profile.head !== undefined;
if (heap) {
  // the allocation tree → the cpuprofile's shape: every node one "sample" weighing its bytes
  profile.nodes = [];
  const walk = (n) => {
    profile.nodes.push({ id: n.id, callFrame: n.callFrame, children: n.children.map((c) => c.id), selfSize: n.selfSize });
    for (const c of n.children) walk(c);
  };
  walk(profile.head);
  profile.samples = profile.nodes.filter((n) => n.selfSize > 0).map((n) => n.id);
  profile.timeDeltas = profile.nodes.filter((n) => n.selfSize > 0).map((n) => n.selfSize);
}
const { SourceMapConsumer } = createRequire(import.meta.url)('source-map-js');
const maps = new Map();
function original(url, line, column) {
  const file = url.replace(/^file:\/\//, '');
  if (!maps.has(file)) maps.set(file, existsSync(`${file}.map`) ? new SourceMapConsumer(JSON.parse(readFileSync(`${file}.map`, 'utf8'))) : null);
  const o = maps.get(file)?.originalPositionFor({ line: line + 1, column });
  return o?.source ? { file: o.source.replace(/.*\/(src|node_modules)\//, '$1/'), line: o.line } : null;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const labels = new Map();
function label(node) {
  if (labels.has(node.id)) return labels.get(node.id);
  const f = node.callFrame;
  const o = f.url.includes('/out/') ? original(f.url, f.lineNumber, f.columnNumber) : null;
  const where = o ? `${o.file}:${o.line}` : `${f.url.replace(/.*\/(node_modules)\//, '$1/').replace(/^file:\/\/.*\//, '')}:${f.lineNumber + 1}`;
  const l = { fn: `${f.functionName || '(anon)'} ${where}`, file: o ? o.file : f.url ? where.replace(/:\d+$/, '') : f.functionName, src: o !== null || f.url.includes('/src/') };
  labels.set(node.id, l);
  return l;
}

// --callers TEXT: for samples whose own function's label contains TEXT (e.g. "replace :0", "garbage"), the nearest
// src functions on their stacks (who made the built-in or the library allocate or spend).
const callersOf = values.callers;
const callers = new Map();
const self = new Map();
const file = new Map();
const inclusive = new Map();
const slices = new Map();
let t = 0;
let busy = 0;
const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
for (let i = 0; i < profile.samples.length; i++) {
  const dt = profile.timeDeltas[i] ?? 0;
  t += dt;
  const node = byId.get(profile.samples[i]);
  const idle = node.callFrame.functionName === '(idle)';
  const s = slices.get(Math.floor(t / sliceUs)) ?? [0, 0];
  s[1] += dt;
  if (!idle) s[0] += dt;
  slices.set(Math.floor(t / sliceUs), s);
  if (idle || t < fromUs || t >= toUs) continue;
  busy += dt;
  const l = label(node);
  add(self, l.fn, dt);
  add(file, l.file, dt);
  if (callersOf !== undefined && l.fn.includes(callersOf)) {
    const chain = [];
    for (let id = parent.get(node.id); id !== undefined && chain.length < 3; id = parent.get(id)) {
      const up = label(byId.get(id));
      if (up.src) chain.push(up.fn);
    }
    add(callers, chain.join(' ← ') || '(no src caller)', dt);
  }
  const seen = new Set();
  for (let id = node.id; id !== undefined; id = parent.get(id)) {
    const up = label(byId.get(id));
    if (up.src && !seen.has(up.fn)) {
      seen.add(up.fn);
      add(inclusive, up.fn, dt);
    }
  }
}

const pct = (v) => `${((100 * v) / busy).toFixed(1).padStart(5)}%`;
const amount = heap ? (v) => `${(v / 1e6).toFixed(1).padStart(7)} MB` : (v) => `${(v / 1e3).toFixed(0).padStart(7)} ms`;
const what = heap ? 'allocated bytes' : 'time';
const show = (m, title, n) => {
  process.stdout.write(`--- ${title}\n`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${pct(v)} ${amount(v)}  ${k}\n`);
};
if (heap) process.stdout.write(`allocated ${(busy / 1e6).toFixed(1)} MB (sampled)\n`);
else {
  process.stdout.write(`busy ${(busy / 1e3).toFixed(0)} ms of ${(t / 1e3).toFixed(0)} ms profiled\n`);
  process.stdout.write(`busy share per ${sliceUs / 1e6} s: ${[...slices].map(([k, [b, all]]) => `${((k * sliceUs) / 1e6).toFixed(0)}s ${Math.round((100 * b) / all)}%`).join(' · ')}\n`);
}
show(self, `self ${what} by function`, top);
show(file, `self ${what} by file`, 25);
show(inclusive, `inclusive ${what} by src function`, top);
if (callersOf !== undefined) show(callers, `callers of "${callersOf}" (nearest src functions, innermost first)`, top);

const deltas = heap ? [] : [...profile.timeDeltas].sort((x, y) => x - y);
const interval = deltas[Math.floor(deltas.length / 2)] || 1000; // the sampling interval: the median delta
const rootChild = new Map(); // node id → the top-level frame it runs under
for (const n of profile.nodes) {
  let id = n.id;
  while (parent.has(id) && parent.has(parent.get(id))) id = parent.get(id);
  rootChild.set(n.id, id);
}
const loose = (id) => ['(garbage collector)', '(program)'].includes(byId.get(id).callFrame.functionName);

/** Runs of consecutive non-idle samples in the window; `split(prev, node)` starts a new run. */
function runsOf(split) {
  const runs = [];
  let cur = null;
  let at = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    at += dt;
    const node = byId.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)' || at < fromUs || at >= toUs) {
      if (cur) runs.push(cur);
      cur = null;
      continue;
    }
    if (cur && split(cur, node)) {
      runs.push(cur);
      cur = null;
    }
    if (!cur) cur = { start: at - dt, wall: 0, n: 0, gap: 0, ids: [], key: undefined };
    if (cur.key === undefined && !loose(rootChild.get(node.id))) cur.key = rootChild.get(node.id);
    cur.wall += dt;
    cur.n++;
    cur.gap = Math.max(cur.gap, dt);
    cur.ids.push(node.id);
  }
  if (cur) runs.push(cur);
  return runs;
}

function showRuns(runs, n, title, size) {
  const sizes = runs.map(size).sort((a, b) => a - b);
  const q = (p) => (sizes.length ? sizes[Math.min(sizes.length - 1, Math.floor((p / 100) * sizes.length))] / 1e3 : 0).toFixed(1);
  process.stdout.write(`--- ${n} longest ${title} of ${runs.length} (ms p50 ${q(50)}, p99 ${q(99)}, max ${q(100)}; sampling ~${(interval / 1e3).toFixed(2)} ms)\n`);
  for (const r of runs.sort((a, b) => size(b) - size(a)).slice(0, n)) {
    const selfIn = new Map();
    const incIn = new Map();
    for (const id of r.ids) {
      add(selfIn, label(byId.get(id)).fn, 1);
      const seen = new Set();
      for (let up = id; up !== undefined; up = parent.get(up)) {
        const l = label(byId.get(up));
        if (l.src && !seen.has(l.fn)) {
          seen.add(l.fn);
          add(incIn, l.fn, 1);
        }
      }
    }
    const topOf = (m, k) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k).map(([f, c]) => `${Math.round((100 * c) / r.n)}% ${f}`).join(' | ');
    const under = r.key === undefined ? '' : ` under ${label(byId.get(r.key)).fn}`;
    process.stdout.write(
      `${(r.wall / 1e3).toFixed(1).padStart(7)} ms wall at ${(r.start / 1e6).toFixed(2)} s: ${r.n} samples (~${((r.n * interval) / 1e3).toFixed(1)} ms on CPU), longest gap ${(r.gap / 1e3).toFixed(1)} ms${under}\n` +
        `          self: ${topOf(selfIn, 4)}\n          on stack: ${topOf(incIn, 4)}\n`,
    );
  }
}

if (values.stretches !== undefined && !heap) showRuns(runsOf(() => false), Number(values.stretches), 'busy stretches (wall)', (r) => r.wall);
if (values.tasks !== undefined && !heap) {
  const split = (cur, node) => {
    const k = rootChild.get(node.id);
    return cur.key !== undefined && !loose(k) && k !== cur.key;
  };
  showRuns(runsOf(split), Number(values.tasks), 'tasks (on-CPU samples × interval)', (r) => r.n * interval);
}
