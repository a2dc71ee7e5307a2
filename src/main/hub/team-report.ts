// The team usage report: every desk's ledger rows by desk, by model and by day, read from the hub's rollups
// (team-migrations.ts v2) in one GROUPING SETS pass each, with the local report's figures and model comparisons
// (usage/report.ts `figures`, the desk's pricing table).
import { UsageOutcome, type PriceEntry } from '../../shared/usage';
import type { TeamFigures, TeamReport } from '../../shared/team';
import { figures } from '../usage/report';
import { resolveRange, offsetModifier, type TimeRange } from '../usage/ledger';
import type { HubQueryable } from './outbox-push';

type Row = Record<string, string | number | boolean | null>;

const SUM_COLUMNS = [
  'attempts',
  'requests',
  'prompt_tokens',
  'cached_tokens',
  'completion_tokens',
  'estimated',
  'unpriced',
  'cost_pico',
  ...UsageOutcome.options.map((o) => `o_${o}`),
  'offline_requests',
  'escalated',
  'no_information',
];

/**
 * Sums by desk, model and day (and in total) from a rollup: hourly (any UTC offset; hours containing since/until
 * count whole) or daily (UTC days: ~24× fewer rows, used when the range is whole UTC days). $1 since, $2 until
 * (ISO or null), $3 the viewer's UTC offset in minutes (days at that offset). Day sums first, then the groupings.
 */
export function teamSumsSql(grain: 'hour' | 'day'): string {
  const table = grain === 'hour' ? 'hub_usage_hourly' : 'hub_usage_daily';
  return `
  WITH d AS (
    SELECT desk_uid, model, ((${grain} AT TIME ZONE 'UTC') + make_interval(mins => $3::int))::date AS day,
      ${SUM_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
    FROM ${table}
    WHERE ($1::timestamptz IS NULL OR ${grain} >= date_trunc('${grain}', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC')
      AND ($2::timestamptz IS NULL OR ${grain} < $2::timestamptz)
    GROUP BY 1, 2, 3
  )
  SELECT GROUPING(desk_uid) AS g_desk, GROUPING(model) AS g_model, GROUPING(day) AS g_day,
    desk_uid::text AS desk_uid, model, day::text AS day,
    ${SUM_COLUMNS.map((c) => `sum(${c}) AS ${c}`).join(', ')}
  FROM d
  GROUP BY GROUPING SETS ((desk_uid), (model), (day), ())`;
}

/** True when the range is whole UTC days (no offset, bounds at midnight UTC): the daily rollup answers it. */
export function wholeUtcDays(since: string | undefined, until: string | undefined, utcOffsetMinutes: number): boolean {
  const midnight = (iso: string | undefined): boolean => iso === undefined || iso.endsWith('T00:00:00.000Z');
  return utcOffsetMinutes === 0 && midnight(since) && midnight(until);
}

/** Latency histograms by desk, model and UTC day from the daily rollup (the total is the models' sum); $1/$2 as above. */
export const TEAM_LATENCY_SQL = `
  SELECT GROUPING(desk_uid) AS g_desk, GROUPING(model) AS g_model, GROUPING(day) AS g_day,
    desk_uid::text AS desk_uid, model, day::text AS day, bucket, sum(n) AS n
  FROM hub_latency_daily
  WHERE ($1::timestamptz IS NULL OR day >= ($1::timestamptz AT TIME ZONE 'UTC')::date)
    AND ($2::timestamptz IS NULL OR day < (($2::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC')::date + 1)
  GROUP BY GROUPING SETS ((desk_uid, bucket), (model, bucket), (day, bucket))`;

/** Bucket b of the latency histogram holds [RATIO^b, RATIO^(b+1)) ms; reported at its geometric middle (±2%). */
export const LATENCY_RATIO = 1.04;

/** Nearest-rank percentile of a histogram (bucket → count). */
export function histogramPercentile(hist: ReadonlyMap<number, number>, p: number): number | null {
  const buckets = [...hist.entries()].filter(([, n]) => n > 0).sort((a, b) => a[0] - b[0]);
  const total = buckets.reduce((s, [, n]) => s + n, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [b, n] of buckets) {
    seen += n;
    if (seen >= rank) return Math.round(LATENCY_RATIO ** (b + 0.5) * 10) / 10;
  }
  return null;
}

const num = (v: string | number | boolean | null): number => (v === null ? 0 : Number(v));
const rate = (n: number, of: number): number | null => (of > 0 ? n / of : null);

