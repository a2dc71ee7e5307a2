// Streams a synthetic catalog to a JSONL file: lines are joined into ~1 MB chunks and written with
// backpressure, so memory stays flat for any n.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { productLineAt } from './products';

export interface WriteProgress {
  rows: number;
  bytes: number;
}

export async function writeJsonl(file: string, n: number, seed = 1,
  onProgress?: (p: WriteProgress) => void): Promise<{ bytes: number }> {
  const out = createWriteStream(file, { highWaterMark: 4 << 20 });
  const failed = once(out, 'error').then(([e]: unknown[]) => { throw e; });
  failed.catch(() => undefined); // observed below via Promise.race
  let bytes = 0;
  const CHUNK_ROWS = 1024;
  for (let start = 0; start < n; start += CHUNK_ROWS) {
    const end = Math.min(n, start + CHUNK_ROWS);
    const lines = new Array<string>(end - start);
    for (let i = start; i < end; i++) lines[i - start] = productLineAt(i, seed);
    const chunk = `${lines.join('\n')}\n`;
    const buf = Buffer.from(chunk, 'utf8');
    bytes += buf.length;
    if (!out.write(buf)) await Promise.race([once(out, 'drain'), failed]);
    if (onProgress && (end % (CHUNK_ROWS * 256) === 0 || end === n)) onProgress({ rows: end, bytes });
  }
  out.end();
  await Promise.race([once(out, 'finish'), failed]);
  return { bytes };
}
