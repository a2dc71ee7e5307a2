// Contract handlers of the team side (team.outbox, team.report, team.history) and the background push that keeps
// the desk's outbox draining while the hub is reachable (and tells the desk when it is not).
import type { Desk } from '../desk';
import { DeskError, type EventBus, type Handlers } from '../routes';
import type { OutboxState } from '../../shared/team';
import { localOutboxState, type TeamHub } from './outbox-team';

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

/**
 * Pushes every `everyMs` while rows wait (a failed push pauses until the next tick); emits `team.outbox` when the
 * state changes. Returns a stop function.
 */
export function startBackgroundPush(team: () => TeamHub | null, bus: EventBus, everyMs = 2_000): () => void {
  let last: OutboxState | null = null;
  let busy = false;
  let stopped = false;
  const tick = async (): Promise<void> => {
    const t = team();
    if (!t || busy || stopped) return;
    busy = true;
    try {
      if (t.outbox().waiting > 0) await t.push().catch(() => {});
      else await t.warm();
      if (stopped) return; // the desk closed (its database with it) while the push ran
      const s = t.outbox();
      if (!same(last, s)) bus.emit('team.outbox', s);
      last = s;
    } finally {
      busy = false;
    }
  };
  // A tick never rejects into the void: a failure here (the local database busy or closing) waits for the next one.
  const timer = setInterval(() => void tick().catch(() => {}), everyMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
