// Hub schema of the team module: every desk's sessions, turns and ledger rows, keyed by (desk, the row's local
// id) so a push is an idempotent upsert. Versioned like the desk's own migrations (module "team").

import type { HubMigration, HubMigrationModule } from './migrations';
import { TEAM_RLS_SQL } from './team-rls';

const migrations: readonly HubMigration[] = [
  {
    version: 1,
    name: 'desks, sessions, turns and usage of every desk',
    sql: `
      CREATE TABLE hub_desks (
        desk_uid uuid PRIMARY KEY,
        name text NOT NULL,
        first_push_at timestamptz NOT NULL DEFAULT now(),
        last_push_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE hub_sessions (
        desk_uid uuid NOT NULL,
        session_id text NOT NULL,
        customer_id text,
        title text NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        turn_count integer NOT NULL,
        PRIMARY KEY (desk_uid, session_id)
      );
      CREATE INDEX hub_sessions_customer ON hub_sessions (customer_id) WHERE customer_id IS NOT NULL;
      CREATE INDEX hub_sessions_session ON hub_sessions (session_id);
      CREATE TABLE hub_turns (
        desk_uid uuid NOT NULL,
        turn_id bigint NOT NULL,
        session_id text NOT NULL,
        seq integer NOT NULL,
        speaker text NOT NULL,
        text text NOT NULL,
        status text NOT NULL,
        meta jsonb,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (desk_uid, turn_id)
      );
      CREATE INDEX hub_turns_session ON hub_turns (desk_uid, session_id, created_at);
      -- One row per attempt, as in the desk's usage_ledger, plus the answer's escalation/no-information flags.
      CREATE TABLE hub_usage (
        desk_uid uuid NOT NULL,
        id bigint NOT NULL,
        at timestamptz NOT NULL,
        session_id text NOT NULL,
        turn_id bigint,
        model text NOT NULL,
        attempt integer NOT NULL,
        prompt_tokens integer NOT NULL,
        completion_tokens integer NOT NULL,
        cached_tokens integer NOT NULL,
        estimated boolean NOT NULL,
        ttft_ms double precision,
        latency_ms double precision NOT NULL,
        tokens_per_second double precision,
        cost_pico bigint NOT NULL,
        priced boolean NOT NULL,
        outcome text NOT NULL,
        error_type text,
        mode text NOT NULL,
        escalated boolean NOT NULL DEFAULT false,
        no_information boolean NOT NULL DEFAULT false,
        PRIMARY KEY (desk_uid, id)
      );
      CREATE INDEX hub_usage_at ON hub_usage (at);
    `,
  },
  {
    version: 2,
    name: 'usage rollups for the team report (hourly sums, daily latency histograms)',
    sql: `
      -- Kept by statement triggers from the rows an insert really added (a repeated push adds none), so the team
      -- report reads ~1 row per desk × model × hour instead of every attempt.
      CREATE TABLE hub_usage_hourly (
        desk_uid uuid NOT NULL,
        model text NOT NULL,
        hour timestamptz NOT NULL,
        attempts bigint NOT NULL,
        requests bigint NOT NULL,
        prompt_tokens bigint NOT NULL,
        cached_tokens bigint NOT NULL,
        completion_tokens bigint NOT NULL,
        estimated bigint NOT NULL,
        unpriced bigint NOT NULL,
        cost_pico numeric NOT NULL,
        o_ok bigint NOT NULL, o_interrupted bigint NOT NULL, o_aborted bigint NOT NULL, o_error bigint NOT NULL,
        o_retried bigint NOT NULL, o_offline bigint NOT NULL,
        offline_requests bigint NOT NULL,
        escalated bigint NOT NULL,
        no_information bigint NOT NULL,
        PRIMARY KEY (hour, desk_uid, model)
      );
      -- Answered requests' latency on a log scale (bucket b holds [1.04^b, 1.04^(b+1)) ms), per UTC day.
      CREATE TABLE hub_latency_daily (
        desk_uid uuid NOT NULL,
        model text NOT NULL,
        day date NOT NULL,
        bucket integer NOT NULL,
        n bigint NOT NULL,
        PRIMARY KEY (day, desk_uid, model, bucket)
      );

      CREATE FUNCTION hub_usage_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO hub_usage_hourly AS h
        SELECT desk_uid, model, date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
          count(*), count(*) FILTER (WHERE outcome <> 'retried'),
          sum(prompt_tokens), sum(cached_tokens), sum(completion_tokens),
          count(*) FILTER (WHERE estimated), count(*) FILTER (WHERE NOT priced), sum(cost_pico),
          count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'interrupted'),
          count(*) FILTER (WHERE outcome = 'aborted'), count(*) FILTER (WHERE outcome = 'error'),
          count(*) FILTER (WHERE outcome = 'retried'), count(*) FILTER (WHERE outcome = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND mode = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND escalated),
          count(*) FILTER (WHERE outcome <> 'retried' AND no_information)
        FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (hour, desk_uid, model) DO UPDATE SET
          attempts = h.attempts + EXCLUDED.attempts, requests = h.requests + EXCLUDED.requests,
          prompt_tokens = h.prompt_tokens + EXCLUDED.prompt_tokens, cached_tokens = h.cached_tokens + EXCLUDED.cached_tokens,
          completion_tokens = h.completion_tokens + EXCLUDED.completion_tokens, estimated = h.estimated + EXCLUDED.estimated,
          unpriced = h.unpriced + EXCLUDED.unpriced, cost_pico = h.cost_pico + EXCLUDED.cost_pico,
          o_ok = h.o_ok + EXCLUDED.o_ok, o_interrupted = h.o_interrupted + EXCLUDED.o_interrupted,
          o_aborted = h.o_aborted + EXCLUDED.o_aborted, o_error = h.o_error + EXCLUDED.o_error,
          o_retried = h.o_retried + EXCLUDED.o_retried, o_offline = h.o_offline + EXCLUDED.o_offline,
          offline_requests = h.offline_requests + EXCLUDED.offline_requests,
          escalated = h.escalated + EXCLUDED.escalated, no_information = h.no_information + EXCLUDED.no_information;
        INSERT INTO hub_latency_daily AS l
        SELECT desk_uid, model, (at AT TIME ZONE 'UTC')::date, floor(ln(greatest(latency_ms, 1)) / ln(1.04))::int, count(*)
        FROM new_rows WHERE outcome <> 'retried' GROUP BY 1, 2, 3, 4
        ON CONFLICT (day, desk_uid, model, bucket) DO UPDATE SET n = l.n + EXCLUDED.n;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER hub_usage_rollup_insert AFTER INSERT ON hub_usage
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_usage_rollup_insert();

      -- A re-push may set an answer's escalation/no-information flags after the row arrived.
      CREATE FUNCTION hub_usage_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE hub_usage_hourly h SET escalated = h.escalated + d.escalated, no_information = h.no_information + d.no_information
        FROM (
          SELECT n.desk_uid, n.model, date_trunc('hour', n.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS hour,
            sum(n.escalated::int - o.escalated::int) AS escalated, sum(n.no_information::int - o.no_information::int) AS no_information
          FROM new_rows n JOIN old_rows o ON o.desk_uid = n.desk_uid AND o.id = n.id
          WHERE n.outcome <> 'retried' GROUP BY 1, 2, 3
        ) d
        WHERE h.hour = d.hour AND h.desk_uid = d.desk_uid AND h.model = d.model;
        RETURN NULL;
      END $fn$;
      CREATE TRIGGER hub_usage_rollup_update AFTER UPDATE ON hub_usage
        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION hub_usage_rollup_update();
    `,
  },
  {
    version: 3,
    name: 'daily usage sums (UTC days) beside the hourly ones',
    sql: `
      -- The report's usual question (whole UTC days) reads ~24× fewer rows from here; other offsets use the hourly sums.
      CREATE TABLE hub_usage_daily (LIKE hub_usage_hourly INCLUDING ALL);
      ALTER TABLE hub_usage_daily RENAME COLUMN hour TO day;
      INSERT INTO hub_usage_daily
      SELECT desk_uid, model, date_trunc('day', hour AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', sum(attempts), sum(requests),
        sum(prompt_tokens), sum(cached_tokens), sum(completion_tokens), sum(estimated), sum(unpriced), sum(cost_pico),
        sum(o_ok), sum(o_interrupted), sum(o_aborted), sum(o_error), sum(o_retried), sum(o_offline),
        sum(offline_requests), sum(escalated), sum(no_information)
      FROM hub_usage_hourly GROUP BY 1, 2, 3;

      CREATE OR REPLACE FUNCTION hub_usage_rollup_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO hub_usage_hourly AS h
        SELECT desk_uid, model, date_trunc('hour', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*), count(*) FILTER (WHERE outcome <> 'retried'),
          sum(prompt_tokens), sum(cached_tokens), sum(completion_tokens),
          count(*) FILTER (WHERE estimated), count(*) FILTER (WHERE NOT priced), sum(cost_pico),
          count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'interrupted'),
          count(*) FILTER (WHERE outcome = 'aborted'), count(*) FILTER (WHERE outcome = 'error'),
          count(*) FILTER (WHERE outcome = 'retried'), count(*) FILTER (WHERE outcome = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND mode = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND escalated),
          count(*) FILTER (WHERE outcome <> 'retried' AND no_information)
        FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (hour, desk_uid, model) DO UPDATE SET attempts = h.attempts + EXCLUDED.attempts, requests = h.requests + EXCLUDED.requests,
          prompt_tokens = h.prompt_tokens + EXCLUDED.prompt_tokens, cached_tokens = h.cached_tokens + EXCLUDED.cached_tokens,
          completion_tokens = h.completion_tokens + EXCLUDED.completion_tokens, estimated = h.estimated + EXCLUDED.estimated,
          unpriced = h.unpriced + EXCLUDED.unpriced, cost_pico = h.cost_pico + EXCLUDED.cost_pico,
          o_ok = h.o_ok + EXCLUDED.o_ok, o_interrupted = h.o_interrupted + EXCLUDED.o_interrupted,
          o_aborted = h.o_aborted + EXCLUDED.o_aborted, o_error = h.o_error + EXCLUDED.o_error,
          o_retried = h.o_retried + EXCLUDED.o_retried, o_offline = h.o_offline + EXCLUDED.o_offline,
          offline_requests = h.offline_requests + EXCLUDED.offline_requests,
          escalated = h.escalated + EXCLUDED.escalated, no_information = h.no_information + EXCLUDED.no_information;
        INSERT INTO hub_usage_daily AS h
        SELECT desk_uid, model, date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', count(*), count(*) FILTER (WHERE outcome <> 'retried'),
          sum(prompt_tokens), sum(cached_tokens), sum(completion_tokens),
          count(*) FILTER (WHERE estimated), count(*) FILTER (WHERE NOT priced), sum(cost_pico),
          count(*) FILTER (WHERE outcome = 'ok'), count(*) FILTER (WHERE outcome = 'interrupted'),
          count(*) FILTER (WHERE outcome = 'aborted'), count(*) FILTER (WHERE outcome = 'error'),
          count(*) FILTER (WHERE outcome = 'retried'), count(*) FILTER (WHERE outcome = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND mode = 'offline'),
          count(*) FILTER (WHERE outcome <> 'retried' AND escalated),
          count(*) FILTER (WHERE outcome <> 'retried' AND no_information)
        FROM new_rows GROUP BY 1, 2, 3
        ON CONFLICT (day, desk_uid, model) DO UPDATE SET attempts = h.attempts + EXCLUDED.attempts, requests = h.requests + EXCLUDED.requests,
          prompt_tokens = h.prompt_tokens + EXCLUDED.prompt_tokens, cached_tokens = h.cached_tokens + EXCLUDED.cached_tokens,
          completion_tokens = h.completion_tokens + EXCLUDED.completion_tokens, estimated = h.estimated + EXCLUDED.estimated,
          unpriced = h.unpriced + EXCLUDED.unpriced, cost_pico = h.cost_pico + EXCLUDED.cost_pico,
          o_ok = h.o_ok + EXCLUDED.o_ok, o_interrupted = h.o_interrupted + EXCLUDED.o_interrupted,
          o_aborted = h.o_aborted + EXCLUDED.o_aborted, o_error = h.o_error + EXCLUDED.o_error,
          o_retried = h.o_retried + EXCLUDED.o_retried, o_offline = h.o_offline + EXCLUDED.o_offline,
          offline_requests = h.offline_requests + EXCLUDED.offline_requests,
          escalated = h.escalated + EXCLUDED.escalated, no_information = h.no_information + EXCLUDED.no_information;
        INSERT INTO hub_latency_daily AS l
        SELECT desk_uid, model, (at AT TIME ZONE 'UTC')::date, floor(ln(greatest(latency_ms, 1)) / ln(1.04))::int, count(*)
        FROM new_rows WHERE outcome <> 'retried' GROUP BY 1, 2, 3, 4
        ON CONFLICT (day, desk_uid, model, bucket) DO UPDATE SET n = l.n + EXCLUDED.n;
        RETURN NULL;
      END $fn$;

      CREATE OR REPLACE FUNCTION hub_usage_rollup_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        UPDATE hub_usage_hourly h SET escalated = h.escalated + d.escalated, no_information = h.no_information + d.no_information
        FROM (
          SELECT n.desk_uid, n.model, date_trunc('hour', n.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS t,
            sum(n.escalated::int - o.escalated::int) AS escalated, sum(n.no_information::int - o.no_information::int) AS no_information
          FROM new_rows n JOIN old_rows o ON o.desk_uid = n.desk_uid AND o.id = n.id
          WHERE n.outcome <> 'retried' GROUP BY 1, 2, 3
        ) d
        WHERE h.hour = d.t AND h.desk_uid = d.desk_uid AND h.model = d.model;
        UPDATE hub_usage_daily h SET escalated = h.escalated + d.escalated, no_information = h.no_information + d.no_information
        FROM (
          SELECT n.desk_uid, n.model, date_trunc('day', n.at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS t,
            sum(n.escalated::int - o.escalated::int) AS escalated, sum(n.no_information::int - o.no_information::int) AS no_information
          FROM new_rows n JOIN old_rows o ON o.desk_uid = n.desk_uid AND o.id = n.id
          WHERE n.outcome <> 'retried' GROUP BY 1, 2, 3
        ) d
        WHERE h.day = d.t AND h.desk_uid = d.desk_uid AND h.model = d.model;
        RETURN NULL;
      END $fn$;
    `,
  },
  { version: 4, name: 'row-level security: a desk login writes only its own desk rows', sql: TEAM_RLS_SQL },
];

/** Registered in modules.ts. Desks push their own rows and read the team's customer history; managers read reports. */
export const teamHubMigrations: HubMigrationModule = {
  module: 'team',
  migrations,
  grants: {
    // row-level security (team-rls.ts) narrows the writes to the desk ids the login owns
    desk: [
      'GRANT SELECT, INSERT, UPDATE ON hub_desks TO {role}',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON hub_sessions, hub_turns TO {role}',
      'GRANT SELECT, INSERT, UPDATE ON hub_usage TO {role}',
      'GRANT SELECT ON hub_usage_hourly, hub_usage_daily, hub_latency_daily TO {role}',
    ],
    manager: ['GRANT SELECT ON hub_desks, hub_usage, hub_usage_hourly, hub_usage_daily, hub_latency_daily TO {role}'],
  },
};
