import { searchCatalog } from '../catalog';
import { intOption, print, printJson, UsageError, type Command, type CommandContext } from './types';

export const searchCommand: Command = {
  name: 'search',
  summary: 'Search the local catalog cache',
  usage: 'search "QUERY" [--k 20] [--json]',
  options: { k: { type: 'string' } },
  help: [
    'The query is plain text (quotes, AND, *, NEAR( are searched as words). Model numbers, SKU fragments,',
    'Chinese/Japanese/Korean text and natural-language questions work.',
    '  --k N   how many results (default 20, at most 200)',
    '  --json  print {"results":[{"productId","name","score","snippet","kind"}],"tookMs"}',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const query = ctx.positionals.join(' ').trim();
    if (!query) throw new UsageError('search: missing QUERY');
    const k = intOption(ctx, 'k', 20, 1, 200);
    const { results, tookMs } = searchCatalog(ctx.desk().db, query, { k });
    if (ctx.json) {
      printJson(ctx, { results, tookMs: Math.round(tookMs * 100) / 100 });
      return 0;
    }
    if (results.length === 0) print(ctx, `no results for "${query}" (${tookMs.toFixed(1)} ms)`);
    results.forEach((r, i) => {
      const kind = r.kind === 'product' ? '' : ` [${r.kind}]`;
      print(ctx, `${String(i + 1).padStart(2)}. ${r.productId}  ${r.name}${kind}\n    ${r.snippet}`);
    });
    if (results.length > 0) print(ctx, `(${results.length} results, ${tookMs.toFixed(1)} ms)`);
    return 0;
  },
};
