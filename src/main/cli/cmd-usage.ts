import { LatencyBucket, PriceRole } from '../../shared/usage';
import { dayStart, UsageLedger } from '../usage/ledger';
import { usageReport } from '../usage/report';
import { latencySeries } from '../usage/latency';
import { toCsv } from '../usage/csv';
import { formatLatency, formatPrices, formatReport } from '../usage/format';
import { print, printJson, UsageError, type Command, type CommandContext } from './types';
import { formatTeamReport, teamCsv } from '../hub/team-report-format';

/** Checks a `YYYY-MM-DD` flag value (a real calendar day) or throws a UsageError naming the flag. */
export function dayOption(ctx: CommandContext, flag: 'since' | 'until'): string | undefined {
  const value = ctx.values[flag];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || Number.isNaN(dayStart(value))) {
    throw new UsageError(`--${flag} must be a date YYYY-MM-DD, got "${String(value)}"`);
  }
  return value;
}

/** --since and --until: whole calendar days (both included) at the UTC offset. */
export function dayRange(ctx: CommandContext): { since?: string; until?: string } {
  const since = dayOption(ctx, 'since');
  const until = dayOption(ctx, 'until');
  if (since !== undefined && until !== undefined && since > until) {
    throw new UsageError(`--since ${since} is after --until ${until}`);
  }
  return { since, until };
}

function offsetOption(ctx: CommandContext): number {
  const raw = ctx.values['utc-offset'];
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || Math.abs(n) > 840) {
    throw new UsageError(`--utc-offset must be minutes from UTC within ±840 (e.g. 480 for UTC+8), got "${String(raw)}"`);
  }
  return n;
}

function priceOption(ctx: CommandContext, flag: string, fallback: number | undefined): number {
  const raw = ctx.values[flag];
  if (raw === undefined) {
    if (fallback === undefined) throw new UsageError(`set-price: --${flag} is required for a new model`);
    return fallback;
  }
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < 0) {
    throw new UsageError(`--${flag} must be a price in USD per 1M tokens (≥ 0), got "${String(raw)}"`);
  }
  return n;
}

/** `usage --team`: every desk's usage, read at the hub (the desk's own pricing table for comparisons). */
async function teamReport(ctx: CommandContext, csv: boolean, range: { since?: string; until?: string }, utcOffsetMinutes: number): Promise<number> {
  const desk = ctx.desk();
  const team = desk.team();
  if (!team) throw new UsageError('usage --team needs the team hub: set DESKMATE_HUB_URL (or the hub in Settings)');
  const r = await team.report(desk.ledger.pricing.listPrices(), { ...range, utcOffsetMinutes });
  if (csv) ctx.io.stdout.write(teamCsv(r));
  else if (ctx.json) printJson(ctx, r);
  else print(ctx, formatTeamReport(r));
  return 0;
}

async function report(ctx: CommandContext): Promise<number> {
  const csv = ctx.values.csv === true;
  if (csv && ctx.json) throw new UsageError('usage: choose one of --json or --csv');
  const utcOffsetMinutes = offsetOption(ctx);
  const range = dayRange(ctx);
  if (ctx.values.team === true) return teamReport(ctx, csv, range, utcOffsetMinutes);
  const ledger = new UsageLedger(ctx.desk().db);
  const r = usageReport(ledger, ledger.pricing, { ...range, utcOffsetMinutes });
  if (csv) ctx.io.stdout.write(toCsv(r));
  else if (ctx.json) printJson(ctx, r);
  else print(ctx, formatReport(r));
  return 0;
}

