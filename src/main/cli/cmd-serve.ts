// `deskmate serve`: the loopback HTTP API (seed-compatible /v1 endpoints, browser-mode contract transport, the
// renderer at /). Prints its URL and token; stops cleanly on SIGINT/SIGTERM.
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createHttpServer, isLoopbackAddress } from '../http/server';
import { FOLLOWER_ENV, joinLeader, PORT_ENV, startLeader, type ClusterLink, type FollowerLink, type Leader } from '../http/cluster';
import { SPILL_DRAIN_MS, SPILL_ENV, spillSettings, type SpillSettings } from '../http/cluster-spill';
import { clusterBus, clusterDispatch } from '../http/cluster-desk';
import { upstreamFromConnectivity, v1FromDispatch } from '../http/from-dispatch';
import { loadOrCreateToken, TokenError, tokenPath } from '../http/token-file';
import { PRECEDENCE_HELP } from '../llm/config';
import { leaveCheckpointsToLeader, startCheckpointer } from '../db-checkpoint';
import { databasePath } from '../paths';
import { relayPushSoon } from '../hub/outbox-handlers';
import { followerExecArgv, heapSettings, tuneServeHeap } from './serve-heap';
import { warmRetrieval, warmUpBudget } from '../rag/warm-up';
import { limitRenderings, renderingsBound } from '../rag/engine-docs';
import { shareSearchResults } from '../rag/search-cache';
import { intOption, print, printJson, UsageError, type Command, type CommandContext } from './types';

/** out/renderer next to the CLI bundle (out/cli/deskmate.mjs), or from the sources' point of view. */
export function defaultRendererDir(): string {
  const candidates = ['../renderer/', '../../../out/renderer/'].map((rel) => fileURLToPath(new URL(rel, import.meta.url)));
  return candidates.find((dir) => existsSync(`${dir}index.html`)) ?? candidates[0]!;
}

function stringList(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  return typeof v === 'string' ? [v] : [];
}

/** Default content window: at most ~10 `content` events a second after the first (which is never delayed). */
export const DEFAULT_COALESCE_MS = 100;

/** env DESKMATE_HTTP_COALESCE: "0"/"off" sends every delta as its own event, "tick" merges deltas of one tick, N
 * (default 100) sends at most one content event per N ms after the first. */
export function coalescing(v: string | undefined): { coalesceDeltas: boolean; coalesceWindowMs: number } {
  if (v === '0' || v === 'off') return { coalesceDeltas: false, coalesceWindowMs: 0 };
  if (v === 'tick') return { coalesceDeltas: true, coalesceWindowMs: 0 };
  const ms = Number(v);
  return { coalesceDeltas: true, coalesceWindowMs: v && Number.isFinite(ms) && ms > 0 ? Math.min(ms, 1_000) : DEFAULT_COALESCE_MS };
}

/** A token under 32 characters (env or file) is refused with exit code 2 and what to do. */
function loadToken(file: string, env: NodeJS.ProcessEnv): ReturnType<typeof loadOrCreateToken> {
  try {
    return loadOrCreateToken(file, env);
  } catch (err) {
    if (err instanceof TokenError) throw new UsageError(`serve: ${err.message}`);
    throw err;
  }
}

async function appVersion(ctx: CommandContext): Promise<string> {
  const r = await ctx.desk().dispatch('app.info', {}, { transport: 'http' });
  return r.ok && typeof r.data === 'object' && r.data !== null && 'version' in r.data ? String(r.data.version) : '0.0.0';
}

const MAX_PROCESSES = 64;

/** A question's commit overlaps its request to Kimi and waits up to this long for the other questions of the moment
 * (EngineDeps.questionCommitMs): at 100 questions/s a process commits ~50 times a second instead of ~100, and none of
 * it adds to the time to first token while Kimi's own first token takes longer than this. */
export const QUESTION_COMMIT_MS = 20;

function shownHost(host: string): string {
  // a wildcard bind is shown (and reached) through loopback, which the Host check accepts
  return host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
}

