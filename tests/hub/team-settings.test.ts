// The team side follows the hub set in Settings (hub.configure → desk.hubSecrets, the stored desk name), not only
// DESKMATE_HUB_URL: the outbox pushes there, under the stored name, and a changed or cleared URL is followed.
import { afterEach, describe, expect, it } from 'vitest';
import { usePgCluster } from '../support/pg-cluster';
import { startFixture } from '../support/engine-fixture';
import { hubPool } from './team-support';
import { historyDeadlineFrom } from '../../src/main/hub/history';

const cluster = usePgCluster();
const open: { close(): Promise<unknown> | void }[] = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await o.close();
});

const ctx = { transport: 'http' as const };
const deskNames = async (pool: { query(q: string): Promise<{ rows: { name: string }[] }> }): Promise<string[]> =>
  (await pool.query('SELECT name FROM hub_desks ORDER BY name')).rows.map((r) => r.name);

describe('team hub configured in Settings', () => {
  it('pushes to the URL set in Settings under the stored desk name, follows a new URL, stops when cleared', async () => {
    const [url1, url2] = [await cluster.createDb(), await cluster.createDb()];
    const [hub1, hub2] = [await hubPool(url1), await hubPool(url2)];
    open.push({ close: () => hub1.end() }, { close: () => hub2.end() });
    // no DESKMATE_HUB_URL / DESKMATE_DESK_NAME: only Settings can name the hub and the desk
    const f = await startFixture({ env: { DESKMATE_HUB_URL: '', DESKMATE_DESK_NAME: '' } });
    open.push(f);
    expect(f.desk.team()).toBeNull();

    const r = await f.desk.dispatch('hub.configure', { url: url1, deskName: 'front-desk-7' }, ctx);
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r)).not.toContain(url1); // the URL (with its password) is never returned
    const team = f.desk.team();
    expect(team?.deskName).toBe('front-desk-7');
    await f.desk.engine.ask({ text: 'Battery of the X1?', customerId: 'cust-S', offline: true });
    await team!.push();
    expect(await deskNames(hub1)).toEqual(['front-desk-7']);
    expect(Number((await hub1.query('SELECT count(*) FROM hub_turns')).rows[0].count)).toBe(2);

    // a new URL (and name) in Settings: a new connection, the new hub gets everything this desk has
    await f.desk.dispatch('hub.configure', { url: url2, deskName: 'front-desk-8' }, ctx);
    const moved = f.desk.team();
    expect(moved).not.toBe(team);
    expect(moved?.deskName).toBe('front-desk-8');
    await f.desk.engine.ask({ text: 'And the mouse?', customerId: 'cust-S', offline: true });
    await moved!.push();
    expect(await deskNames(hub2)).toEqual(['front-desk-8']);
    // another hub (hub_info.hub_id) gets every row of the desk, also those the old hub already had
    expect(Number((await hub2.query('SELECT count(*) FROM hub_turns')).rows[0].count)).toBe(4);
    expect(Number((await hub2.query('SELECT count(*) FROM hub_sessions')).rows[0].count)).toBe(2);
    expect(Number((await hub1.query('SELECT count(*) FROM hub_turns')).rows[0].count)).toBe(2); // the old hub keeps its own
    // and back to the first hub: only what it lacks changes anything (idempotent upserts, no duplicate)
    await f.desk.dispatch('hub.configure', { url: url1 }, ctx);
    await f.desk.team()!.push();
    expect(Number((await hub1.query('SELECT count(*) FROM hub_turns')).rows[0].count)).toBe(4);
    expect(Number((await hub1.query('SELECT count(*) FROM hub_usage')).rows[0].count)).toBe(2);

    // cleared: no hub, nothing runs
    await f.desk.dispatch('hub.configure', { url: null }, ctx);
    expect(f.desk.team()).toBeNull();
    const outbox = await f.desk.dispatch('team.outbox', {}, ctx);
    expect(outbox.ok).toBe(true);
  });

  it('DESKMATE_HUB_HISTORY_MS sets the history deadline (a bad value: the default and a warning naming it)', async () => {
    expect(historyDeadlineFrom({})).toEqual({ ms: 150 });
    expect(historyDeadlineFrom({ DESKMATE_HUB_HISTORY_MS: '400' })).toEqual({ ms: 400 });
    for (const bad of ['0', '1.5', 'fast', '20000']) expect(historyDeadlineFrom({ DESKMATE_HUB_HISTORY_MS: bad }).ms).toBe(150);
    const f = await startFixture({ env: { DESKMATE_HUB_HISTORY_MS: 'fast' } });
    open.push(f);
    expect(f.desk.config.warnings.join(' ')).toMatch(/DESKMATE_HUB_HISTORY_MS must be a whole number of milliseconds from 1 to 10000 \(got "fast"\)/);
  });

  it('DESKMATE_HUB_URL wins over Settings, the stored desk name still applies', async () => {
    const [envUrl, settingsUrl] = [await cluster.createDb(), await cluster.createDb()];
    const [hubEnv, hubSettings] = [await hubPool(envUrl), await hubPool(settingsUrl)];
    open.push({ close: () => hubEnv.end() }, { close: () => hubSettings.end() });
    const f = await startFixture({ env: { DESKMATE_HUB_URL: envUrl, DESKMATE_DESK_NAME: '' } });
    open.push(f);
    await f.desk.dispatch('hub.configure', { url: settingsUrl, deskName: 'named-in-settings' }, ctx);
    await f.desk.engine.ask({ text: 'Battery of the X1?', offline: true });
    await f.desk.team()!.push();
    expect(await deskNames(hubEnv)).toEqual(['named-in-settings']);
    expect(await deskNames(hubSettings)).toEqual([]);
  });
});
