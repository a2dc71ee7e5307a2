// The single source of truth for what the renderer may ask of the main process and what it hears.
// Two transports carry it unchanged: IPC (preload bridge) and HTTP (POST /api/invoke/:route, GET /api/events).
// Imports nothing but zod and shared types.
import { z } from 'zod';
import { CatalogHit, DocKind, ProductDoc, SessionSummary, StandaloneDoc, Turn } from './domain';
import { AnswerResult, ContextBreakdown, SentDoc } from './answer';
import { LatencyBucket, LatencySeries, PriceEntry, PriceInput, UsageReport } from './usage';
import { OutboxState, TeamHistory, TeamReport } from './team';
import { HubConfigure, HubSyncState } from './hub';

export const ConnectionProfile = z.enum(['fast', 'mobile', 'auto']);
export const Language = z.enum(['en', 'zh', 'ko']);
export const Connectivity = z.object({
  state: z.enum(['online', 'degraded', 'offline']),
  /** Why: "no API key", "upstream unreachable", the last error in an agent's words. */
  reason: z.string().nullable(),
  checkedAt: z.string().nullable(),
  /** Kimi refuses this account until the key or balance changes (header: "Kimi: out of credit" / "key rejected"). */
  blocked: z.enum(['quota', 'auth']).nullable().optional(),
});
export type Connectivity = z.infer<typeof Connectivity>;

export const Settings = z.object({
  baseUrl: z.string(),
  model: z.string(),
  /** Never the key itself: only whether one is configured and where it comes from. */
  apiKey: z.object({ set: z.boolean(), source: z.enum(['safeStorage', 'env', 'memory', 'none']) }),
  factual: z.boolean(),
  profile: ConnectionProfile,
  language: Language,
});
export type Settings = z.infer<typeof Settings>;

export const SettingsPatch = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/ }),
    model: z.string().trim().min(1).max(200),
    factual: z.boolean(),
    profile: ConnectionProfile,
    language: Language,
  })
  .partial()
  .strict();

export const ModelEntry = z.object({
  id: z.string(),
  contextWindow: z.number().int(),
  known: z.boolean(),
  note: z.string().nullable(),
});

export const CatalogStats = z.object({
  products: z.number().int(),
  standaloneDocs: z.number().int(),
  demo: z.boolean(),
  lastImportAt: z.string().nullable(),
  dbBytes: z.number(),
});

export const ImportReport = z.object({
  imported: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), error: z.string() })),
});

/** A finished or cancelled import (`POST /api/import`, the desktop dialog): `committed` rows stay even when cancelled. */
export const ImportOutcome = ImportReport.extend({ rejectedTotal: z.number().int().optional(), committed: z.number().int(), cancelled: z.boolean() });

const SessionId = z.string().trim().min(1).max(200);
const QuestionText = z.string().trim().min(1, 'the question is empty').max(20_000);

/** The result of starting a question: the answer itself arrives through `chat.*` events. */
export const AskStarted = z.object({
  requestId: z.string(),
  sessionId: z.string(),
  questionTurnId: z.number().int(),
  answerTurnId: z.number().int().nullable(),
});

/** Dates as YYYY-MM-DD or ISO times; both ends optional. */
const UsageRange = z
  .object({
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date like 2026-11-27').optional(),
    until: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be a date like 2026-11-27').optional(),
    /** The viewer's offset from UTC, so days and hours are the agent's own (JS: -new Date().getTimezoneOffset()). */
    utcOffsetMinutes: z.number().int().min(-840).max(840).optional(),
  })
  .strict();

/** Who may call a route: the desktop shell (IPC), the HTTP server (`serve`, browser mode), the headless CLI. */
export type Transport = 'ipc' | 'http' | 'cli';
/** Every transport. */
const ANY = ['ipc', 'http', 'cli'] as const satisfies readonly Transport[];
/** Local only: routes that touch the machine's files by path. HTTP answers them with 403 `local_only`. */
const LOCAL = ['ipc', 'cli'] as const satisfies readonly Transport[];
/** The desktop shell only (a native dialog of the main process). */
const DESKTOP = ['ipc'] as const satisfies readonly Transport[];

/** `transports` is required: a new route must say who may call it. */
function route<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, transports: readonly Transport[]) {
  return { input, output, transports };
}

/** True when `transport` may call `name` (the dispatcher and the HTTP server both ask). */
export function transportAllowed(name: RouteName, transport: Transport): boolean {
  return (routes[name].transports as readonly Transport[]).includes(transport);
}

