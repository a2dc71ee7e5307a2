// Background team sync for a running desk (desktop and `deskmate serve`): while a hub is configured and reachable,
// a LISTEN on the catalog channel wakes a sync as soon as a change commits at the hub, and a poll catches anything
// a dropped listener missed. An unreachable hub pauses sync ("team sync paused") and retries with a growing delay;
// nothing here is on the answer path, and nothing here throws into it.
import type pg from 'pg';
import type { Db } from '../db';
import { getMeta } from '../catalog/store';
import { connectHub } from './connection';
import type { HubConfig } from './config';
import { HubError, toHubError } from './errors';
import { META, syncCatalog } from './catalog-sync';
import { CATALOG_CHANNEL } from './catalog-migrations';

export interface HubSyncState {
  configured: boolean;
  /** off: no hub; syncing; idle: up to date; paused: the hub is unreachable or unusable (see reason). */
  state: 'off' | 'syncing' | 'idle' | 'paused';
  deskName: string;
  lastSyncAt: string | null;
  cursor: number | null;
  /** Rows at the hub past this desk's cursor (null: unknown). */
  behind: number | null;
  /** A sync in progress: rows applied of rows to pull (first: into an empty desk). */
  progress: { pulled: number; total: number; first: boolean } | null;
  /** Why sync is paused, in one line (never the URL or password). */
  reason: string | null;
}

export interface HubSyncerOptions {
  db: Db;
  config: () => HubConfig;
  onChange?: (s: HubSyncState) => void;
  /** Poll interval while listening (ms). */
  pollMs?: number;
  /** First retry delay after a failure (ms), doubling up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Local transaction pause (ms) between sync transactions, so the desk's own writes get through. */
  pauseMs?: number;
}

export class HubSyncer {
  private s: HubSyncState;
  private client: pg.Client | undefined;
  private listener: pg.Client | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private retry: number;
  private stopped = true;
  private abort = new AbortController();
  private lastEmit = 0;

  constructor(private readonly o: HubSyncerOptions) {
    this.retry = o.retryMs ?? 1_000;
    const c = o.config();
    this.s = {
      configured: c.url !== undefined,
      state: c.url ? 'idle' : 'off',
      deskName: c.deskName,
      lastSyncAt: getMeta(o.db, META.lastSync) ?? null,
      cursor: getMeta(o.db, META.cursor) !== undefined ? Number(getMeta(o.db, META.cursor)) : null,
      behind: null,
      progress: null,
      reason: null,
    };
  }

  state(): HubSyncState {
    return { ...this.s };
  }

  private set(patch: Partial<HubSyncState>, throttle = false): void {
    this.s = { ...this.s, ...patch };
    const now = Date.now();
    if (throttle && now - this.lastEmit < 250) return;
    this.lastEmit = now;
    this.o.onChange?.(this.state());
  }

  /** Starts background sync when a hub is configured (no-op otherwise). */
  start(): void {
    const c = this.o.config();
    this.set({ configured: c.url !== undefined, state: c.url ? this.s.state : 'off', deskName: c.deskName, reason: null });
    if (!c.url) return;
    this.stopped = false;
    this.abort = new AbortController();
    this.poll = setInterval(() => this.kick(), this.o.pollMs ?? 10_000);
    this.poll.unref();
    this.kick();
  }

  /** Settings changed (hub URL or desk name): drop connections and start again. */
  async reconfigure(): Promise<void> {
    await this.stop();
    this.start();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    if (this.timer) clearTimeout(this.timer);
    if (this.poll) clearInterval(this.poll);
    this.timer = this.poll = undefined;
    await this.running?.catch(() => {});
    await this.drop();
  }

  /** Syncs now (or right after the run in progress). Resolves when that run ends; never rejects. */
  kick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => (this.running = undefined));
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      await this.once();
    } while (this.again && !this.stopped);
  }

  private async drop(): Promise<void> {
    const [c, l] = [this.client, this.listener];
    this.client = this.listener = undefined;
    await Promise.all([c?.end().catch(() => {}), l?.end().catch(() => {})]);
  }

  private async ensureListener(url: string): Promise<void> {
    if (this.listener) return;
    const l = await connectHub(url, { applicationName: 'deskmate listen' });
    l.on('notification', () => {
      // Coalesce a burst of commits into one sync shortly after.
      if (this.timer || this.stopped) return;
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.kick();
      }, 50);
    });
    // The listening connection dropped (hub restarted or gone): try a sync now; it pauses and retries if needed.
    const lost = (): void => {
      if (this.listener !== l) return;
      this.listener = undefined;
      void this.kick();
    };
    l.on('error', lost);
    l.on('end', lost);
    await l.query(`LISTEN ${CATALOG_CHANNEL}`);
    this.listener = l;
  }

  private async once(): Promise<void> {
    const { url } = this.o.config();
    if (!url || this.stopped) return;
    try {
      this.client ??= await connectHub(url, { applicationName: 'deskmate sync' });
      await this.ensureListener(url);
      this.set({ state: 'syncing' });
      const r = await syncCatalog(this.o.db, this.client, {
        signal: this.abort.signal,
        pauseMs: this.o.pauseMs,
        onProgress: (p) => this.set({ progress: p, behind: p.total - p.pulled }, true),
      });
      this.retry = this.o.retryMs ?? 1_000;
      this.set({ state: 'idle', progress: null, reason: null, lastSyncAt: new Date().toISOString(), cursor: r.cursor, behind: r.behind });
      if (r.behind > 0) this.again = true;
    } catch (err) {
      if (this.stopped) return;
      const e = err instanceof HubError ? err : toHubError(err, url, 'syncing the catalog');
      await this.drop();
      this.set({ state: 'paused', progress: null, reason: `team sync paused: ${e.message}` });
      // Unreachable: retry soon, then less often; anything else (password, schema, a bad row) waits for the poll.
      const delay = e.transient ? this.retry : Math.max(this.retry, this.o.pollMs ?? 10_000);
      this.retry = Math.min(this.retry * 2, this.o.maxRetryMs ?? 30_000);
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.kick();
      }, delay);
      this.timer.unref();
    }
  }
}
