// The typed bridge the preload exposes as `window.desk`: invoke one route, listen to one event. Nothing else.
import type { DeskApi, EventName, EventPayload, InvokeResult, RouteName, RouteOutput } from '../shared/contract';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels';

/** The slice of `ipcRenderer` the bridge uses (a fake in tests). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

type AnyListener = (payload: unknown) => void;

export function createBridge(ipc: IpcRendererLike): DeskApi {
  const listeners = new Map<string, Set<AnyListener>>();
  // one IPC listener for all events; the renderer never sees the IPC event object (it carries `sender`)
  ipc.on(EVENT_CHANNEL, (_event, name, payload) => {
    if (typeof name !== 'string') return;
    const set = listeners.get(name);
    if (!set) return;
    for (const l of [...set]) {
      try {
        l(payload);
      } catch {
        // a throwing listener must not stop the others
      }
    }
  });
  return {
    async invoke<R extends RouteName>(route: R, input: unknown): Promise<InvokeResult<RouteOutput<R>>> {
      try {
        return (await ipc.invoke(INVOKE_CHANNEL, route, input)) as InvokeResult<RouteOutput<R>>;
      } catch (err) {
        return { ok: false, error: { code: 'transport', message: err instanceof Error ? err.message : String(err) } };
      }
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      if (typeof event !== 'string' || typeof listener !== 'function') throw new TypeError('desk.on(event, listener)');
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as AnyListener;
      set.add(l);
      return () => {
        set.delete(l);
      };
    },
  };
}
