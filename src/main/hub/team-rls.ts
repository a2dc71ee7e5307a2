// Least privilege at the hub for the team tables (team migration v4): a desk's login may write only its own rows.
// hub_desks records which login owns each desk id (the role that first pushed it); row-level security lets a
// role insert, update and delete sessions, turns and ledger rows only under desk ids it owns, while every desk
// still reads the whole team's sessions and turns (customer history) and everyone granted SELECT reads the usage
// (reports). The rollups are written only by their triggers (SECURITY DEFINER), so no desk needs write access to
// them. The hub owner (who runs `hub init`) owns the tables and is not bound by these policies.

const OWNED = ['hub_sessions', 'hub_turns', 'hub_usage'] as const;

export const TEAM_RLS_SQL = `
  -- NULL: a desk registered before this migration; its next push claims it for the login that pushes.
  ALTER TABLE hub_desks ADD COLUMN owner name;
  ALTER TABLE hub_desks ALTER COLUMN owner SET DEFAULT current_user;

  CREATE FUNCTION deskmate_owns_desk(uuid) RETURNS boolean LANGUAGE sql STABLE
    AS $fn$ SELECT EXISTS (SELECT 1 FROM hub_desks WHERE desk_uid = $1 AND owner = current_user) $fn$;

  ALTER TABLE hub_desks ENABLE ROW LEVEL SECURITY;
  CREATE POLICY hub_desks_read ON hub_desks FOR SELECT USING (true);
  CREATE POLICY hub_desks_register ON hub_desks FOR INSERT WITH CHECK (owner = current_user);
  CREATE POLICY hub_desks_own ON hub_desks FOR UPDATE USING (owner IS NULL OR owner = current_user) WITH CHECK (owner = current_user);
  CREATE POLICY hub_desks_remove ON hub_desks FOR DELETE USING (owner = current_user);
${OWNED.map(
  (t) => `
  ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY;
  CREATE POLICY ${t}_read ON ${t} FOR SELECT USING (true);
  CREATE POLICY ${t}_own ON ${t} FOR ALL USING (deskmate_owns_desk(desk_uid)) WITH CHECK (deskmate_owns_desk(desk_uid));`,
).join('')}

  -- the rollups are kept by their triggers, with the owner's rights: desks only read them
  ALTER FUNCTION hub_usage_rollup_insert() SECURITY DEFINER SET search_path FROM CURRENT;
  ALTER FUNCTION hub_usage_rollup_update() SECURITY DEFINER SET search_path FROM CURRENT;
  DO $do$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'deskmate_desk') THEN
      REVOKE INSERT, UPDATE, DELETE ON hub_usage_hourly, hub_usage_daily, hub_latency_daily FROM deskmate_desk;
    END IF;
  END $do$;
`;
