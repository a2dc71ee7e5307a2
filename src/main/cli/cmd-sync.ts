// `deskmate sync`: brings this desk's catalog cache up to date with the team hub once (DESKMATE_HUB_URL).
import { connectHub } from '../hub/connection';
import { hubLabel } from '../hub/config';
import { syncCatalog } from '../hub/catalog-sync';
import { cliHubUrl, hubFailure } from './cmd-hub';
import { print, printJson, type Command, type CommandContext } from './types';

export const syncCommand: Command = {
  name: 'sync',
  summary: 'Bring the local catalog cache up to date with the team hub (DESKMATE_HUB_URL)',
  usage: 'sync [--json]',
  options: {},
  help: [
    'Pulls the catalog changes since this desk’s cursor, in batches each committed with the cursor (interrupt it',
    'at any moment and run it again: nothing is lost or duplicated). The first sync into a desk streams the whole',
    'catalog and removes the demo catalog.',
    'Then pushes this desk’s sessions, turns and usage rows waiting in its outbox (idempotent: a cut push is resent).',
    '  --json  print {"pulled","cursor","behind","first","imported","updated","unchanged","stockOnly","deleted","tookMs","pushed","waiting"}',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    let url: string | undefined;
    try {
      url = cliHubUrl(ctx);
      const client = await connectHub(url, { applicationName: 'deskmate sync' });
      const tty = ctx.io.stderr.isTTY === true && !ctx.json;
      try {
        let last = 0;
        const r = await syncCatalog(ctx.desk().db, client, {
          signal: ctx.io.signal,
          onProgress: tty
            ? (p) => {
                const now = performance.now();
                if (now - last < 200) return;
                last = now;
                ctx.io.stderr.write(`\rsyncing: ${p.pulled.toLocaleString('en-US')} / ${p.total.toLocaleString('en-US')} rows`);
              }
            : undefined,
        });
        if (tty && last) ctx.io.stderr.write('\n');
        // This desk's sessions, turns and ledger rows waiting in the outbox go to the hub (hub2: outbox-push.ts).
        const pushed = await ctx.desk().team()?.push({ signal: ctx.io.signal });
        if (ctx.json) {
          printJson(ctx, { pulled: r.pulled, cursor: r.cursor, behind: r.behind, first: r.first, ...r.report, stockOnly: r.stockOnly, deleted: r.deleted, tookMs: Math.round(r.tookMs), pushed: pushed?.pushed ?? 0, waiting: pushed?.waiting ?? 0 });
          return 0;
        }
        print(ctx, `hub ${hubLabel(url)}: ${r.pulled.toLocaleString('en-US')} rows pulled (${r.report.imported} new, ${r.report.updated} updated, ${r.report.unchanged} unchanged), cursor ${r.cursor}, ${r.behind} behind (${(r.tookMs / 1000).toFixed(1)} s)`);
        if (pushed) print(ctx, `outbox: ${pushed.pushed.toLocaleString('en-US')} rows pushed to the hub, ${pushed.waiting.toLocaleString('en-US')} waiting`);
        return 0;
      } finally {
        await client.end().catch(() => {});
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') {
        ctx.io.stderr.write('deskmate: sync interrupted; the rows synced so far are kept, run it again to continue\n');
        return 130;
      }
      return hubFailure(ctx, err, url, 'syncing the catalog');
    }
  },
};
