// The sessions list: search as the agent types (debounced), refreshed when a session changes.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DeskApi } from '../../../shared/contract';
import type { SessionSummary } from '../../../shared/domain';
import type { Timers } from '../api/http-client';

export interface SessionsState {
  items: SessionSummary[];
  query: string;
  /** Showing the archived sessions instead of the active ones. */
  archived: boolean;
  loading: boolean;
  error: string | null;
  setQuery(query: string): void;
  setArchived(archived: boolean): void;
  refresh(): Promise<void>;
}

export type SessionsStore = StoreApi<SessionsState>;

export function createSessionsStore(deps: { api: DeskApi; timers: Timers; debounceMs?: number; limit?: number }): SessionsStore {
  let seq = 0;
  let timer: unknown = null;
  return createStore<SessionsState>()((set, get) => ({
    items: [],
    query: '',
    archived: false,
    loading: false,
    error: null,
    setQuery(query) {
      set({ query });
      if (timer !== null) deps.timers.clearTimeout(timer);
      timer = deps.timers.setTimeout(() => {
        timer = null;
        void get().refresh();
      }, deps.debounceMs ?? 150);
    },
    setArchived(archived) {
      set({ archived });
      void get().refresh();
    },
    async refresh() {
      const mine = ++seq;
      const q = get().query.trim();
      set({ loading: true });
      const r = await deps.api.invoke('sessions.list', { ...(q ? { query: q } : {}), ...(get().archived ? { archived: true } : {}), limit: deps.limit ?? 200 });
      if (mine !== seq) return; // an older search answered after a newer one
      if (r.ok) set({ items: r.data, loading: false, error: null });
      else set({ loading: false, error: r.error.message });
    },
  }));
}
