// Online / degraded / offline as the main process reports it, the event stream's own state (browser mode), and
// the questions waiting to be re-asked online.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Connectivity, DeskApi } from '../../../shared/contract';
import type { Turn } from '../../../shared/domain';
import type { StreamStatus } from '../api/http-client';

export interface QueuedQuestion {
  sessionId: string;
  turn: Turn;
}

export interface ConnectivityState {
  connectivity: Connectivity | null;
  /** The desk link itself (always 'open' over IPC). */
  stream: StreamStatus;
  queued: QueuedQuestion[];
  reasking: boolean;
  refresh(): Promise<void>;
  refreshQueued(): Promise<void>;
  setStream(status: StreamStatus): void;
  /** Re-asks every queued question online, oldest first. */
  askAllOnline(): Promise<number>;
  /** Re-asks one queued question online. */
  askOne(turnId: number): Promise<boolean>;
  /** Takes questions off the queue without asking them (all of the desk's when `turnIds` is absent). */
  dismiss(turnIds?: number[]): Promise<number>;
}

export type ConnectivityStore = StoreApi<ConnectivityState>;

/** What the indicator shows: the desk link down wins over the upstream state. */
export function effectiveState(s: Pick<ConnectivityState, 'connectivity' | 'stream'>): 'online' | 'degraded' | 'offline' | 'unknown' {
  if (s.stream === 'reconnecting') return 'offline';
  return s.connectivity?.state ?? 'unknown';
}

export function createConnectivityStore(deps: {
  api: DeskApi;
  /** Re-asks one stored question (the chat store's reask, so the answer streams into the chat). */
  reask(questionTurnId: number): Promise<boolean>;
}): { store: ConnectivityStore; dispose(): void } {
  const { api } = deps;
  const store = createStore<ConnectivityState>()((set, get) => ({
    connectivity: null,
    stream: 'open',
    queued: [],
    reasking: false,
    async refresh() {
      const r = await api.invoke('connectivity.get', {});
      if (r.ok) set({ connectivity: r.data });
      await get().refreshQueued();
    },
    async refreshQueued() {
      const r = await api.invoke('sessions.queued', {});
      if (r.ok) set({ queued: r.data });
    },
    setStream(stream) {
      set({ stream });
    },
    async askOne(turnId) {
      const ok = await deps.reask(turnId);
      await get().refreshQueued();
      return ok;
    },
    async dismiss(turnIds) {
      // leave the list at once; the desk confirms
      set((s) => ({ queued: turnIds ? s.queued.filter((q) => !turnIds.includes(q.turn.id)) : [] }));
      const r = await api.invoke('sessions.dismissQueued', turnIds ? { turnIds } : {});
      await get().refreshQueued();
      return r.ok ? r.data.dismissed : 0;
    },
    async askAllOnline() {
      if (get().reasking) return 0;
      set({ reasking: true });
      let n = 0;
      try {
        for (const q of [...get().queued].sort((a, b) => a.turn.id - b.turn.id)) {
          if (await deps.reask(q.turn.id)) n++;
        }
      } finally {
        set({ reasking: false });
      }
      await get().refreshQueued();
      return n;
    },
  }));
  const off = api.on('connectivity', (c) => {
    const was = store.getState().connectivity?.state;
    store.setState({ connectivity: c });
    if (was !== c.state) void store.getState().refreshQueued();
  });
  const offDone = api.on('chat.done', () => void store.getState().refreshQueued());
  return {
    store,
    dispose() {
      off();
      offDone();
    },
  };
}
