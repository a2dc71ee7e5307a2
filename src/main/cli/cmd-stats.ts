import { catalogStats } from '../catalog';
import { ENV_NAMES, PRECEDENCE_HELP } from '../llm/config';
import { keyOrigin, keyState, missingKeyReason } from '../settings/key-binding';
import { hubStatus } from '../hub/status';
import { print, printJson, type Command, type CommandContext } from './types';
import { localOutboxState } from '../hub/outbox-team';

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the local catalog cache holds, its team sync state, and the upstream this process would use',
  usage: 'stats [--json]',
  options: {},
  help: PRECEDENCE_HELP,
  async run(ctx: CommandContext): Promise<number> {
    const desk = ctx.desk();
    const s = catalogStats(desk.db);
    const baseUrl = desk.settings.get().baseUrl;
    const source = desk.settings.sources().baseUrl;
    const key = keyState(desk.keyBinding);
    // the origin a key belongs to is not secret; the key itself never appears here
    const upstream = { baseUrl, source, apiKey: { ...key, origin: keyOrigin(desk.keyBinding) } };
    const outbox = localOutboxState(desk.db);
    // team sync: never the hub URL, only its state (a short probe of rows behind when a hub is configured)
    const hub = await hubStatus(desk.db, ctx.io.env);
    if (ctx.json) {
      printJson(ctx, { ...s, upstream, hub, outbox });
      return 0;
    }
    const from = source === 'env' ? `from ${ENV_NAMES.baseUrl}` : source === 'settings' ? 'from stored settings' : 'default';
    const team = !hub.configured
      ? 'no hub (DESKMATE_HUB_URL not set)'
      : `${hub.state === 'paused' ? (hub.reason ?? 'paused') : `${hub.behind ?? '?'} rows behind`}; last sync ${hub.lastSyncAt ?? 'never'}; cursor ${hub.cursor ?? 0}; desk "${hub.deskName}"`;
    print(ctx, [
      `products:        ${s.products.toLocaleString('en-US')}${s.demo ? ' (demo catalog)' : ''}`,
      `standalone docs: ${s.standaloneDocs.toLocaleString('en-US')}`,
      `last import:     ${s.lastImportAt ?? 'never'}`,
      `database:        ${mib(s.dbBytes)}  ${ctx.dataDir}`,
      `team sync:       ${team}`,
      `base URL:        ${baseUrl}  (${from})`,
      `API key:         ${key.set ? `set (${key.source})` : (missingKeyReason(desk.keyBinding) ?? 'not set')}`,
      ...(outbox.enabled
        ? [`team outbox:     ${outbox.paused ? `team sync paused — ${outbox.waiting.toLocaleString('en-US')} waiting (${outbox.lastError})` : `${outbox.waiting.toLocaleString('en-US')} waiting, ${outbox.pushed.toLocaleString('en-US')} pushed, last ${outbox.lastPushAt ?? 'never'}`}`]
        : []),
    ].join('\n'));
    return 0;
  },
};
