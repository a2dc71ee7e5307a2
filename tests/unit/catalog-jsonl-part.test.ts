// The JSONL reader of the parallel import workers gives, segment by segment, exactly what jsonlItems gives.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonlPart, SEGMENT_LINES } from '../../src/main/catalog/jsonl-part';
import { jsonlItems, textChunks, type RawItem } from '../../src/main/catalog/sources';

async function all<T>(it: AsyncIterable<T[]>): Promise<T[][]> {
  const out: T[][] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** The parts' segments taken round-robin, as workerBatches does. */
async function merged(file: string, parts: number): Promise<RawItem[]> {
  const segs = await Promise.all(Array.from({ length: parts }, (_, p) => all(jsonlPart(file, p, parts, { bytes: 0 }))));
  const out: RawItem[] = [];
  for (let s = 0; segs[s % parts].length > Math.floor(s / parts); s++) out.push(...segs[s % parts][Math.floor(s / parts)]);
  return out;
}

describe('jsonlPart', () => {
  it('splits a file between workers with the same items and line numbers as jsonlItems', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jsonl-part-'));
    const lines: string[] = [];
    for (let i = 0; i < 2.5 * SEGMENT_LINES; i++) {
      if (i % 97 === 0) lines.push('');
      else if (i % 101 === 0) lines.push('{"product_id": "broken",');
      else if (i === 1500) lines.push(JSON.stringify({ product_id: 'BIG', product_name: `长 ${'é'.repeat(700_000)} 名` }));
      else lines.push(JSON.stringify({ product_id: `P-${i}`, product_name: `联想 ${i}` }) + (i % 7 === 0 ? '\r' : ''));
    }
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, '\ufeff' + lines.join('\n')); // BOM, and no newline after the last line
    const expected = (await all(jsonlItems(textChunks(file, { bytes: 0 })))).flat();
    expect(expected.some((r) => 'error' in r)).toBe(true);
    for (const parts of [1, 2, 3]) expect(await merged(file, parts)).toEqual(expected);
  });
});
