// A scripted DeskApi for renderer store tests: invoke answers from a handler table, events are emitted by hand.
import type { DeskApi, EventName, EventPayload, InvokeResult, RouteName } from '../../src/shared/contract';

type Handler = (input: unknown) => unknown;

export interface FakeApi extends DeskApi {
  calls: { route: string; input: unknown }[];
  handlers: Partial<Record<RouteName, Handler>>;
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  listenerCount(event: EventName): number;
}

export function fakeApi(handlers: Partial<Record<RouteName, Handler>> = {}): FakeApi {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const api: FakeApi = {
    calls: [],
    handlers,
    async invoke(route, input) {
      api.calls.push({ route, input });
      const h = api.handlers[route];
      if (!h) return { ok: false, error: { code: 'unknown_route', message: `no fake for ${route}` } };
      try {
        const out = await h(input);
        if (out && typeof out === 'object' && 'ok' in out) return out as InvokeResult<never>;
        return { ok: true, data: out as never };
      } catch (err) {
        return { ok: false, error: { code: 'transport', message: (err as Error).message } };
      }
    },
    on(event, listener) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (p: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
    emit(event, payload) {
      for (const l of [...(listeners.get(event) ?? [])]) l(payload);
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  };
  return api;
}

/** A frame scheduler the test advances by hand. */
export function manualFrames() {
  const queue: (() => void)[] = [];
  return {
    schedule: (cb: () => void) => void queue.push(cb),
    pending: () => queue.length,
    /** Runs the callbacks scheduled so far (one "frame"). */
    frame() {
      const run = queue.splice(0);
      for (const cb of run) cb();
      return run.length;
    },
  };
}

export const flush = () => new Promise((r) => setTimeout(r, 0));
