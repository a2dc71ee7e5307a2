import type { Db, Migration } from '../db';

interface Seed {
  model: string;
  input: number;
  cachedInput: number;
  output: number;
  role: 'called' | 'comparison';
  provider: string;
  note: string;
}

/** List prices per 1M tokens (USD) at the time of writing; editable afterwards with `PricingTable.setPrice`. */
export const PRICE_SEEDS: readonly Seed[] = [
  { model: 'kimi-k2.6', input: 0.95, cachedInput: 0.16, output: 4.0, role: 'called', provider: 'moonshot', note: '' },
  { model: 'kimi-k3', input: 3.0, cachedInput: 0.3, output: 15.0, role: 'called', provider: 'moonshot', note: '' },
  { model: 'moonshot-v1-128k', input: 2.0, cachedInput: 2.0, output: 5.0, role: 'called', provider: 'moonshot', note: 'no cache discount' },
  { model: 'moonshot-v1-32k', input: 1.0, cachedInput: 1.0, output: 3.0, role: 'called', provider: 'moonshot', note: 'no cache discount' },
  { model: 'moonshot-v1-8k', input: 0.2, cachedInput: 0.2, output: 2.0, role: 'called', provider: 'moonshot', note: 'no cache discount' },
  { model: 'gpt-4.1', input: 2.0, cachedInput: 0.5, output: 8.0, role: 'comparison', provider: 'openai', note: '' },
  { model: 'claude-sonnet-4.5', input: 3.0, cachedInput: 0.3, output: 15.0, role: 'comparison', provider: 'anthropic', note: '' },
  { model: 'gemini-2.5-flash', input: 0.3, cachedInput: 0.03, output: 2.5, role: 'comparison', provider: 'google', note: '' },
  { model: 'deepseek-v3.2', input: 0.28, cachedInput: 0.028, output: 0.42, role: 'comparison', provider: 'deepseek', note: '' },
  { model: 'gateway-plan', input: 0, cachedInput: 0, output: 0.42, role: 'comparison', provider: 'gateway', note: 'input included in the plan' },
];

function createTables(db: Db): void {
  db.exec(`
    CREATE TABLE usage_prices (
      model TEXT PRIMARY KEY COLLATE NOCASE,
      input REAL NOT NULL CHECK (input >= 0),
      cached_input REAL NOT NULL CHECK (cached_input >= 0),
      output REAL NOT NULL CHECK (output >= 0),
      role TEXT NOT NULL CHECK (role IN ('called', 'comparison')),
      provider TEXT NOT NULL DEFAULT '',
      note TEXT NOT NULL DEFAULT '',
      updated_at TEXT NOT NULL
    );

    -- One row per attempt. cost_pico: cost in 1e-12 USD (integer, so sums are exact).
    CREATE TABLE usage_ledger (
      id INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      session_id TEXT NOT NULL,
      turn_id INTEGER,
      model TEXT NOT NULL,
      attempt INTEGER NOT NULL CHECK (attempt >= 1),
      prompt_tokens INTEGER NOT NULL,
      completion_tokens INTEGER NOT NULL,
      cached_tokens INTEGER NOT NULL,
      estimated INTEGER NOT NULL CHECK (estimated IN (0, 1)),
      ttft_ms REAL,
      latency_ms REAL NOT NULL,
      tokens_per_second REAL,
      cost_pico INTEGER NOT NULL,
      priced INTEGER NOT NULL CHECK (priced IN (0, 1)),
      outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'interrupted', 'aborted', 'error', 'retried', 'offline')),
      error_type TEXT,
      mode TEXT NOT NULL CHECK (mode IN ('online', 'offline'))
    );
    CREATE INDEX usage_ledger_at ON usage_ledger (at);
    CREATE INDEX usage_ledger_session ON usage_ledger (session_id);
  `);
}

function seedPrices(db: Db): void {
  const insert = db.prepare(
    `INSERT OR IGNORE INTO usage_prices (model, input, cached_input, output, role, provider, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const s of PRICE_SEEDS) insert.run(s.model, s.input, s.cachedInput, s.output, s.role, s.provider, s.note, now);
}

export const usageMigrations: readonly Migration[] = [
  { version: 1, name: 'usage ledger and pricing table', up: createTables },
  { version: 2, name: 'seed list prices', up: seedPrices },
  // Nothing reads the ledger by session (reports, CSV and the hub outbox read by time or id), and the index's random
  // keys cost a leaf page of the WAL per answer in a desk with months of rows (issue 13).
  { version: 3, name: 'no ledger index by session', up: (db) => db.exec('DROP INDEX IF EXISTS usage_ledger_session') },
];
