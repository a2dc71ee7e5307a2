// The composition root: builds every service from config (paths, env, clock, fetch, secrets). No electron
// import and nothing at import time; the desktop, the CLI and the HTTP server all open the desk the same way.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, migrate, type Db } from './db';
import { databasePath, secureDataDir } from './paths';
import { MODULE_MIGRATIONS } from './schema';
import { catalogGeneration, getMeta, lookupHit } from './catalog/store';
import { catalogStats, ImportJobs, ensureDemoCatalog, findResourcesDir, getProducts, getStandaloneDoc, searchCatalog, setTokenCounts, uncountedDocuments } from './catalog';
import { SessionStore } from './sessions/store';
import { UsageLedger } from './usage/ledger';
import { DEFAULT_BASE_URL, DEFAULT_MODEL, kimiConfigFromEnv, type KimiConfig } from './llm/config';
import { createKimiClientCache } from './llm/client';
import type { KimiClient } from './llm/types';
import type { RetryPolicy } from './llm/backoff';
import { SettingsStore, settingsMigrations } from './settings/store';
import { createMemorySecretStore, type SecretStore } from './settings/secrets';
import { ConnectivityMonitor } from './settings/connectivity';
import { bindLegacyKey, boundKey, type KeyBinding } from './settings/key-binding';
import { createTokenizer, type Tokenizer } from './rag/tokens';
import { countPending } from './rag/token-cache';
import { renderDocumentBody, type AnyDoc } from './rag/render';
import { createEngine } from './rag/engine';
import { cachedSearch, type SearchCache } from './rag/search-cache';
import type { Engine } from './engine-api';
import { asStorageError, storageProblem } from './sessions/storage';
import { recoverInterruptedAnswers } from './sessions/recovery';
import { TurnWriter } from './sessions/turn-writer';
import { createEventBus, createDispatcher, type Dispatch, type EventBus } from './routes';
import { createHandlers } from './handlers';
import { HubSyncer } from './hub/syncer';
import { hubConfigFrom } from './hub/config';
import { META as HUB_META } from './hub/catalog-sync';
import { createTeamHub, type TeamHub, type TeamHubPool } from './hub/outbox-team';
import { hubPool } from './hub/connection';
import { pushEveryFrom, startBackgroundPush, type BackgroundPush } from './hub/outbox-handlers';
import { historyDeadlineFrom } from './hub/history';

export interface DeskOptions {
  dataDir: string;
  env?: NodeJS.ProcessEnv;
  /** Folder with demo-catalog.jsonl (default: the `resources/` found walking up from this module; null: none). */
  resourcesDir?: string | null;
  /** Where the API key lives (desktop: safeStorage); default: env var, or memory when set at run time. */
  secrets?: SecretStore;
  /** Where a hub URL set in Settings lives (desktop: safeStorage); DESKMATE_HUB_URL wins over it. Default: memory. */
  hubSecrets?: SecretStore;
  /** Background hub sync: poll interval while listening, ms (default 10 s). */
  hubPollMs?: number;
  transport?: 'ipc' | 'http';
  /** Environment over stored settings (the headless CLI and serve; default unless transport is 'ipc'). */
  envWins?: boolean;
  version?: string;
  retryPolicy?: Partial<RetryPolicy>;
  /** Tokenizer mode: 'worker' (default) keeps js-tiktoken off the event loop. */
  tokenizerMode?: 'worker' | 'inline';
  clock?: () => Date;
  /** Desktop: the native open dialog for catalog.importDialog (index.ts, via ipc.ts); absent elsewhere. */
  pickImportFile?: () => Promise<string | null>;
  /** EngineDeps.questionCommitMs: `deskmate serve` overlaps a question's commit with its request (default 0). */
  questionCommitMs?: number;
}

