import { catalogStats } from '../catalog';
import { hubStatus } from '../hub/status';
import { print, printJson, type Command, type CommandContext } from './types';

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the local catalog cache holds (and its team sync state)',
  usage: 'stats [--json]',
  options: {},
  async run(ctx: CommandContext): Promise<number> {
    const s = catalogStats(ctx.desk().db);
    const hub = await hubStatus(ctx.desk().db, ctx.io.env);
    if (ctx.json) {
      printJson(ctx, { ...s, hub });
      return 0;
    }
    const team = !hub.configured
      ? 'no hub (DESKMATE_HUB_URL not set)'
      : `${hub.state === 'paused' ? hub.reason ?? 'paused' : `${hub.behind ?? '?'} rows behind`}; last sync ${hub.lastSyncAt ?? 'never'}; cursor ${hub.cursor ?? 0}; desk "${hub.deskName}"`;
    print(ctx, [
      `products:        ${s.products.toLocaleString('en-US')}${s.demo ? ' (demo catalog)' : ''}`,
      `standalone docs: ${s.standaloneDocs.toLocaleString('en-US')}`,
      `last import:     ${s.lastImportAt ?? 'never'}`,
      `database:        ${mib(s.dbBytes)}  ${ctx.dataDir}`,
      `team sync:       ${team}`,
    ].join('\n'));
    return 0;
  },
};
