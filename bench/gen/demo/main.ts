// Entry of `node scripts/make-demo-catalog.mjs [out]`: writes the demo catalog file.
import { writeFileSync } from 'node:fs';
import { demoCatalogLines } from './build';

export function writeDemoCatalog(file: string): { lines: number; bytes: number } {
  const lines = demoCatalogLines();
  const text = `${lines.join('\n')}\n`;
  writeFileSync(file, text);
  return { lines: lines.length, bytes: Buffer.byteLength(text) };
}
