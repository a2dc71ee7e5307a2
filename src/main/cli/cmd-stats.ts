import { catalogStats } from '../catalog';
import { print, printJson, type Command, type CommandContext } from './types';

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the local catalog cache holds',
  usage: 'stats [--json]',
  options: {},
  async run(ctx: CommandContext): Promise<number> {
    const s = catalogStats(ctx.desk().db);
    if (ctx.json) {
      printJson(ctx, s);
      return 0;
    }
    print(ctx, [
      `products:        ${s.products.toLocaleString('en-US')}${s.demo ? ' (demo catalog)' : ''}`,
      `standalone docs: ${s.standaloneDocs.toLocaleString('en-US')}`,
      `last import:     ${s.lastImportAt ?? 'never'}`,
      `database:        ${mib(s.dbBytes)}  ${ctx.dataDir}`,
    ].join('\n'));
    return 0;
  },
};
