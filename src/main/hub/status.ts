// Sync state for `deskmate stats`: what the local cache records (last sync, cursor) and, when a hub is configured,
// how many rows it holds past this desk's cursor (a short probe; an unreachable hub reads as "team sync paused").
import type { Db } from '../db';
import { connectHub } from './connection';
import { hubConfigFrom } from './config';
import { hubBehind, localCursor, META } from './catalog-sync';
import { toHubError } from './errors';
import { getMeta } from '../catalog/store';
import type { HubSyncState } from './syncer';

export async function hubStatus(db: Db, env: NodeJS.ProcessEnv, timeoutMs = 3_000): Promise<HubSyncState> {
  const cfg = hubConfigFrom(env, undefined, getMeta(db, META.deskName));
  const { cursor } = localCursor(db);
  const s: HubSyncState = {
    configured: cfg.url !== undefined,
    state: cfg.url ? 'idle' : 'off',
    deskName: cfg.deskName,
    lastSyncAt: getMeta(db, META.lastSync) ?? null,
    cursor: getMeta(db, META.cursor) !== undefined ? Number(cursor) : null,
    behind: null,
    progress: null,
    reason: null,
  };
  if (!cfg.url) return s;
  try {
    const c = await connectHub(cfg.url, { connectTimeoutMs: timeoutMs, statementTimeoutMs: timeoutMs, applicationName: 'deskmate stats' });
    try {
      s.behind = await hubBehind(c, cursor);
    } finally {
      await c.end().catch(() => {});
    }
  } catch (err) {
    s.state = 'paused';
    s.reason = `team sync paused: ${toHubError(err, cfg.url, 'reading the sync state').message}`;
  }
  return s;
}