export const routes = {
  'app.info': route(
    z.object({}).strict(),
    z.object({ version: z.string(), transport: z.enum(['ipc', 'http']), dataDir: z.string() }),
    ANY,
  ),
  'chat.ask': route(
    z
      .object({
        sessionId: SessionId.optional(),
        customerId: z.string().trim().max(200).optional(),
        text: QuestionText,
        offline: z.boolean().optional(),
      })
      .strict(),
    AskStarted,
    ANY,
  ),
  /** Re-ask a stored customer turn (a queued offline question, or regenerate an answer). */
  'chat.reask': route(z.object({ questionTurnId: z.number().int().positive() }).strict(), AskStarted, ANY),
  /** Continue an interrupted answer where it stopped (Moonshot partial mode). */
  'chat.continue': route(z.object({ answerTurnId: z.number().int().positive() }).strict(), AskStarted, ANY),
  'chat.stop': route(z.object({ requestId: z.string().min(1) }).strict(), z.object({ stopped: z.boolean() }), ANY),
  'sessions.list': route(
    z
      .object({
        query: z.string().max(500).optional(),
        limit: z.number().int().min(1).max(500).optional(),
        /** true: only archived sessions; absent/false: only the others. */
        archived: z.boolean().optional(),
      })
      .strict(),
    z.array(SessionSummary),
    ANY,
  ),
  'sessions.get': route(
    z.object({ id: SessionId }).strict(),
    z.object({ session: SessionSummary, turns: z.array(Turn) }),
    ANY,
  ),
  'sessions.create': route(
    z.object({ customerId: z.string().trim().max(200).optional(), title: z.string().max(200).optional() }).strict(),
    SessionSummary,
    ANY,
  ),
  /** Rename, set the customer / ticket reference, archive or unarchive. */
  'sessions.update': route(
    z
      .object({
        id: SessionId,
        title: z.string().trim().min(1, 'the title is empty').max(200).optional(),
        customerId: z.string().trim().max(200).nullable().optional(),
        archived: z.boolean().optional(),
      })
      .strict(),
    SessionSummary,
    ANY,
  ),
  'sessions.delete': route(z.object({ id: SessionId }).strict(), z.object({ deleted: z.boolean() }), ANY),
  /** The transcript as Markdown or plain text, with a file name to save it under. */
  'sessions.export': route(
    z.object({ id: SessionId, format: z.enum(['markdown', 'text']) }).strict(),
    z.object({ fileName: z.string(), text: z.string() }),
    ANY,
  ),
  /** Take questions off the waiting queue without asking them (`turnIds` absent: all of this desk's). */
  'sessions.dismissQueued': route(
    z.object({ turnIds: z.array(z.number().int().positive()).max(1000).optional() }).strict(),
    z.object({ dismissed: z.number().int() }),
    ANY,
  ),
  /** Thumbs up/down on an answer, with an optional reason; stored with the turn (null rating clears it). */
  'chat.feedback': route(
    z
      .object({
        answerTurnId: z.number().int().positive(),
        rating: z.enum(['up', 'down']).nullable(),
        reason: z.string().trim().max(1_000).optional(),
      })
      .strict(),
    z.object({ answerTurnId: z.number().int(), rating: z.enum(['up', 'down']).nullable(), reason: z.string().nullable() }),
    ANY,
  ),
  'sessions.queued': route(
    z.object({}).strict(),
    z.array(z.object({ sessionId: z.string(), turn: Turn })),
    ANY,
  ),
  'catalog.search': route(
    z.object({ query: z.string().max(2_000), k: z.number().int().min(1).max(200).optional() }).strict(),
    z.object({ results: z.array(CatalogHit), tookMs: z.number() }),
    ANY,
  ),
  'catalog.get': route(
    z.object({ id: z.string().min(1).max(500) }).strict(),
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('product'), product: ProductDoc }),
      z.object({ kind: DocKind, doc: StandaloneDoc }),
    ]),
    ANY,
  ),
  'catalog.stats': route(z.object({}).strict(), CatalogStats, ANY),
  /** Desktop and CLI only: a path chosen in the native file dialog (or the file's text). Never over HTTP: a path
   * would let anyone with the token read any file of the machine. */
  'catalog.import': route(
    z.union([
      z.object({ path: z.string().min(1) }).strict(),
      z.object({ fileName: z.string().min(1).max(500), content: z.string().max(200 * 1024 * 1024) }).strict(),
    ]),
    ImportReport,
    LOCAL,
  ),
  /** Any transport: the file's text, uploaded (browser mode), imported through a private temp file. */
  'catalog.importText': route(
    z.object({ fileName: z.string().min(1).max(500), content: z.string().max(200 * 1024 * 1024) }).strict(),
    ImportReport,
    ANY,
  ),
  /** Desktop only: the main process shows a native open dialog and imports the chosen file from its path (streamed,
   * progress as catalog.importProgress, cancellable). `fileName` null: the dialog was closed without a choice. */
  'catalog.importDialog': route(z.object({}).strict(), z.object({ fileName: z.string().nullable(), outcome: ImportOutcome.nullable() }), DESKTOP),
  /** Stops the running import (desktop, upload or `POST /api/import`); rows committed so far stay. */
  'catalog.importCancel': route(z.object({}).strict(), z.object({ cancelled: z.boolean() }), ANY),
  'settings.get': route(z.object({}).strict(), Settings, ANY),
  'settings.set': route(SettingsPatch, Settings, ANY),
  /** Write-only: the key is stored in the main process and never returned. Empty string clears it. */
  'settings.setApiKey': route(z.object({ apiKey: z.string().max(500) }).strict(), Settings, ANY),
  'settings.testConnection': route(
    z.object({}).strict(),
    z.object({ ok: z.boolean(), latencyMs: z.number().nullable(), models: z.array(z.string()), error: z.string().nullable() }),
    ANY,
  ),
  'models.list': route(z.object({}).strict(), z.array(ModelEntry), ANY),
  'connectivity.get': route(z.object({}).strict(), Connectivity, ANY),
  'usage.report': route(UsageRange, UsageReport, ANY),
  'usage.latency': route(UsageRange.extend({ bucket: LatencyBucket.optional() }).strict(), LatencySeries, ANY),
  /** The usage report as CSV text (the same rows `deskmate usage --csv` prints). */
  'usage.csv': route(UsageRange, z.object({ fileName: z.string(), csv: z.string() }), ANY),
  'pricing.list': route(z.object({}).strict(), z.array(PriceEntry), ANY),
  'pricing.set': route(z.object({ model: z.string().trim().min(1).max(200), price: PriceInput }).strict(), PriceEntry, ANY),
  /** Team hub: this desk's outbox ("team sync paused — N waiting"); enabled false without a hub. */
  'team.outbox': route(z.object({}).strict(), OutboxState, ANY),
  /** Team hub: every desk's usage by desk, model and day (error code hub_unavailable without a reachable hub). */
  'team.report': route(UsageRange, TeamReport, ANY),
  /** Team hub: earlier turns of this session's customer at other desks (what the next answer's prompt gets). */
  'team.history': route(z.object({ sessionId: SessionId }).strict(), TeamHistory, ANY),
  /** Team hub sync state (last sync, rows behind, first-sync progress, "team sync paused" reason). */
  'hub.status': route(z.object({}).strict(), HubSyncState, ANY),
  /** Sets or clears the hub URL (stored encrypted, never returned) and the desk name; restarts background sync. */
  'hub.configure': route(HubConfigure, HubSyncState, ANY),
} as const;

