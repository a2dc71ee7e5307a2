// Compact human-readable text of usage reports, prices and latency series (for the CLI).
import type { LatencySeries, PriceEntry, UsageReport } from '../../shared/usage';

type Cell = string | number;

/** Columns padded to the widest cell; `align` holds one 'l' or 'r' per column (default left). */
export function table(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>, align = ''): string {
  const all = [header, ...rows];
  const right = header.map((_, i) => align[i] === 'r');
  const text = all.map((r) => r.map((c) => String(c)));
  const width = header.map((_, i) => Math.max(...text.map((r) => (r[i] ?? '').length)));
  return text
    .map((r) => r.map((c, i) => (right[i] ? c.padStart(width[i]) : c.padEnd(width[i]))).join('  ').trimEnd())
    .join('\n');
}

export function int(n: number): string {
  return n.toLocaleString('en-US');
}

/** Dollars: 4 decimals below $100, 2 above. */
export function usd(n: number | null): string {
  if (n === null) return '–';
  return `$${n < 100 ? n.toFixed(4) : n.toFixed(2)}`;
}

function offsetLabel(min: number): string {
  if (min === 0) return 'UTC';
  const sign = min > 0 ? '+' : '-';
  const a = Math.abs(min);
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export function formatReport(r: UsageReport): string {
  const day = (iso: string, deltaMs: number): string =>
    new Date(Date.parse(iso) + deltaMs + r.utcOffsetMinutes * 60_000).toISOString().slice(0, 10);
  const range = `${r.since ? day(r.since, 0) : 'start'} … ${r.until ? day(r.until, -1) : 'now'}`;
  if (r.rows.length === 0) return `usage ${range}: no attempts recorded`;
  const header = ['day', 'model', 'requests', 'attempts', 'prompt', 'cached', 'completion', 'cost', 'per 1k q'];
  const rows = r.rows.map((x) => [
    x.day, x.model, int(x.requests), int(x.attempts), int(x.promptTokens), int(x.cachedTokens),
    int(x.completionTokens), usd(x.costUsd), usd(x.costPer1kQueries),
  ]);
  const t = r.totals;
  rows.push(['total', '', int(t.requests), int(t.attempts), int(t.promptTokens), int(t.cachedTokens), int(t.completionTokens), usd(t.costUsd), usd(t.costPer1kQueries)]);
  const out = [`usage ${range} (days in ${offsetLabel(r.utcOffsetMinutes)})`, table(header, rows, 'llrrrrrrr')];
  if (t.comparisons.length > 0) {
    out.push('', 'the same tokens on each model (current prices):');
    out.push(table(['model', 'role', 'cost', 'per 1k q'], t.comparisons.map((c) => [c.model, c.role, usd(c.costUsd), usd(c.costPer1kQueries)]), 'llrr'));
  }
  const notes: string[] = [];
  if (t.unpricedAttempts > 0) notes.push(`${int(t.unpricedAttempts)} attempts of unpriced models counted at $0 (see \`deskmate usage set-price\`)`);
  if (t.estimatedAttempts > 0) notes.push(`${int(t.estimatedAttempts)} attempts with estimated token counts`);
  if (notes.length) out.push('', ...notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

export function formatPrices(prices: readonly PriceEntry[]): string {
  return [
    'USD per 1M tokens',
    table(
      ['model', 'role', 'input', 'cached input', 'output', 'note'],
      prices.map((p) => [p.model, p.role, usd(p.input), usd(p.cachedInput), usd(p.output), p.note]),
      'llrrrl',
    ),
  ].join('\n');
}

function ms(n: number | null): string {
  return n === null ? '–' : `${Math.round(n)} ms`;
}

export function formatLatency(s: LatencySeries): string {
  if (s.points.length === 0) return 'latency: no completed attempts in range';
  const rows = [...s.points, { bucket: 'all', ...s.totals }].map((p) => [
    p.bucket, int(p.attempts), ms(p.ttftP50), ms(p.ttftP95), ms(p.latencyP50), ms(p.latencyP95),
    p.tokensPerSecondAvg === null ? '–' : p.tokensPerSecondAvg.toFixed(1),
  ]);
  return [
    `latency per ${s.bucket}${s.model ? ` for ${s.model}` : ''} (${offsetLabel(s.utcOffsetMinutes)})`,
    table(['bucket', 'attempts', 'ttft p50', 'ttft p95', 'total p50', 'total p95', 'tok/s'], rows, 'lrrrrrr'),
  ].join('\n');
}