function bindError(err: unknown, host: string, port: number): unknown {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'EADDRINUSE') return new UsageError(`serve: ${host}:${port} is in use (try --port 0 or another port)`);
  if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND') return new UsageError(`serve: cannot bind ${host} (${e.code})`);
  return err;
}

/** --spread (or env DESKMATE_SERVE_SPREAD): load → the spill-over thresholds (env DESKMATE_SERVE_SPILL);
 * even (default) → null (all accept). */
function spreadOption(ctx: CommandContext): SpillSettings | null {
  const v = ctx.values.spread ?? ctx.io.env.DESKMATE_SERVE_SPREAD;
  const mode = typeof v === 'string' && v.trim() ? v.trim() : 'even';
  if (mode !== 'load' && mode !== 'even') throw new UsageError(`serve: --spread must be even or load, not "${mode}"`);
  let settings: SpillSettings;
  try {
    settings = spillSettings(ctx.io.env[SPILL_ENV]); // checked in either mode: a typo is said, not ignored
  } catch (err) {
    throw new UsageError(`serve: ${(err as Error).message}`);
  }
  return mode === 'load' ? settings : null;
}

export const serveCommand: Command = {
  name: 'serve',
  // Under load a question's commit overlaps its request: the questions of 20 ms share one commit (EngineDeps).
  deskOptions: { questionCommitMs: QUESTION_COMMIT_MS },
  summary: 'Serve the HTTP API and the desk in a browser (loopback only by default)',
  usage: 'serve [--port 8787] [--host 127.0.0.1] [--allowed-host NAME]... [--token-file FILE] [--workers N] [--spread even|load] [--json]',
  options: {
    workers: { type: 'string' },
    spread: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    'allowed-host': { type: 'string', multiple: true },
    'token-file': { type: 'string' },
    'renderer-dir': { type: 'string' },
  },
  help: [
    'Endpoints: POST /v1/chat/stream (SSE), GET /v1/health, /v1/pricing, /v1/usage, /v1/openapi.json;',
    'POST /api/invoke/:route and GET /api/events (browser mode); the desk itself at /.',
    'Every /v1 and /api request needs "Authorization: Bearer TOKEN". The token is generated on first start,',
    'kept in DATA_DIR/http-token (mode 0600) and printed below; env DESKMATE_HTTP_TOKEN overrides it (32+ characters).',
    '  --port N             port (default 8787; 0 = any free port)',
    '  --host ADDR          address to bind (default 127.0.0.1; anything else is reachable from the network)',
    '  --allowed-host NAME  also accept this Host header name (repeatable; e.g. a LAN name with --host 0.0.0.0)',
    '  --token-file FILE    where the token lives (default DATA_DIR/http-token)',
    '  --workers N          serving processes (default: one per core; they share the data folder, the port and the',
    '                       token, and pass contract events to each other; 1 = a single process)',
    '  --spread even|load   even (default): every process accepts connections all the time; load: once warm, the first',
    '                       process serves alone while it uses under 0.8 of a core and the others take new connections',
    '                       only while the load spills over (~0.25 ms less CPU per stream at 200 req/s, a spikier',
    `                       TTFT tail; env DESKMATE_SERVE_SPREAD; ${SPILL_ENV}=UP,DOWN sets its thresholds, default 0.8,0.7)`,
    '  --json               print {"url","browserUrl","token","tokenFile","processes"} as one line',
    '',
    PRECEDENCE_HELP,
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    if (ctx.positionals.length > 1) throw new UsageError(`serve: unexpected argument "${ctx.positionals[1]}"`);
    const follower = Number(ctx.io.env[FOLLOWER_ENV] ?? 0);
    // A real process (not the in-process test runner) uses every core unless told otherwise.
    const realProcess = ctx.io.stdout === process.stdout;
    let renderings: number;
    try {
      heapSettings(ctx.io.env);
      renderings = renderingsBound(ctx.io.env.DESKMATE_SERVE_RENDERINGS_MB);
    } catch (err) {
      throw new UsageError(`serve: ${(err as Error).message}`);
    }
    // A serving process keeps its heap near what is live (serve-heap.ts); the in-process test runner is left alone.
    if (realProcess || follower > 0) tuneServeHeap(process.execArgv, ctx.io.env);
    const processes = follower > 0 ? 1 : intOption(ctx, 'workers', realProcess ? Math.min(availableParallelism(), MAX_PROCESSES) : 1, 1, MAX_PROCESSES);
    const port = follower > 0 ? Number(ctx.io.env[PORT_ENV]) : intOption(ctx, 'port', 8787, 0, 65535);
    const spread = spreadOption(ctx);
    const hostValue = ctx.values.host;
    const host = typeof hostValue === 'string' && hostValue.trim() ? hostValue.trim() : '127.0.0.1';
    const tokenFile = typeof ctx.values['token-file'] === 'string' ? ctx.values['token-file'] : tokenPath(ctx.dataDir);
    const rendererDir = typeof ctx.values['renderer-dir'] === 'string' ? ctx.values['renderer-dir'] : defaultRendererDir();
    const { token, source } = loadToken(tokenFile, ctx.io.env);
    // Opened (and migrated) before any follower starts, so they never migrate the same file at once.
    const desk = ctx.desk();
    let leader: Leader | undefined;
    let followerLink: FollowerLink | undefined;
    let link: ClusterLink | undefined;
    let accept: (socket: Socket) => void = (socket) => socket.destroy();
    let accepting: (on: boolean) => void = () => undefined;
    let served = (): number => 0;
    let spilled = (): void => undefined;
    if (follower > 0) {
      followerLink = joinLeader(follower, (socket) => accept(socket), (on) => accepting(on));
      link = followerLink;
    } else if (processes > 1) {
      try {
        leader = await startLeader({ host, port, processes, spread, served: () => served(), onSpill: () => spilled(), execArgv: followerExecArgv(process.execArgv, ctx.io.env), accept: (socket) => accept(socket), log: (m) => ctx.io.stderr.write(`deskmate: ${m}\n`) });
      } catch (err) {
        throw bindError(err, host, port);
      }
      link = leader;
    }
    const server = createHttpServer({
      dispatch: link ? clusterDispatch(desk.dispatch, link) : desk.dispatch,
      bus: link ? clusterBus(desk.bus, link) : desk.bus,
      engine: desk.engine,
      imports: desk.imports,
      ...v1FromDispatch(desk.dispatch),
      upstream: () => upstreamFromConnectivity(desk.connectivity, () => desk.settings.get().baseUrl),
      rendererDir,
      token,
      host,
      port: leader?.port ?? port,
      allowedHosts: stringList(ctx.values['allowed-host']),
      ...coalescing(ctx.io.env.DESKMATE_HTTP_COALESCE),
      // Several processes: /v1/health asks the others for their figures (at most 500 ms) and reports the service.
      ...(link ? { clusterHealth: () => link.call('health', null, 500) } : {}),
      version: await appVersion(ctx),
      log: { info: (m) => ctx.io.stderr.write(`${m}\n`), warn: (m) => ctx.io.stderr.write(`deskmate: ${m}\n`) },
    });
    accept = (socket) => server.accept(socket);
    // A follower told to stop accepting lets its keep-alive clients go after their current response.
    accepting = (on) => server.setDraining(!on);
    served = () => server.metrics.state().total;
    // One more process accepts: for a moment the leader's clients reconnect (most land on the idle newcomer).
    let drainTimer: NodeJS.Timeout | undefined;
    spilled = () => {
      server.setDraining(true);
      clearTimeout(drainTimer);
      drainTimer = setTimeout(() => server.setDraining(false), SPILL_DRAIN_MS);
      drainTimer.unref();
    };
    // Each serving process warms its read path on the catalog before it takes requests (rag/warm-up.ts; env
    // DESKMATE_SERVE_WARMUP: off, or a budget in ms). Connections that arrive meanwhile wait in the accept queue.
    // env DESKMATE_SERVE_RENDERINGS_MB: the rendered documents each serving process keeps (engine-docs.ts)
    limitRenderings(renderings);
    if (realProcess || follower > 0) warmRetrieval(desk.db, { budgetMs: warmUpBudget(ctx.io.env.DESKMATE_SERVE_WARMUP), search: desk.searchCache });
    // A search result one process computes is kept by all of them (a question misses once per service).
    if (link) shareSearchResults(desk.searchCache, link);
    // Answers stored in any process reach the team hub soon: the first process pushes, the others tell it when.
    if (link) relayPushSoon(desk, link, followerLink ? 'follower' : 'leader');
    link?.handle('health', () => server.healthFigures());
    // WAL checkpoints (and their fsyncs) leave the serving threads: the first process checkpoints in a worker thread
    // for all of them (db-checkpoint.ts); each goes back to SQLite's own if the WAL is not kept small.
    const warn = (m: string): void => void ctx.io.stderr.write(`deskmate: ${m}\n`);
    // env DESKMATE_SERVE_CHECKPOINTS=sqlite keeps SQLite's automatic checkpoints.
    const checkpointsFor = (): { close(): unknown } =>
      ctx.io.env.DESKMATE_SERVE_CHECKPOINTS === 'sqlite'
        ? { close: () => undefined }
        : follower > 0
          ? { close: leaveCheckpointsToLeader(desk.db, databasePath(ctx.dataDir), { warn }) }
          : startCheckpointer(desk.db, databasePath(ctx.dataDir), { warn });
    if (followerLink) {
      const checkpoints = checkpointsFor();
      // Team hub sync and the outbox push run once, in the leader, for the shared data folder. The upstream probe
      // runs here too: each process has its own connectivity state, and one that saw Kimi fail must find it back
      // by itself (otherwise its "offline" would be the last word the desks hear). It costs nothing while online.
      desk.startBackground({ probeOnly: true });
      followerLink.ready();
      await Promise.race([followerLink.stopped, new Promise<void>((resolve) => ctx.io.signal.addEventListener('abort', () => resolve(), { once: true }))]);
      // Stopped alone (SIGTERM to this process): it takes no more connections from the shared socket before its
      // streams end, so new ones go to the other processes (tests/integration/serve-cluster.test.ts checks that; it
      // held before too, as closing is quick, but no longer rests on that).
      followerLink.stopAccepting();
      await server.close();
      followerLink.leave();
      await checkpoints.close();
      return 0;
    }
    let address: { url: string };
    if (leader) {
      address = { url: `http://${shownHost(host)}:${leader.port}` };
    } else {
      try {
        address = await server.listen();
      } catch (err) {
        throw bindError(err, host, port);
      }
    }
    const checkpoints = checkpointsFor();
    desk.startBackground();
    const browserUrl = `${address.url}/#token=${encodeURIComponent(token)}`;
    if (!isLoopbackAddress(host)) {
      ctx.io.stderr.write(
        `deskmate: WARNING: listening on ${host}, reachable from other machines. Anyone with the token can ask questions ` +
          `(and spend your Kimi credit). Requests must use a Host in --allowed-host or ${host}.\n`,
      );
    }
    if (ctx.json) {
      printJson(ctx, { url: address.url, browserUrl, token, tokenFile, processes });
    } else {
      print(
        ctx,
        [
          `Deskmate is serving on ${address.url}${processes > 1 ? ` (${processes} processes)` : ''}`,
          `  browser:  ${browserUrl}`,
          `  token:    ${token} (${source === 'env' ? 'from DESKMATE_HTTP_TOKEN' : `${source === 'created' ? 'new, ' : ''}stored in ${tokenFile}`})`,
          `  API:      ${address.url}/v1/openapi.json`,
          'Press Ctrl+C to stop.',
        ].join('\n'),
      );
    }
    await new Promise<void>((resolve) => {
      if (ctx.io.signal.aborted) resolve();
      else ctx.io.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    const active = server.activeStreams();
    ctx.io.stderr.write(`deskmate: stopping${active ? ` (ending ${active} stream${active === 1 ? '' : 's'}, partial answers kept)` : ''}…\n`);
    await Promise.all([server.close(), leader?.close()]);
    await checkpoints.close();
    return 0;
  },
};
