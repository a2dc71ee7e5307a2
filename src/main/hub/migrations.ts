// Versioned hub migrations, like the local ones (db.ts): each module versions its own steps from 1 and a journal
// table records what was applied. `deskmate hub init` applies what is pending (idempotent; concurrent inits wait
// for each other on an advisory lock); a desk checks the journal before it syncs and refuses a hub whose schema is
// newer than it understands. Each module lists its migrations in its own file (catalog-migrations.ts, …) and is
// registered in modules.ts.
import type pg from 'pg';
import { HubError } from './errors';

export interface HubMigration {
  version: number;
  name: string;
  /** SQL run in one transaction with the journal row. */
  sql: string;
}

export interface HubMigrationModule {
  module: string;
  migrations: readonly HubMigration[];
  /** Least-privilege grants of this module's tables (see hubRolesSql). */
  grants?: { desk?: readonly string[]; manager?: readonly string[] };
}

export const JOURNAL = 'deskmate_hub_migrations';
/** pg_advisory_lock key of `hub init` (any constant of our own). */
const INIT_LOCK = 0x44534b4d; // "DSKM"

function latest(m: HubMigrationModule): number {
  m.migrations.forEach((x, i) => {
    if (x.version !== i + 1) throw new Error(`hub migrations of ${m.module}: expected version ${i + 1}, found ${x.version}`);
  });
  return m.migrations.length;
}

async function journal(client: pg.ClientBase): Promise<Map<string, number> | undefined> {
  const exists = await client.query<{ t: string | null }>('SELECT to_regclass($1) AS t', [JOURNAL]);
  if (!exists.rows[0]?.t) return undefined;
  const r = await client.query<{ module: string; v: number }>(`SELECT module, max(version)::int AS v FROM ${JOURNAL} GROUP BY module`);
  return new Map(r.rows.map((x) => [x.module, x.v]));
}

function tooNew(applied: Map<string, number>, modules: readonly HubMigrationModule[]): string | undefined {
  for (const [module, v] of applied) {
    const known = modules.find((m) => m.module === module);
    if (!known) return `the hub's schema is newer than this desk understands (module "${module}" v${v} is unknown here): update Deskmate on this desk`;
    if (v > latest(known)) return `the hub's schema is newer than this desk understands (${module} v${v}, this desk knows up to v${latest(known)}): update Deskmate on this desk`;
  }
  return undefined;
}

/** Creates or migrates the hub schema; returns the steps applied ("module vN: name"). Idempotent. */
export async function migrateHub(client: pg.ClientBase, modules: readonly HubMigrationModule[]): Promise<string[]> {
  await client.query('SELECT pg_advisory_lock($1)', [INIT_LOCK]);
  try {
    await client.query(`CREATE TABLE IF NOT EXISTS ${JOURNAL} (
      module text NOT NULL,
      version int NOT NULL,
      name text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (module, version)
    )`);
    const applied = (await journal(client)) ?? new Map<string, number>();
    const problem = tooNew(applied, modules);
    if (problem) throw new HubError('schema', problem);
    const done: string[] = [];
    for (const m of modules) {
      latest(m);
      for (const step of m.migrations) {
        if (step.version <= (applied.get(m.module) ?? 0)) continue;
        await client.query('BEGIN');
        try {
          await client.query(step.sql);
          await client.query(`INSERT INTO ${JOURNAL} (module, version, name) VALUES ($1, $2, $3)`, [m.module, step.version, step.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
        done.push(`${m.module} v${step.version}: ${step.name}`);
      }
    }
    return done;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [INIT_LOCK]).catch(() => {});
  }
}

/**
 * Checks that the hub's schema is one this desk can use: not newer than it knows (any module), and the modules in
 * `need` present at the version this desk expects. Throws a HubError('schema') with one clear line otherwise.
 */
export async function checkHubSchema(client: pg.ClientBase, modules: readonly HubMigrationModule[], need: readonly string[] = modules.map((m) => m.module)): Promise<void> {
  const applied = await journal(client);
  if (!applied) throw new HubError('schema', 'the hub has no Deskmate schema yet: run `deskmate hub init` against it');
  const problem = tooNew(applied, modules);
  if (problem) throw new HubError('schema', problem);
  for (const name of need) {
    const m = modules.find((x) => x.module === name);
    if (m && (applied.get(name) ?? 0) < latest(m)) {
      throw new HubError('schema', `the hub's ${name} schema is older than this desk (v${applied.get(name) ?? 0} < v${latest(m)}): run \`deskmate hub init\` against it`);
    }
  }
}

/** Least-privilege roles as SQL (shown by `deskmate hub roles` and in the README). */
export function hubRolesSql(modules: readonly HubMigrationModule[]): string {
  const desk = modules.flatMap((m) => m.grants?.desk ?? []);
  const manager = modules.flatMap((m) => m.grants?.manager ?? []);
  return [
    '-- Run once as the hub owner (the role that ran `deskmate hub init` and runs `deskmate hub import`).',
    '-- Desks read the catalog and append their own rows; managers read reports. Neither can change the catalog.',
    'CREATE ROLE deskmate_desk NOLOGIN;',
    'CREATE ROLE deskmate_manager NOLOGIN;',
    'GRANT USAGE ON SCHEMA public TO deskmate_desk, deskmate_manager;',
    `GRANT SELECT ON ${JOURNAL} TO deskmate_desk, deskmate_manager;`,
    ...desk.map((g) => `${g.replace(/\{role\}/g, 'deskmate_desk')};`),
    ...manager.map((g) => `${g.replace(/\{role\}/g, 'deskmate_manager')};`),
    '-- One login per desk and per manager. Row-level security lets a desk login write only the desk ids it pushed first:',
    "CREATE ROLE desk_lisbon_01 LOGIN PASSWORD 'change-me' IN ROLE deskmate_desk;",
    "CREATE ROLE manager_ana LOGIN PASSWORD 'change-me' IN ROLE deskmate_manager;",
  ].join('\n');
}
