// V8 heap flags a process set at run time (`deskmate serve`: cli/serve-heap.ts). A worker thread starting up puts
// V8's flags back to the process's start-up values (seen on Node 20: `setFlagsFromString` is undone when the new
// thread's isolate starts), so every place that starts a worker calls `reapplyAfterStart(worker)`; it does nothing
// in a process that set none.
import { setFlagsFromString } from 'node:v8';
import type { Worker } from 'node:worker_threads';

let applied: readonly string[] = [];

export function setHeapFlags(flags: readonly string[]): void {
  applied = [...flags];
  reapplyHeapFlags();
}

export function reapplyHeapFlags(): void {
  for (const f of applied) setFlagsFromString(f);
}

/** Sets the flags again once `worker` runs (its start is what resets them) and at once. */
export function reapplyAfterStart(worker: Worker): void {
  if (applied.length === 0) return;
  reapplyHeapFlags();
  worker.once('online', reapplyHeapFlags);
}