function latency(ctx: CommandContext): number {
  const utcOffsetMinutes = offsetOption(ctx);
  const bucket = LatencyBucket.safeParse(ctx.values.bucket ?? 'day');
  if (!bucket.success) throw new UsageError(`--bucket must be hour or day, got "${String(ctx.values.bucket)}"`);
  const model = typeof ctx.values.model === 'string' ? ctx.values.model : undefined;
  const s = latencySeries(new UsageLedger(ctx.desk().db), { ...dayRange(ctx), utcOffsetMinutes, bucket: bucket.data, model });
  if (ctx.json) printJson(ctx, s);
  else print(ctx, formatLatency(s));
  return 0;
}

function prices(ctx: CommandContext): number {
  const list = new UsageLedger(ctx.desk().db).pricing.listPrices();
  if (ctx.json) printJson(ctx, list);
  else print(ctx, formatPrices(list));
  return 0;
}

function setPrice(ctx: CommandContext): number {
  const model = ctx.positionals[1];
  if (!model) throw new UsageError('set-price: give a model name, e.g. `deskmate usage set-price kimi-k2.6 --output 4`');
  const role = ctx.values.role === undefined ? undefined : PriceRole.safeParse(ctx.values.role);
  if (role && !role.success) throw new UsageError(`--role must be called or comparison, got "${String(ctx.values.role)}"`);
  const pricing = new UsageLedger(ctx.desk().db).pricing;
  const old = pricing.getPrice(model);
  const input = priceOption(ctx, 'input', old?.input);
  const entry = pricing.setPrice(
    model,
    { input, cachedInput: priceOption(ctx, 'cached-input', old?.cachedInput ?? input), output: priceOption(ctx, 'output', old?.output) },
    { role: role?.data, note: typeof ctx.values.note === 'string' ? ctx.values.note : undefined },
  );
  if (ctx.json) printJson(ctx, entry);
  else print(ctx, formatPrices([entry]));
  return 0;
}

export const usageCommand: Command = {
  name: 'usage',
  summary: 'Usage and cost by day and model, prices, latency (all from the ledger)',
  usage: [
    'usage [--team] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--utc-offset MIN] [--json | --csv]',
    '       deskmate usage latency [--bucket hour|day] [--model M] [--since …] [--until …] [--json]',
    '       deskmate usage prices [--json]',
    '       deskmate usage set-price MODEL [--input USD] [--cached-input USD] [--output USD] [--role called|comparison] [--note TEXT]',
  ].join('\n'),
  options: {
    since: { type: 'string' },
    until: { type: 'string' },
    csv: { type: 'boolean' },
    team: { type: 'boolean' },
    'utc-offset': { type: 'string' },
    bucket: { type: 'string' },
    model: { type: 'string' },
    input: { type: 'string' },
    'cached-input': { type: 'string' },
    output: { type: 'string' },
    role: { type: 'string' },
    note: { type: 'string' },
  },
  help: [
    '--since / --until  first / last day included (calendar days at --utc-offset; default UTC)',
    '--utc-offset MIN   minutes from UTC for day boundaries, e.g. 480 for UTC+8',
    '--csv              the day × model rows as CSV (RFC 4180), with a cost column per priced model',
    '--team             every desk of the team, read at the hub (DESKMATE_HUB_URL): by desk, model and day, with',
    '                   latency p50/p95, offline share, escalation and no-information rates (--json: byDesk, …)',
    'requests count answered questions (final attempts); attempts include retries.',
    'prices are USD per 1M tokens; set-price on a new model needs --input and --output',
    '(--cached-input defaults to --input); an unpriced model is recorded at $0 and flagged.',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const sub = ctx.positionals[0] ?? 'report';
    const max = sub === 'set-price' ? 2 : 1;
    if (ctx.positionals.length > max) throw new UsageError(`usage ${sub}: unexpected argument "${ctx.positionals[max]}"`);
    if (sub === 'report') return report(ctx);
    if (sub === 'latency') return latency(ctx);
    if (sub === 'prices') return prices(ctx);
    if (sub === 'set-price') return setPrice(ctx);
    throw new UsageError(`usage: unknown subcommand "${sub}" (try: report, latency, prices, set-price)`);
  },
};
