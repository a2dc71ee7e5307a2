// The editable pricing table (USD per 1M tokens) and the cost arithmetic.
import type { Db } from '../db';
import { PriceInput, PriceRole, type PriceEntry } from '../../shared/usage';

export interface TokenCounts {
  promptTokens: number;
  cachedTokens: number;
  completionTokens: number;
}

export type Price = Pick<PriceEntry, 'input' | 'cachedInput' | 'output'>;

/** 1 USD in pico-dollars. Costs are integers of this unit so sums stay exact. */
export const PICO_PER_USD = 1e12;

/** A price per 1M tokens in micro-dollars per 1M tokens = pico-dollars per token (exact integer). */
function picoPerToken(usdPerMillion: number): number {
  return Math.round(usdPerMillion * 1e6);
}

/**
 * Cost in pico-dollars: cached prompt tokens at `cachedInput`, the rest of the prompt at `input`,
 * completion at `output`. Integer arithmetic: exact for any realistic row.
 */
export function costPico(price: Price, t: TokenCounts): number {
  const cached = Math.min(t.cachedTokens, t.promptTokens);
  return (
    cached * picoPerToken(price.cachedInput) +
    (t.promptTokens - cached) * picoPerToken(price.input) +
    t.completionTokens * picoPerToken(price.output)
  );
}

/** Cost in USD (the nearest double to the exact figure). */
export function costUsd(price: Price, t: TokenCounts): number {
  return costPico(price, t) / PICO_PER_USD;
}

export function picoToUsd(pico: number): number {
  return pico / PICO_PER_USD;
}

export function usdToPico(usd: number): number {
  return Math.round(usd * PICO_PER_USD);
}

export class UnknownModelPriceError extends Error {
  constructor(readonly model: string) {
    super(`no price for model "${model}"`);
    this.name = 'UnknownModelPriceError';
  }
}

interface PriceRow {
  model: string;
  input: number;
  cached_input: number;
  output: number;
  role: string;
  provider: string;
  note: string;
  updated_at: string;
}

function toEntry(r: PriceRow): PriceEntry {
  return {
    model: r.model,
    input: r.input,
    cachedInput: r.cached_input,
    output: r.output,
    role: PriceRole.parse(r.role),
    provider: r.provider,
    note: r.note,
    updatedAt: r.updated_at,
  };
}

export interface PriceOptions {
  /** Default: unchanged for an existing model, `called` for a new one. */
  role?: PriceRole;
  provider?: string;
  note?: string;
}

/** How long a price read from the table is reused; another process's change (CLI, another worker) applies within it. */
const PRICE_TTL_MS = 2_000;

export class PricingTable {
  private readonly byModel;
  /** Prices looked up for answers (two per answer), by model: this process's own changes clear it at once. */
  private readonly cached = new Map<string, { entry: PriceEntry | undefined; until: number }>();

  constructor(
    private readonly db: Db,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.byModel = db.prepare<[string], PriceRow>('SELECT * FROM usage_prices WHERE model = ?');
  }

  /** Models we call first, then comparisons; by name within each. */
  listPrices(): PriceEntry[] {
    return this.db
      .prepare<[], PriceRow>("SELECT * FROM usage_prices ORDER BY role = 'comparison', model")
      .all()
      .map(toEntry);
  }

  /** Case-insensitive lookup; undefined when the model has no price. */
  getPrice(model: string): PriceEntry | undefined {
    const row = this.byModel.get(model);
    return row ? toEntry(row) : undefined;
  }

  /** getPrice, reused for PRICE_TTL_MS (performance.now clock: a wall-clock jump does not keep a stale price). */
  private cachedPrice(model: string): PriceEntry | undefined {
    const now = performance.now();
    const hit = this.cached.get(model);
    if (hit && hit.until > now) return hit.entry;
    const entry = this.getPrice(model);
    if (this.cached.size > 100) this.cached.clear();
    this.cached.set(model, { entry, until: now + PRICE_TTL_MS });
    return entry;
  }

  /** Creates or replaces a model's prices (USD per 1M tokens). Validates every figure. */
  setPrice(model: string, price: PriceInput, opts: PriceOptions = {}): PriceEntry {
    const name = model.trim();
    if (name === '' || name.length > 200) throw new Error(`model name must be 1–200 characters, got "${model}"`);
    const parsed = PriceInput.safeParse(price);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`invalid price for "${name}": ${issue.path.join('.') || 'price'} ${issue.message}`);
    }
    const role = opts.role === undefined ? undefined : PriceRole.parse(opts.role);
    const existing = this.getPrice(name);
    const p = parsed.data;
    this.cached.clear();
    this.db
      .prepare(
        `INSERT INTO usage_prices (model, input, cached_input, output, role, provider, note, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model) DO UPDATE SET input = excluded.input, cached_input = excluded.cached_input,
           output = excluded.output, role = excluded.role, provider = excluded.provider, note = excluded.note,
           updated_at = excluded.updated_at`,
      )
      .run(
        existing?.model ?? name,
        p.input,
        p.cachedInput,
        p.output,
        role ?? existing?.role ?? 'called',
        opts.provider ?? existing?.provider ?? '',
        opts.note ?? existing?.note ?? '',
        this.clock().toISOString(),
      );
    const saved = this.getPrice(name);
    if (!saved) throw new UnknownModelPriceError(name);
    return saved;
  }

  /** Removes a model's price; false when it had none. */
  deletePrice(model: string): boolean {
    this.cached.clear();
    return this.db.prepare('DELETE FROM usage_prices WHERE model = ?').run(model).changes > 0;
  }

  /** Prices the tokens; an unknown model costs 0 with `priced: false` rather than failing. */
  price(model: string, t: TokenCounts): { costPico: number; priced: boolean } {
    const entry = this.cachedPrice(model);
    return entry ? { costPico: costPico(entry, t), priced: true } : { costPico: 0, priced: false };
  }
}