function teamFigures(r: Row, hist: ReadonlyMap<number, number> | undefined, prices: readonly PriceEntry[], own?: string): TeamFigures {
  const requests = num(r.requests);
  const sums = {
    attempts: num(r.attempts),
    requests,
    promptTokens: num(r.prompt_tokens),
    cachedTokens: num(r.cached_tokens),
    completionTokens: num(r.completion_tokens),
    estimatedAttempts: num(r.estimated),
    unpricedAttempts: num(r.unpriced),
    costPico: num(r.cost_pico),
    outcomes: Object.fromEntries(UsageOutcome.options.map((o) => [o, num(r[`o_${o}`])])),
  };
  return {
    ...figures(sums, prices, own),
    latencyP50: hist ? histogramPercentile(hist, 50) : null,
    latencyP95: hist ? histogramPercentile(hist, 95) : null,
    offlineShare: rate(num(r.offline_requests), requests),
    escalationRate: rate(num(r.escalated), requests),
    noInformationRate: rate(num(r.no_information), requests),
  };
}

function groupKey(r: Row): string | null {
  const g = [num(r.g_desk), num(r.g_model), num(r.g_day)].join('');
  if (g === '011') return `desk:${String(r.desk_uid)}`;
  if (g === '101') return `model:${String(r.model)}`;
  if (g === '110') return `day:${String(r.day)}`;
  return g === '111' ? 'total' : null;
}

/** Pure: the report from the SQL rows (sums, latency histograms), the desks' names and the pricing table. */
export function buildTeamReport(
  sums: readonly Row[],
  latency: readonly Row[],
  deskNames: ReadonlyMap<string, string>,
  prices: readonly PriceEntry[],
  opts: TimeRange & { tookMs: number },
): TeamReport {
  const range = resolveRange(opts);
  const hists = new Map<string, Map<number, number>>();
  const add = (key: string, r: Row): void => {
    const h = hists.get(key) ?? new Map<number, number>();
    h.set(num(r.bucket), (h.get(num(r.bucket)) ?? 0) + num(r.n));
    hists.set(key, h);
  };
  for (const r of latency) {
    const key = groupKey(r);
    if (key === null) continue;
    add(key, r);
    if (key.startsWith('model:')) add('total', r);
  }
  const report: TeamReport = {
    since: range.since ?? null,
    until: range.until ?? null,
    utcOffsetMinutes: opts.utcOffsetMinutes ?? 0,
    byDesk: [],
    byModel: [],
    byDay: [],
    totals: teamFigures({}, undefined, prices),
    tookMs: opts.tookMs,
  };
  for (const r of sums) {
    const key = groupKey(r);
    if (key === null) continue;
    const hist = hists.get(key);
    if (key.startsWith('desk:')) {
      const id = String(r.desk_uid);
      report.byDesk.push({ desk: deskNames.get(id) ?? id, deskId: id, ...teamFigures(r, hist, prices) });
    } else if (key.startsWith('model:')) report.byModel.push({ model: String(r.model), ...teamFigures(r, hist, prices, String(r.model)) });
    else if (key.startsWith('day:')) report.byDay.push({ day: String(r.day), ...teamFigures(r, hist, prices) });
    else report.totals = teamFigures(r, hist, prices);
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  report.byDesk.sort((a, b) => cmp(a.desk, b.desk) || cmp(a.deskId, b.deskId));
  report.byModel.sort((a, b) => cmp(a.model, b.model));
  report.byDay.sort((a, b) => cmp(a.day, b.day));
  return report;
}

/** Runs the report at the hub. `prices`: the desk's pricing table (comparisons as in the local report). */
export async function teamReport(hub: HubQueryable, prices: readonly PriceEntry[], opts: TimeRange = {}): Promise<TeamReport> {
  const range = resolveRange(opts);
  offsetModifier(opts.utcOffsetMinutes ?? 0);
  const started = performance.now();
  const bounds = [range.since ?? null, range.until ?? null];
  const [sums, latency, desks] = await Promise.all([
    hub.query(teamSumsSql(wholeUtcDays(range.since, range.until, opts.utcOffsetMinutes ?? 0) ? 'day' : 'hour'), [...bounds, opts.utcOffsetMinutes ?? 0]),
    hub.query(TEAM_LATENCY_SQL, bounds),
    hub.query('SELECT desk_uid::text AS desk_uid, name FROM hub_desks'),
  ]);
  const names = new Map((desks.rows as { desk_uid: string; name: string }[]).map((d) => [d.desk_uid, d.name]));
  return buildTeamReport(sums.rows as Row[], latency.rows as Row[], names, prices, { ...opts, tookMs: Math.round(performance.now() - started) });
}
