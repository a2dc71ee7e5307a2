// A serving process never loads the openai SDK (~150 ES modules, ~1.8 MB of heap per process): the CLI bundle
// (scripts/build-node.mjs: dependencies stay external, so a static import would load it at start) imports it only
// dynamically, for models/ping and the `sdk` transport (llm/client.ts); the streaming errors are errors.ts's own.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('the CLI bundle and the openai SDK', () => {
  it('imports openai only dynamically', async () => {
    const r = await build({
      entryPoints: ['src/main/cli/main.ts'],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const imports = Object.values(r.metafile.outputs).flatMap((o) => o.imports);
    const openai = imports.filter((i) => i.path === 'openai' || i.path.startsWith('openai/'));
    expect(openai.length).toBeGreaterThan(0);
    expect(openai.filter((i) => i.kind !== 'dynamic-import')).toEqual([]);
    // the other external packages a serving process loads at start are still there (the check sees real imports)
    expect(imports.some((i) => i.path === 'better-sqlite3' && i.kind === 'import-statement')).toBe(true);
  });
});
