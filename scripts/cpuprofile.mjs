#!/usr/bin/env node
// Reads a V8 .cpuprofile written by `npm run bench -- serve --node-args="--cpu-prof --cpu-prof-dir=DIR"` and prints
// where the busy time went, by ORIGINAL source function (frames of the bundled out/cli/deskmate.mjs are mapped back
// through its source map): self time by function and by file, inclusive time by src function, and the busy share
// per time slice (a saturated process shows ~100%).
//
//   node scripts/cpuprofile.mjs FILE [--top 40] [--slice-ms 2000] [--from S --to S]
//
// --from/--to (seconds since the profile started) limit the function lists to that window (e.g. the first seconds
// of a run against a later steady window). With several files in DIR, pass the largest (the serving thread); the
// others are worker threads.
//
// A .heapprofile (from scripts/alloc-profile.mjs, or --heap-prof) is read the same way: bytes allocated instead of
// time (self and inclusive by function, by file); no slices or window.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, 'slice-ms': { type: 'string', default: '2000' }, from: { type: 'string' }, to: { type: 'string' } },
});
if (positionals.length !== 1) {
  process.stderr.write('usage: node scripts/cpuprofile.mjs FILE [--top 40] [--slice-ms 2000] [--from S --to S]\n');
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
