// The usage ledger: one row per attempt. Every dashboard figure is computed from it.
import type { Db } from '../db';
import { UsageMode, UsageOutcome, UsageRecordInput, type UsageRow } from '../../shared/usage';
import { PricingTable, picoToUsd, usdToPico } from './pricing';

/** An instant (Date or ISO time) or a calendar day `YYYY-MM-DD` (a whole day at the range's UTC offset). */
export type TimeBound = Date | string;

export interface TimeRange {
  /** Inclusive. A day means from its start. */
  since?: TimeBound;
  /** Exclusive for instants; a day is included whole (the range ends at the next day's start). */
  until?: TimeBound;
  /** Offset of the viewer's calendar from UTC, for day bounds and day/hour buckets. Default 0. */
  utcOffsetMinutes?: number;
}

export interface LedgerRow {
  id: number;
  at: string;
  session_id: string;
  turn_id: number | null;
  model: string;
  attempt: number;
  prompt_tokens: number;
  completion_tokens: number;
  cached_tokens: number;
  estimated: number;
  ttft_ms: number | null;
  latency_ms: number;
  tokens_per_second: number | null;
  cost_pico: number;
  priced: number;
  outcome: string;
  error_type: string | null;
  mode: string;
}

/** Sums of one day × model group, straight from SQL. */
export interface LedgerGroup {
  day: string;
  model: string;
  attempts: number;
  requests: number;
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
  estimatedAttempts: number;
  unpricedAttempts: number;
  costPico: number;
  outcomes: Partial<Record<UsageOutcome, number>>;
}

/** The timing columns of one attempt, with its bucket label, for latency series. */
export interface TimingRow {
  bucket: string;
  ttftMs: number | null;
  latencyMs: number;
  tokensPerSecond: number | null;
}

export interface TimingQuery extends TimeRange {
  bucket: 'hour' | 'day';
  model?: string;
  outcomes?: readonly UsageOutcome[];
}

export class LedgerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LedgerInputError';
  }
}

const SECRET_PATTERNS: readonly RegExp[] = [/\bBearer\s+[A-Za-z0-9._~+/=-]+/gi, /\bsk-[A-Za-z0-9_-]{6,}/g];

/** Error types are short labels; anything that looks like a key is cut out before it is stored. */
export function redactSecrets(s: string): string {
  return SECRET_PATTERNS.reduce((acc, re) => acc.replace(re, '[redacted]'), s).slice(0, 200);
}

/** Canonical ISO time (lexicographic order = time order), or a LedgerInputError naming the field. */
export function isoTime(v: TimeBound, field: string): string {
  const d = typeof v === 'string' ? new Date(v) : v;
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) throw new LedgerInputError(`${field} is not a valid time: "${String(v)}"`);
  return d.toISOString();
}

const DAY_MS = 86_400_000;

/** Start of a calendar day `YYYY-MM-DD` at a UTC offset, in ms since epoch; NaN unless a real date. */
export function dayStart(day: string, utcOffsetMinutes = 0): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return Number.NaN;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(t).toISOString().slice(0, 10) === day ? t - utcOffsetMinutes * 60_000 : Number.NaN;
}

function bound(v: TimeBound, field: 'since' | 'until', utcOffsetMinutes: number): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) {
    const t = dayStart(v, utcOffsetMinutes);
    if (Number.isNaN(t)) throw new LedgerInputError(`${field} is not a valid date: "${v}"`);
    return new Date(field === 'until' ? t + DAY_MS : t).toISOString();
  }
  return isoTime(v, field);
}

/** The range as ISO instants [since, until); days resolved at the range's UTC offset. */
export function resolveRange(range: TimeRange): { since?: string; until?: string } {
  const offset = range.utcOffsetMinutes ?? 0;
  offsetModifier(offset);
  return {
    since: range.since === undefined ? undefined : bound(range.since, 'since', offset),
    until: range.until === undefined ? undefined : bound(range.until, 'until', offset),
  };
}

