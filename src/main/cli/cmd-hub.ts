// `deskmate hub init | import FILE | roles`: the team hub (PostgreSQL) from the command line. The hub URL comes
// from DESKMATE_HUB_URL and is never printed (only user@host:port/db).
import { existsSync, statSync } from 'node:fs';
import { ImportFileError, type Format } from '../catalog';
import { connectHub } from '../hub/connection';
import { hubLabel, hubUrlProblem } from '../hub/config';
import { HubError, toHubError } from '../hub/errors';
import { checkHubSchema, hubRolesSql, migrateHub } from '../hub/migrations';
import { hubMigrationModules } from '../hub/modules';
import { hubImportFile } from '../hub/catalog-import';
import { printImportReport, progressLine } from './cmd-import';
import { print, printJson, UsageError, type Command, type CommandContext } from './types';

const FORMATS: readonly string[] = ['jsonl', 'json', 'csv'];

/** The hub URL of a CLI command, or a HubError('config') saying how to set it. */
export function cliHubUrl(ctx: CommandContext): string {
  const url = ctx.io.env.DESKMATE_HUB_URL?.trim();
  if (!url) throw new HubError('config', 'no team hub configured: set DESKMATE_HUB_URL=postgres://USER:PASSWORD@HOST:PORT/DATABASE');
  const problem = hubUrlProblem(url);
  if (problem) throw new HubError('config', `DESKMATE_HUB_URL: ${problem}`);
  return url;
}

/** Prints a hub failure as one line (`deskmate: hub …`), exit code 1. */
export function hubFailure(ctx: CommandContext, err: unknown, url: string | undefined, doing: string): number {
  const e = toHubError(err, url, doing);
  if (ctx.json) printJson(ctx, { error: e.message, kind: e.kind });
  ctx.io.stderr.write(`deskmate: ${e.message}\n`);
  return e.kind === 'interrupted' ? 130 : 1;
}

async function init(ctx: CommandContext, url: string): Promise<number> {
  const client = await connectHub(url);
  try {
    const done = await migrateHub(client, hubMigrationModules);
    if (ctx.json) printJson(ctx, { hub: hubLabel(url), applied: done });
    else {
      print(ctx, done.length ? `hub ${hubLabel(url)}: applied ${done.length} migration(s)` : `hub ${hubLabel(url)}: schema up to date`);
      for (const d of done) print(ctx, `  ${d}`);
      if (done.length) print(ctx, 'Least-privilege roles for desks and managers: `deskmate hub roles` (SQL to run as the hub owner; a desk login writes only its own rows).');
    }
    return 0;
  } finally {
    await client.end().catch(() => {});
  }
}

async function importInto(ctx: CommandContext, url: string): Promise<number> {
  const file = ctx.positionals[1];
  if (!file) throw new UsageError('hub import: missing FILE');
  if (ctx.positionals.length > 2) throw new UsageError(`hub import: one FILE expected, got ${ctx.positionals.length - 1}`);
  const format = ctx.values.format;
  if (format !== undefined && (typeof format !== 'string' || !FORMATS.includes(format))) {
    throw new UsageError(`hub import: --format must be jsonl, json or csv, got "${String(format)}"`);
  }
  if (!existsSync(file) || !statSync(file).isFile()) {
    ctx.io.stderr.write(`deskmate: hub import: no such file: ${file}\n`);
    return 1;
  }
  const client = await connectHub(url, { applicationName: 'deskmate hub import' });
  const tty = ctx.io.stderr.isTTY === true && !ctx.json;
  const t0 = performance.now();
  try {
    await checkHubSchema(client, hubMigrationModules, ['catalog']);
    const report = await hubImportFile(client, file, {
      format: format as Format | undefined,
      signal: ctx.io.signal,
      onProgress: tty ? (p) => ctx.io.stderr.write(`\r${progressLine(p, (performance.now() - t0) / 1000)}`) : undefined,
    });
    if (tty) ctx.io.stderr.write('\n');
    printImportReport(ctx, `${file} → hub ${hubLabel(url)}`, report, (performance.now() - t0) / 1000);
    return 0;
  } catch (err) {
    if (tty) ctx.io.stderr.write('\n');
    if (err instanceof ImportFileError) {
      ctx.io.stderr.write(`deskmate: hub import: ${file}: ${err.message}\n`);
      return 1;
    }
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

export const hubCommand: Command = {
  name: 'hub',
  summary: 'Team hub (PostgreSQL): create/migrate its schema, import the team catalog, print roles',
  usage: 'hub init | hub import FILE [--format jsonl|json|csv] [--json] | hub roles',
  options: { format: { type: 'string' } },
  help: [
    'The hub is a PostgreSQL database given by DESKMATE_HUB_URL (postgres://USER:PASSWORD@HOST:PORT/DB?sslmode=…).',
    '  init         create or migrate the hub schema (idempotent)',
    '  import FILE  like `deskmate import`, into the hub; desks get it with `deskmate sync`',
    '               --format F  jsonl | json | csv (default: from the extension, else sniffed)',
    '               --json      print {"imported","updated","unchanged","rejected":[{"line","error"}]}',
    '  roles        print the least-privilege role SQL (desks read the catalog and append their rows; managers read reports)',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const sub = ctx.positionals[0];
    if (sub === 'roles') {
      print(ctx, hubRolesSql(hubMigrationModules));
      return 0;
    }
    if (sub !== 'init' && sub !== 'import') throw new UsageError(`hub: expected init, import or roles, got ${sub ? `"${sub}"` : 'nothing'}`);
    let url: string | undefined;
    try {
      url = cliHubUrl(ctx);
      return sub === 'init' ? await init(ctx, url) : await importInto(ctx, url);
    } catch (err) {
      if (err instanceof UsageError) throw err;
      return hubFailure(ctx, err, url, sub === 'init' ? 'migrating the hub schema' : 'importing into the hub');
    }
  },
};