export const events = {
  /** Throttled snapshots of an answer being written (whole text so far, at most ~once per frame). */
  'chat.progress': z.object({
    requestId: z.string(),
    sessionId: z.string(),
    answerTurnId: z.number().int().nullable(),
    phase: z.enum(['retrieving', 'waiting', 'streaming', 'retrying']),
    text: z.string(),
    sentDocs: z.array(SentDoc),
    context: ContextBreakdown.nullable(),
  }),
  /** Something the agent should know while waiting (rate limited: retrying in 5 s, …). */
  'chat.notice': z.object({ requestId: z.string(), sessionId: z.string(), message: z.string() }),
  'chat.done': z.object({ requestId: z.string(), result: AnswerResult }),
  /** `committed`: rows written and committed so far (kept if the import is cancelled); `totalBytes` 0 when unknown. */
  'catalog.importProgress': z.object({ rows: z.number().int(), bytes: z.number(), totalBytes: z.number(), committed: z.number().int().optional() }),
  connectivity: Connectivity,
  /** The outbox towards the team hub changed (rows waiting, paused, drained). */
  'team.outbox': OutboxState,
  'hub.sync': HubSyncState,
} as const;

export type Routes = typeof routes;
export type RouteName = keyof Routes;
export type RouteInput<R extends RouteName> = z.input<Routes[R]['input']>;
export type RouteOutput<R extends RouteName> = z.output<Routes[R]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

/** What an invoke returns across either transport: handlers never throw across it. */
export type InvokeResult<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string; field?: string } };

export function isRouteName(name: string): name is RouteName {
  return Object.prototype.hasOwnProperty.call(routes, name);
}
export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** The one client interface the renderer talks to (Electron bridge or HTTP/SSE). */
export interface DeskApi {
  invoke<R extends RouteName>(route: R, input: RouteInput<R>): Promise<InvokeResult<RouteOutput<R>>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}