export function rangeClause(range: TimeRange, column = 'at'): { sql: string; params: string[] } {
  const r = resolveRange(range);
  const parts: string[] = [];
  const params: string[] = [];
  if (r.since !== undefined) {
    parts.push(`${column} >= ?`);
    params.push(r.since);
  }
  if (r.until !== undefined) {
    parts.push(`${column} < ?`);
    params.push(r.until);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

function toRow(r: LedgerRow): UsageRow {
  return {
    id: r.id,
    at: r.at,
    sessionId: r.session_id,
    turnId: r.turn_id,
    model: r.model,
    attempt: r.attempt,
    promptTokens: r.prompt_tokens,
    completionTokens: r.completion_tokens,
    cachedTokens: r.cached_tokens,
    estimated: r.estimated === 1,
    ttftMs: r.ttft_ms,
    latencyMs: r.latency_ms,
    tokensPerSecond: r.tokens_per_second,
    costUsd: picoToUsd(r.cost_pico),
    priced: r.priced === 1,
    outcome: UsageOutcome.parse(r.outcome),
    errorType: r.error_type,
    mode: UsageMode.parse(r.mode),
  };
}

/** SQLite modifier shifting a UTC time to local calendar time at a fixed offset. */
export function offsetModifier(utcOffsetMinutes: number): string {
  if (!Number.isInteger(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
    throw new LedgerInputError(`utcOffsetMinutes must be an integer within ±840, got ${String(utcOffsetMinutes)}`);
  }
  return `${utcOffsetMinutes >= 0 ? '+' : ''}${utcOffsetMinutes} minutes`;
}

/** A usage row as `UsageLedger.check` made it: the insert's values, in column order. */
export interface CheckedUsageRow {
  readonly values: readonly (string | number | null)[];
}

export class UsageLedger {
  private readonly insert;
  readonly pricing: PricingTable;

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.pricing = new PricingTable(db, clock);
    this.insert = db.prepare(
      `INSERT INTO usage_ledger (at, session_id, turn_id, model, attempt, prompt_tokens, completion_tokens,
         cached_tokens, estimated, ttft_ms, latency_ms, tokens_per_second, cost_pico, priced, outcome, error_type, mode)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  /** Stores one attempt; returns its id. Cost comes from the pricing table unless given. */
  record(input: UsageRecordInput): number {
    return this.insertChecked(this.check(input));
  }

  /**
   * One attempt's row checked (a LedgerInputError names the field) and priced now, stored later by `insertChecked`:
   * a writer that batches rows into one transaction keeps the check and the price out of the time it holds the
   * database's write lock.
   */
  check(input: UsageRecordInput): CheckedUsageRow {
    const parsed = UsageRecordInput.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LedgerInputError(`invalid usage row: ${issue.path.join('.') || 'row'}: ${issue.message}`);
    }
    const r = parsed.data;
    const at = r.at === undefined ? this.clock().toISOString() : isoTime(r.at, 'at');
    const priced = this.pricing.price(r.model, r);
    const cost = r.costUsd === undefined ? priced.costPico : usdToPico(r.costUsd);
    return {
      values: [
        at,
        r.sessionId,
        r.turnId ?? null,
        r.model,
        r.attempt,
        r.promptTokens,
        r.completionTokens,
        r.cachedTokens,
        r.estimated ? 1 : 0,
        r.ttftMs,
        r.latencyMs,
        r.tokensPerSecond,
        cost,
        r.costUsd !== undefined || priced.priced ? 1 : 0,
        r.outcome,
        r.errorType === undefined ? null : redactSecrets(r.errorType),
        r.mode,
      ],
    };
  }

  /** Stores a row from `check`; returns its id. */
  insertChecked(row: CheckedUsageRow): number {
    return Number(this.insert.run(...row.values).lastInsertRowid);
  }

  /** Rows in the range, newest first (or oldest first with order 'asc'). */
  list(opts: TimeRange & { limit?: number; order?: 'asc' | 'desc' } = {}): UsageRow[] {
    const { sql, params } = rangeClause(opts);
    const limit = opts.limit ?? -1;
    if (!Number.isInteger(limit) || limit < -1) throw new LedgerInputError(`limit must be a positive integer, got ${String(opts.limit)}`);
    const dir = opts.order === 'asc' ? 'ASC' : 'DESC';
    return this.db
      .prepare<unknown[], LedgerRow>(`SELECT * FROM usage_ledger ${sql} ORDER BY at ${dir}, id ${dir} LIMIT ?`)
      .all(...params, limit)
      .map(toRow);
  }

  /** SQL aggregation by local day × model (days at `utcOffsetMinutes` from UTC). */
  aggregate(opts: TimeRange = {}): LedgerGroup[] {
    const { sql, params } = rangeClause(opts);
    const mod = offsetModifier(opts.utcOffsetMinutes ?? 0);
    const outcomes = UsageOutcome.options.map((o) => `SUM(outcome = '${o}') AS o_${o}`).join(', ');
    const rows = this.db
      .prepare<unknown[], Record<string, number | string>>(
        `SELECT date(at, ?) AS day, model, COUNT(*) AS attempts, SUM(outcome <> 'retried') AS requests,
           SUM(prompt_tokens) AS promptTokens, SUM(cached_tokens) AS cachedTokens,
           SUM(completion_tokens) AS completionTokens, SUM(estimated) AS estimatedAttempts,
           SUM(1 - priced) AS unpricedAttempts, SUM(cost_pico) AS costPico, ${outcomes}
         FROM usage_ledger ${sql} GROUP BY day, model ORDER BY day, model`,
      )
      .all(mod, ...params);
    return rows.map((r) => ({
      day: String(r.day),
      model: String(r.model),
      attempts: Number(r.attempts),
      requests: Number(r.requests),
      promptTokens: Number(r.promptTokens),
      cachedTokens: Number(r.cachedTokens),
      completionTokens: Number(r.completionTokens),
      estimatedAttempts: Number(r.estimatedAttempts),
      unpricedAttempts: Number(r.unpricedAttempts),
      costPico: Number(r.costPico),
      outcomes: Object.fromEntries(UsageOutcome.options.map((o) => [o, Number(r[`o_${o}`])])),
    }));
  }

  /** Timing columns of the range's attempts with their bucket label (`YYYY-MM-DD` or `YYYY-MM-DDTHH:00`). */
  timings(opts: TimingQuery): TimingRow[] {
    const { sql, params } = rangeClause(opts);
    const mod = offsetModifier(opts.utcOffsetMinutes ?? 0);
    const bucket = opts.bucket === 'hour' ? "strftime('%Y-%m-%dT%H:00', at, ?)" : 'date(at, ?)';
    const where = sql === '' ? [] : [sql.replace(/^WHERE /, '')];
    const whereParams: string[] = [...params];
    if (opts.model !== undefined) {
      where.push('model = ?');
      whereParams.push(opts.model);
    }
    if (opts.outcomes !== undefined) {
      const outs = opts.outcomes.map((o) => UsageOutcome.parse(o));
      where.push(`outcome IN (${outs.map(() => '?').join(', ') || "''"})`);
      whereParams.push(...outs);
    }
    return this.db
      .prepare<unknown[], TimingRow>(
        `SELECT ${bucket} AS bucket, ttft_ms AS ttftMs, latency_ms AS latencyMs, tokens_per_second AS tokensPerSecond
         FROM usage_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
      )
      .all(mod, ...whereParams);
  }
}
