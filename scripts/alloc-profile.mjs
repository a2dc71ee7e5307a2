// Preload for a serve process: samples EVERY allocation's stack (also objects the GC has since freed — what makes the
// GC work, unlike `--heap-prof`, which keeps only objects alive when it stops) and writes a .heapprofile on exit.
//
//   npm run bench -- serve … --node-args="--import=./scripts/alloc-profile.mjs"   (DESKMATE_ALLOC_PROFILE_DIR, default /tmp)
//   node scripts/cpuprofile.mjs /tmp/alloc-PID.heapprofile --top 40
import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const session = new Session();
session.connect();
session.post('HeapProfiler.startSampling', { samplingInterval: 16_384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
process.once('exit', () => {
  // an in-thread inspector session answers synchronously, so this runs to its end before the process does
  session.post('HeapProfiler.stopSampling', (err, r) => {
    if (err) return;
    const file = join(process.env.DESKMATE_ALLOC_PROFILE_DIR ?? '/tmp', `alloc-${process.pid}.heapprofile`);
    writeFileSync(file, JSON.stringify(r.profile));
    process.stderr.write(`allocation profile: ${file}\n`);
  });
});
