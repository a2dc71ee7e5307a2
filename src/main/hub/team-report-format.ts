// The team report as text (CLI) and CSV (one line per desk, model and day group).
import type { TeamFigures, TeamReport } from '../../shared/team';
import { int, table, usd } from '../usage/format';
import { csvLine } from '../usage/csv';

const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null): string => (v === null ? '–' : `${Math.round(v)} ms`);

function cells(f: TeamFigures): string[] {
  return [
    int(f.requests),
    usd(f.costUsd),
    usd(f.costPer1kQueries),
    ms(f.latencyP50),
    ms(f.latencyP95),
    pct(f.offlineShare),
    pct(f.escalationRate),
    pct(f.noInformationRate),
  ];
}

const HEAD = ['requests', 'cost', 'per 1k q', 'p50', 'p95', 'offline', 'escalated', 'no info'];

export function formatTeamReport(r: TeamReport): string {
  const range = `${r.since ?? 'start'} … ${r.until ?? 'now'}`;
  if (r.totals.requests === 0 && r.byDesk.length === 0) return `team usage ${range}: no attempts at the hub`;
  const block = (title: string, rows: string[][]): string => table([title, ...HEAD], rows, 'lrrrrrrrr');
  const out = [
    `team usage ${range} (${r.byDesk.length} desk${r.byDesk.length === 1 ? '' : 's'}, read in ${r.tookMs} ms)`,
    block('desk', [...r.byDesk.map((d) => [d.desk, ...cells(d)]), ['total', ...cells(r.totals)]]),
    '',
    block('model', r.byModel.map((m) => [m.model, ...cells(m)])),
    '',
    block('day', r.byDay.map((d) => [d.day, ...cells(d)])),
  ];
  if (r.totals.comparisons.length > 0) {
    out.push('', 'the team’s tokens on each model (current prices):');
    out.push(table(['model', 'role', 'cost', 'per 1k q'], r.totals.comparisons.map((c) => [c.model, c.role, usd(c.costUsd), usd(c.costPer1kQueries)]), 'llrr'));
  }
  return out.join('\n');
}

/** RFC 4180 CSV: `group` is desk, model, day or total; `key` the desk name / model / day. */
export function teamCsv(r: TeamReport): string {
  const header = ['group', 'key', 'desk_id', 'requests', 'attempts', 'cost_usd', 'cost_per_1k_queries_usd', 'latency_p50_ms', 'latency_p95_ms', 'offline_share', 'escalation_rate', 'no_information_rate'];
  const line = (group: string, key: string, id: string, f: TeamFigures): string =>
    csvLine([group, key, id, f.requests, f.attempts, f.costUsd, f.costPer1kQueries, f.latencyP50, f.latencyP95, f.offlineShare, f.escalationRate, f.noInformationRate]);
  return (
    csvLine(header) +
    r.byDesk.map((d) => line('desk', d.desk, d.deskId, d)).join('') +
    r.byModel.map((m) => line('model', m.model, '', m)).join('') +
    r.byDay.map((d) => line('day', d.day, '', d)).join('') +
    line('total', '', '', r.totals)
  );
}
