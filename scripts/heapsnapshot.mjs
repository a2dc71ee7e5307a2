#!/usr/bin/env node
// Where a V8 heap snapshot's memory is held: a dominator tree (Cooper–Harvey–Kennedy over the snapshot's strong
// edges), then the largest holders under the GC roots with their biggest retained children, and the self size by
// object type. For a serving process:
//
//   npm run bench -- serve --targets --queries 20000 --node-args="--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=DIR"
//   kill -USR2 <server pid>        # e.g. when the bench prints "CPU per stream"
//   node --max-old-space-size=6000 scripts/heapsnapshot.mjs DIR/Heap.*.heapsnapshot [--min-kb 150] [--depth 3]
//
// "Retained" is what would be freed with the object: a string two caches share is retained by neither (it shows
// under the roots' own share).
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { 'min-kb': { type: 'string', default: '150' }, depth: { type: 'string', default: '3' } } });
if (positionals.length !== 1) {
  console.error('usage: node scripts/heapsnapshot.mjs FILE.heapsnapshot [--min-kb N] [--depth N]');
  process.exit(2);
}
const minBytes = Number(values['min-kb']) * 1000;
const maxDepth = Number(values.depth);
const snap = JSON.parse(readFileSync(positionals[0], 'utf8'));
const meta = snap.snapshot.meta;
const NF = meta.node_fields.length;
const EF = meta.edge_fields.length;
const { nodes, edges, strings } = snap;
const nType = meta.node_fields.indexOf('type');
const nName = meta.node_fields.indexOf('name');
const nSelf = meta.node_fields.indexOf('self_size');
const nEdges = meta.node_fields.indexOf('edge_count');
const eType = meta.edge_fields.indexOf('type');
const eName = meta.edge_fields.indexOf('name_or_index');
const eTo = meta.edge_fields.indexOf('to_node');
const nodeTypes = meta.node_types[0];
const edgeTypes = meta.edge_types[0];
const WEAK = edgeTypes.indexOf('weak');
const N = nodes.length / NF;

const first = new Uint32Array(N + 1);
for (let i = 0, e = 0; i < N; i++) {
  first[i] = e;
  e += nodes[i * NF + nEdges] * EF;
}
first[N] = edges.length;
const strong = (e) => edges[e + eType] !== WEAK;
const target = (e) => edges[e + eTo] / NF;

// predecessors over strong edges
const predCount = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) for (let e = first[i]; e < first[i + 1]; e += EF) if (strong(e)) predCount[target(e) + 1]++;
for (let i = 0; i < N; i++) predCount[i + 1] += predCount[i];
const preds = new Uint32Array(predCount[N]);
const fill = predCount.slice(0, N);
for (let i = 0; i < N; i++) for (let e = first[i]; e < first[i + 1]; e += EF) if (strong(e)) preds[fill[target(e)]++] = i;

// post-order from the root (node 0), iteratively
const post = new Int32Array(N).fill(-1);
const order = [];
const next = new Uint32Array(N);
const seen = new Uint8Array(N);
const stack = [0];
seen[0] = 1;
next[0] = first[0];
while (stack.length) {
  const v = stack[stack.length - 1];
  let pushed = false;
  while (next[v] < first[v + 1]) {
    const e = next[v];
    next[v] += EF;
    if (!strong(e)) continue;
    const w = target(e);
    if (seen[w]) continue;
    seen[w] = 1;
    next[w] = first[w];
    stack.push(w);
    pushed = true;
    break;
  }
  if (!pushed) {
    stack.pop();
    post[v] = order.length;
    order.push(v);
  }
}

// immediate dominators
const idom = new Int32Array(N).fill(-1);
idom[0] = 0;
const intersect = (a, b) => {
  while (a !== b) {
    while (post[a] < post[b]) a = idom[a];
    while (post[b] < post[a]) b = idom[b];
  }
  return a;
};
for (let changed = true; changed; ) {
  changed = false;
  for (let k = order.length - 2; k >= 0; k--) {
    const v = order[k];
    let d = -1;
    for (let p = predCount[v]; p < predCount[v + 1]; p++) {
      const u = preds[p];
      if (idom[u] !== -1) d = d === -1 ? u : intersect(u, d);
    }
    if (d !== -1 && idom[v] !== d) {
      idom[v] = d;
      changed = true;
    }
  }
}
const retained = new Float64Array(N);
for (let i = 0; i < N; i++) retained[i] = nodes[i * NF + nSelf];
for (const v of order) if (v !== 0 && idom[v] >= 0) retained[idom[v]] += retained[v];

const typeOf = (i) => nodeTypes[nodes[i * NF + nType]];
const label = (i) => `${typeOf(i)}:${strings[nodes[i * NF + nName]].slice(0, 60).replace(/\s+/g, ' ')}`;
const edgeTo = (i) => {
  const p = idom[i];
  for (let e = first[p]; e < first[p + 1]; e += EF) {
    if (target(e) !== i) continue;
    const t = edgeTypes[edges[e + eType]];
    return t === 'element' || t === 'hidden' ? `[${edges[e + eName]}]` : strings[edges[e + eName]];
  }
  return '?';
};
const mb = (b) => (b / 1e6).toFixed(2).padStart(6);
const children = new Map();
for (let i = 1; i < N; i++) {
  if (idom[i] < 0 || retained[i] < minBytes) continue;
  if (!children.has(idom[i])) children.set(idom[i], []);
  children.get(idom[i]).push(i);
}
const tree = (i, depth) => {
  const kids = (children.get(i) ?? []).sort((a, b) => retained[b] - retained[a]).slice(0, 8);
  for (const k of kids) {
    console.log(`${'  '.repeat(depth)}${mb(retained[k])} MB  ${label(k)}  <- .${edgeTo(k)}`);
    if (depth < maxDepth) tree(k, depth + 1);
  }
};

console.log(`${positionals[0]}: ${(retained[0] / 1e6).toFixed(1)} MB live, ${N} nodes`);
const isRoot = (i) => typeOf(i) === 'synthetic';
const tops = [];
for (let i = 0; i < N; i++) if (!isRoot(i) && idom[i] >= 0 && isRoot(idom[i]) && retained[i] >= minBytes) tops.push(i);
tops.sort((a, b) => retained[b] - retained[a]);
console.log(`\n--- largest holders under the GC roots (${mb(tops.reduce((n, i) => n + retained[i], 0))} MB in all)`);
for (const i of tops.slice(0, 15)) {
  console.log(`${mb(retained[i])} MB  ${label(i)}`);
  tree(i, 1);
}
const bySelf = new Map();
for (let i = 0; i < N; i++) {
  const t = typeOf(i);
  const key = t === 'object' || t === 'closure' ? label(i) : t;
  bySelf.set(key, (bySelf.get(key) ?? 0) + nodes[i * NF + nSelf]);
}
console.log('\n--- self size by type (objects by constructor)');
for (const [k, v] of [...bySelf].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${mb(v)} MB  ${k}`);
