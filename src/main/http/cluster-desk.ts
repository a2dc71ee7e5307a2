// One desk per serve process, shared through the cluster link (cluster.ts): the contract events of every process
// reach every `/api/events` client, and what one process keeps in memory is applied in all of them.
import { events, isEventName, type InvokeResult } from '../../shared/contract';
import type { Dispatch, EventBus, EventListener } from '../routes';
import type { ClusterLink } from './cluster';

/** Routes whose effect lives partly in a process's memory (settings cache, a key set at run time, the price table):
 * after they succeed in one process they are replayed with the same input in every other one. */
export const REPLAYED_ROUTES: ReadonlySet<string> = new Set(['settings.set', 'settings.setApiKey', 'pricing.set']);

/** The bus the HTTP server subscribes to: this desk's events and those published by the other processes
 * (validated against the contract; they never enter this desk's own bus). Local events are published. */
export function clusterBus(bus: EventBus, link: ClusterLink): EventBus {
  bus.subscribe((event, payload) => link.publish(event, payload));
  return {
    emit: (event, payload) => bus.emit(event, payload),
    subscribe(listener: EventListener) {
      const off = bus.subscribe(listener);
      const offRemote = link.onEvent((event, payload) => {
        if (!isEventName(event)) return;
        const parsed = events[event].safeParse(payload);
        if (parsed.success) listener(event, parsed.data as never);
      });
      return () => {
        off();
        offRemote();
      };
    },
  };
}

function stoppedOf(v: unknown): boolean {
  return typeof v === 'object' && v !== null && (v as { stopped?: unknown }).stopped === true;
}

/** Dispatch for this process: `chat.stop` finds the answer in whichever process runs it; replayed routes are applied
 * everywhere before the answer goes back (a request on another process sees the new settings at once). */
export function clusterDispatch(dispatch: Dispatch, link: ClusterLink): Dispatch {
  link.handle('stop', async (input) => {
    const r = await dispatch('chat.stop', input, { transport: 'http' });
    return { stopped: r.ok && stoppedOf(r.data) };
  });
  link.handle('replay', async (input) => {
    if (typeof input !== 'object' || input === null) return null;
    const { route, body } = input as { route?: unknown; body?: unknown };
    if (typeof route !== 'string' || !REPLAYED_ROUTES.has(route)) return null;
    const r = await dispatch(route, body, { transport: 'http' });
    return { ok: r.ok };
  });
  link.handle('importCancel', async () => {
    const r = await dispatch('catalog.importCancel', {}, { transport: 'http' });
    return { cancelled: r.ok && (r.data as { cancelled?: unknown }).cancelled === true };
  });
  return async (route, input, ctx) => {
    const r: InvokeResult<unknown> = await dispatch(route, input, ctx);
    // The import runs in whichever process took the upload.
    if (route === 'catalog.importCancel' && r.ok && (r.data as { cancelled?: unknown }).cancelled !== true) {
      const elsewhere = await link.call('importCancel', {});
      if (elsewhere.some((x) => (x as { cancelled?: unknown } | null)?.cancelled === true)) return { ok: true, data: { cancelled: true } };
    }
    if (route === 'chat.stop' && r.ok && !stoppedOf(r.data)) {
      const elsewhere = await link.call('stop', input);
      if (elsewhere.some(stoppedOf)) return { ok: true, data: { stopped: true } };
    }
    if (r.ok && REPLAYED_ROUTES.has(route)) await link.call('replay', { route, body: input });
    return r;
  };
}