export interface Desk {
  dataDir: string;
  db: Db;
  config: KimiConfig;
  sessions: SessionStore;
  ledger: UsageLedger;
  settings: SettingsStore;
  secrets: SecretStore;
  /** The hub URL set in Settings (never returned by a route). */
  hubSecrets: SecretStore;
  /** Team hub sync (off without a hub). */
  hub: HubSyncer;
  /** The key, the base URL and the origin rule between them (settings/key-binding.ts). */
  keyBinding: KeyBinding;
  connectivity: ConnectivityMonitor;
  tokenizer: Tokenizer;
  engine: Engine;
  /** The engine's search-result cache (`serve` shares it between its processes). */
  searchCache: SearchCache;
  bus: EventBus;
  dispatch: Dispatch;
  /** Catalog imports of this desk: one at a time, cancellable (catalog.import / importCancel, POST /api/import). */
  imports: ImportJobs;
  version: string;
  /** The Kimi client for the current settings and key; null without a key. */
  kimi(): KimiClient | null;
  /**
   * Team side (outbox push, customer history, team report): attached on first use from DESKMATE_HUB_URL, or by
   * attachTeamHub; null without a hub (nothing runs, nothing is recorded).
   */
  team(): TeamHub | null;
  attachTeamHub(pool: TeamHubPool, deskName: string, url?: string): TeamHub;
  /** Told after each answer's writes were stored (whatever its outcome); returns the unsubscribe. */
  onAnswerStored(listener: () => void): () => void;
  /** The outbox push of this process (started by startBackground) runs soon; nothing when it does not run here. */
  pushSoon(): void;
  /** Probes the upstream while offline; with countDocuments, loads the tokenizer and counts every uncounted
   * document in the background. `probeOnly`: just the upstream probe (a `serve` follower process: its own
   * connectivity must come back online by itself; team sync and the outbox push stay with the leader). */
  startBackground(opts?: { probeMs?: number; countDocuments?: boolean; probeOnly?: boolean }): void;
  close(): Promise<void>;
}

