import { catalogStats } from '../catalog';
import { ENV_NAMES, PRECEDENCE_HELP } from '../llm/config';
import { keyOrigin, keyState, missingKeyReason } from '../settings/key-binding';
import { print, printJson, type Command, type CommandContext } from './types';

function mib(n: number): string {
  return `${(n / 1048576).toFixed(1)} MiB`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'Show what the local catalog cache holds, and the upstream this process would use',
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
    if (ctx.json) {
      printJson(ctx, { ...s, upstream });
      return 0;
    }
    const from = source === 'env' ? `from ${ENV_NAMES.baseUrl}` : source === 'settings' ? 'from stored settings' : 'default';
    print(ctx, [
      `products:        ${s.products.toLocaleString('en-US')}${s.demo ? ' (demo catalog)' : ''}`,
      `standalone docs: ${s.standaloneDocs.toLocaleString('en-US')}`,
      `last import:     ${s.lastImportAt ?? 'never'}`,
      `database:        ${mib(s.dbBytes)}  ${ctx.dataDir}`,
      `base URL:        ${baseUrl}  (${from})`,
      `API key:         ${key.set ? `set (${key.source})` : (missingKeyReason(desk.keyBinding) ?? 'not set')}`,
    ].join('\n'));
    return 0;
  },
};
