// Contract handlers of the team side (team.outbox, team.report, team.history) and the background push that keeps
// the desk's outbox draining while the hub is reachable (and tells the desk when it is not).
import type { Desk } from '../desk';
import { DeskError, type EventBus, type Handlers } from '../routes';
import type { OutboxState } from '../../shared/team';
import { localOutboxState, type TeamHub } from './outbox-team';
import { msFromEnv } from './config';

type TeamRoutes = 'team.outbox' | 'team.report' | 'team.history';

export function teamHandlers(desk: Desk): Pick<Handlers, TeamRoutes> {
  return {
    'team.outbox': () => desk.team()?.outbox() ?? localOutboxState(desk.db),
    'team.report': async (i) => {
      const team = desk.team();
      if (!team) throw new DeskError('hub_unavailable', 'No team hub is configured (DESKMATE_HUB_URL or Settings).');
      try {
        return await team.report(desk.ledger.pricing.listPrices(), i);
      } catch (err) {
        throw new DeskError('hub_unavailable', err instanceof Error ? err.message : String(err));
      }
    },
    'team.history': async (i) => {
      const session = desk.sessions.getSession(i.sessionId);
      if (!session) throw new DeskError('not_found', `no session "${i.sessionId}"`, 'sessionId');
      const team = desk.team();
      if (!team) return { source: 'none', reason: null, turns: [] };
      const r = await team.history.fetch({ customerId: session.customerId, sessionId: session.id, before: new Date().toISOString() }, 2_000);
      return r.ok ? { source: 'hub', reason: null, turns: r.turns } : { source: 'local', reason: r.reason, turns: [] };
    },
  };
}

const same = (a: OutboxState | null, b: OutboxState): boolean =>
  a !== null && a.waiting === b.waiting && a.paused === b.paused && a.lastError === b.lastError && a.enabled === b.enabled;

/** The background push's interval (env DESKMATE_HUB_PUSH_MS overrides it, 100–600,000 ms). */
export const PUSH_EVERY_MS = 2_000;
/** A push asked for by an answer that ended waits this long, so the answers ending together go in one push… */
export const PUSH_SOON_MS = 25;
/** …and starts at least this long after the previous push started (at the peak every push carries many answers). */
export const PUSH_GAP_MS = 250;

export function pushEveryFrom(env: NodeJS.ProcessEnv): { ms: number; warning?: string } {
  return msFromEnv(env, 'DESKMATE_HUB_PUSH_MS', PUSH_EVERY_MS, 100, 600_000);
}

/**
 * `fn` at most once per `gapMs` and at least `delayMs` after the first call of a burst; a call while one is due joins
 * it (it runs after every call it stands for). A run where `fn` returns false (it did nothing) does not count for the
 * gap. `cancel` drops the one due.
 */
export function coalesced(fn: () => unknown, delayMs: number, gapMs: number): { call(): void; cancel(): void } {
  let timer: NodeJS.Timeout | null = null;
  let lastRun = -Infinity;
  return {
    call() {
      if (timer) return;
      timer = setTimeout(() => {
        timer = null;
        const at = performance.now();
        if (fn() !== false) lastRun = at;
      }, Math.max(delayMs, lastRun + gapMs - performance.now()));
      timer.unref();
    },
    cancel() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export interface BackgroundPush {
  /** An answer's writes were stored: push within ~PUSH_SOON_MS (≥ PUSH_GAP_MS after the last push started), so
   * another desk or `serve` node asked about the customer next sees it, instead of up to `everyMs` later. */
  soon(): void;
  stop(): void;
}

/**
 * Pushes every `everyMs` while rows wait (a failed push pauses until the next tick), and soon after `soon()` while
 * pushes succeed; emits `team.outbox` when the state changes.
 */
export function startBackgroundPush(team: () => TeamHub | null, bus: EventBus, everyMs = PUSH_EVERY_MS): BackgroundPush {
  let last: OutboxState | null = null;
  let busy = false;
  let again = false;
  let stopped = false;
  // The last push failed (hub down or refusing): answers do not ask for pushes until the interval's next one works,
  // so an unreachable hub costs one attempt per interval, not four a second at the peak.
  let failing = false;
  const tick = async (): Promise<void> => {
    const t = team();
    if (!t || busy || stopped) return;
    busy = true;
    try {
      if (t.outbox().waiting > 0) {
        failing = await t.push().then(
          () => false,
          () => true,
        );
      } else await t.warm();
      if (stopped) return; // the desk closed (its database with it) while the push ran
      const s = t.outbox();
      if (!same(last, s)) bus.emit('team.outbox', s);
      last = s;
    } finally {
      busy = false;
      // asked for while this push ran (its rows may have been written after it read the outbox): once more
      if (again && !stopped) {
        again = false;
        prompt.call();
      }
    }
  };
  // A tick never rejects into the void: a failure here (the local database busy or closing) waits for the next one.
  const run = (): void => void tick().catch(() => {});
  const prompt = coalesced(() => {
    if (!busy) return run();
    again = true;
    return false; // the push that follows the one running keeps the gap from that one
  }, PUSH_SOON_MS, PUSH_GAP_MS);
  const timer = setInterval(run, everyMs);
  timer.unref();
  return {
    soon: () => {
      if (!stopped && !failing) prompt.call();
    },
    stop: () => {
      stopped = true;
      clearInterval(timer);
      prompt.cancel();
    },
  };
}

/** What a `serve` process's link to the others offers here (http/cluster.ts ClusterLink). */
export interface NudgeLink {
  publish(event: string, payload: unknown): void;
  onEvent(listener: (event: string, payload: unknown) => void): () => void;
}
/** Not a contract event: never reaches `/api/events` (clusterBus drops names the contract does not know). */
export const PUSH_SOON_EVENT = 'team.pushSoon';

/**
 * `deskmate serve` on several processes: only the first one pushes the outbox of the shared data folder. A follower
 * tells it when its answers were stored (one message per PUSH_GAP_MS at most, and only while a hub is configured);
 * the first process pushes soon when told.
 */
export function relayPushSoon(
  desk: { onAnswerStored(listener: () => void): () => void; team(): TeamHub | null; pushSoon(): void },
  link: NudgeLink,
  role: 'leader' | 'follower',
): () => void {
  if (role === 'leader') return link.onEvent((event) => event === PUSH_SOON_EVENT && desk.pushSoon());
  const send = coalesced(() => {
    if (!desk.team()) return false;
    link.publish(PUSH_SOON_EVENT, null);
  }, 0, PUSH_GAP_MS);
  const off = desk.onAnswerStored(() => send.call());
  return () => {
    off();
    send.cancel();
  };
}