export function openDesk(opts: DeskOptions): Desk {
  const env = opts.env ?? process.env;
  const clock = opts.clock ?? (() => new Date());
  let db: Db;
  let permissionWarnings: string[] = [];
  try {
    // private data: the folder 0700, its files 0600 (narrowed, with a warning, when found looser)
    permissionWarnings = secureDataDir(opts.dataDir);
    db = openDatabase(databasePath(opts.dataDir));
    for (const [module, migrations] of MODULE_MIGRATIONS) migrate(db, module, migrations);
    migrate(db, 'settings', settingsMigrations);
  } catch (err) {
    throw asStorageError(err, databasePath(opts.dataDir)); // full / read-only / damaged: say where and what to do
  }
  recoverInterruptedAnswers(db); // answers left `streaming` by a killed process become `interrupted`
  const resourcesDir =
    opts.resourcesDir === undefined ? findResourcesDir(dirname(fileURLToPath(import.meta.url))) : (opts.resourcesDir ?? undefined);
  ensureDemoCatalog(db, resourcesDir);

  const config = kimiConfigFromEnv(env);
  config.warnings.push(...permissionWarnings);
  const settings = new SettingsStore(
    db,
    { baseUrl: DEFAULT_BASE_URL, model: DEFAULT_MODEL, factual: true, profile: 'auto', language: 'en' },
    {
      env: {
        ...(config.fromEnv.baseUrl ? { baseUrl: config.baseUrl } : {}),
        ...(config.fromEnv.model ? { model: config.model } : {}),
        ...(config.fromEnv.profile ? { profile: config.profile } : {}),
      },
      envWins: opts.envWins ?? (opts.transport ?? 'http') !== 'ipc',
    },
  );
  const secrets = opts.secrets ?? createMemorySecretStore(config.apiKey);
  const keyBinding: KeyBinding = { secrets, baseUrl: () => settings.get().baseUrl, envBaseUrl: config.baseUrl };
  bindLegacyKey(keyBinding);
  const sessions = new SessionStore(db, clock);
  const ledger = new UsageLedger(db, clock);
  const connectivity = new ConnectivityMonitor(settings.get().baseUrl, () => boundKey(keyBinding) !== undefined, clock);
  const tokenizer = createTokenizer({ mode: opts.tokenizerMode ?? 'worker' });
  const clients = createKimiClientCache();
  const kimi = (): KimiClient | null => {
    // only a key entered for this base URL's origin is ever sent (answers, probe, testConnection, models.list)
    const apiKey = boundKey(keyBinding);
    if (!apiKey) return null;
    return clients.get({ baseUrl: settings.get().baseUrl, apiKey, fallbackWindow: config.fallbackWindow, transport: env.DESKMATE_KIMI_TRANSPORT === 'sdk' ? 'sdk' : 'wire' });
  };
  const historyDeadline = historyDeadlineFrom(env); // customer history at ask time (team hub)
  if (historyDeadline.warning) config.warnings.push(historyDeadline.warning);
  let teamHub: TeamHub | null = null;
  let ownPool: TeamHubPool | null = null;
  let teamUrl: string | undefined;
  let attached = false;
  let teamCheckedAt = -Infinity; // teamForAnswers (below)
  let answersTeam: TeamHub | null = null;
  // The same hub configuration as background sync (env, else Settings); a changed URL gets a new pool.
  const team = (): TeamHub | null => {
    if (attached) return teamHub;
    const hub = hubConfigFrom(env, hubSecrets, getMeta(db, HUB_META.deskName));
    if (teamHub && hub.url === teamUrl && hub.deskName === teamHub.deskName) return teamHub;
    void ownPool?.end().catch(() => {});
    ownPool = null;
    teamCheckedAt = -Infinity; // answers never use a hub whose pool was just ended
    teamHub = null;
    teamUrl = hub.url;
    if (!hub.url) return null;
    ownPool = hubPool(hub.url, { connectTimeoutMs: 3_000 });
    teamHub = createTeamHub(db, ownPool, hub.deskName, hub.url, { historyDeadlineMs: historyDeadline.ms });
    return teamHub;
  };
  // Every answer asks for the customer's history: the configuration is read again at most once a second there (a hub
  // configured or changed in Settings reaches answers within 1 s; desk.team() itself is always exact).
  const teamForAnswers = (): TeamHub | null => {
    const now = performance.now();
    if (attached || now - teamCheckedAt >= 1_000) {
      answersTeam = team();
      teamCheckedAt = now;
    }
    return answersTeam;
  };
  // The answers' writes (batched): flushed at close, after the answers still running have ended.
  const turns = new TurnWriter(db, sessions);
  const searchCache = cachedSearch((q, k) => searchCatalog(db, q, { k, snippets: false }).results, () => catalogGeneration(db));
  // Answers that end tell the background push (a customer's next question at another desk or `serve` node then
  // finds this answer at the hub within ~PUSH_GAP_MS instead of up to PUSH_EVERY_MS later).
  const stored = new Set<() => void>();
  const answerStored = (): void => {
    for (const listener of stored) listener();
  };
  let push: BackgroundPush | null = null; // this process's outbox push (startBackground), if it runs here
  stored.add(() => push?.soon());
  const engine = afterEachAnswer(createEngine({
    customerHistory: () => teamForAnswers()?.history,
    db,
    sessions,
    turns,
    ledger,
    connectivity,
    settings: () => settings.get(),
    client: kimi,
    tokenizer,
    search: searchCache,
    lookup: (id) => lookupHit(db, id),
    fallbackWindow: config.fallbackWindow,
    retryPolicy: opts.retryPolicy,
    questionCommitMs: opts.questionCommitMs,
  }), answerStored);
  const pushEvery = pushEveryFrom(env);
  if (pushEvery.warning) config.warnings.push(pushEvery.warning);
  const bus = createEventBus();
  const hubSecrets = opts.hubSecrets ?? createMemorySecretStore(undefined);
  const hub = new HubSyncer({
    db,
    config: () => hubConfigFrom(env, hubSecrets, getMeta(db, HUB_META.deskName)),
    onChange: (s) => bus.emit('hub.sync', s),
    pollMs: opts.hubPollMs,
  });
  connectivity.onChange((s) => bus.emit('connectivity', { state: s.state, reason: s.reason, checkedAt: s.checkedAt, blocked: s.blocked }));

  let probeTimer: NodeJS.Timeout | null = null;
  let closed = false;
  const desk: Desk = {
    dataDir: opts.dataDir,
    db,
    config,
    sessions,
    ledger,
    settings,
    secrets,
    hubSecrets,
    hub,
    keyBinding,
    connectivity,
    tokenizer,
    engine,
    searchCache,
    bus,
    dispatch: () => Promise.reject(new Error('not ready')),
    imports: new ImportJobs(db, (p) => bus.emit('catalog.importProgress', p)),
    version: opts.version ?? '0.1.0',
    kimi,
    team,
    onAnswerStored(listener) {
      const own = (): void => listener(); // one entry per subscription, even for the same function
      stored.add(own);
      return () => void stored.delete(own);
    },
    pushSoon: () => push?.soon(),
    attachTeamHub(pool, deskName, url) {
      attached = true;
      teamHub = createTeamHub(db, pool, deskName, url, { historyDeadlineMs: historyDeadline.ms });
      return teamHub;
    },
    startBackground(o = {}) {
      // The o200k encoder costs ~160 MB and ~1 s of CPU: it loads when a request first needs exact counts (a
      // tight window), or here when asked to count the whole catalog ahead of time.
      if (!o.probeOnly) {
        hub.start(); // team sync in the background while a hub is configured (nothing without one)
        if (o.countDocuments) void tokenizer.warmup().then(() => countAllPending(db, tokenizer, () => closed));
        // Team hub: the outbox drains in the background while the hub is reachable (nothing runs without a hub).
        push?.stop(); // started again: one push loop, not two
        push = startBackgroundPush(team, bus, pushEvery.ms);
      }
      // online: looks again within 2 s (no request); not online: probes soon, with backoff
      // (settings/connectivity.ts PROBE_DELAYS_MS); probeMs fixes both intervals (tests)
      const schedule = () => {
        if (closed) return;
        const offline = connectivity.get().state !== 'online';
        probeTimer = setTimeout(tick, o.probeMs ?? (offline ? connectivity.nextProbeDelay() : 2_000));
        probeTimer.unref();
      };
      const tick = () => {
        const c = kimi();
        if (!c || connectivity.get().state === 'online') return schedule();
        void c
          .ping({ timeoutMs: 5_000 })
          .then((r) => (r.ok ? connectivity.reportSuccess() : connectivity.reportProbeFailure(r.error?.agentMessage)))
          .catch(() => connectivity.reportProbeFailure())
          .finally(schedule);
      };
      schedule();
    },
    async close() {
      if (closed) return;
      closed = true;
      if (probeTimer) clearTimeout(probeTimer);
      push?.stop();
      await hub.stop();
      for (const id of engine.active()) engine.stop(id);
      desk.imports.cancel();
      await tokenizer.close?.();
      await ownPool?.end().catch(() => {});
      // stopped answers end with their text kept: their final writes (batched) are saved before the file closes
      for (const end = Date.now() + 2_000; engine.active().length > 0 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
      for (const lost of turns.close()) console.error(`deskmate: not saved at close: ${lost}`);
      db.close();
    },
  };
  desk.dispatch = createDispatcher(createHandlers(desk, { transport: opts.transport ?? 'http', stats: () => catalogStats(db), pickImportFile: opts.pickImportFile }), (err) =>
    storageProblem(err, databasePath(opts.dataDir)),
  );
  return desk;
}

/** Counts, in the background and in batches, every document without a stored token count. */
async function countAllPending(db: Db, tokenizer: Tokenizer, stopped: () => boolean): Promise<void> {
  const render = (ids: readonly string[]): { id: string; text: string }[] => {
    const products = new Map(getProducts(db, ids).map((p) => [p.productId, p] as const));
    return ids
      .map((id) => products.get(id) ?? getStandaloneDoc(db, id))
      .filter((d): d is AnyDoc => d !== undefined)
      .map((d) => ({ id: 'productId' in d ? d.productId : d.docId, text: renderDocumentBody(d) }));
  };
  const store = {
    get: (ids: readonly string[]) => new Map(ids.map((id) => [id, null] as const)),
    set: (entries: readonly (readonly [string, number])[]) => setTokenCounts(db, entries),
  };
  for (let round = 0; round < 10_000 && !stopped(); round++) {
    const ids = uncountedDocuments(db, 200);
    if (ids.length === 0) return;
    const r = await countPending({ ids, store, render, tokenizer, limit: 200 }).catch(() => ({ counted: 0 }));
    if (r.counted === 0) return;
    await new Promise((res) => setImmediate(res));
  }
}

/** The engine, telling `done` after every ask has settled (its writes stored, or failed). */
function afterEachAnswer(engine: Engine, done: () => void): Engine {
  return {
    ask: (req, opts) => engine.ask(req, opts).finally(done),
    stop: (id) => engine.stop(id),
    active: () => engine.active(),
  };
}
