// Every store of the desk, wired to one DeskApi.
import type { DeskApi } from '../../../shared/contract';
import type { Timers } from '../api/http-client';
import { createChatStore, type ChatStore } from './chat';
import { createConnectivityStore, type ConnectivityStore } from './connectivity';
import type { ScheduleFrame } from './frame-batcher';
import { createSessionsStore, type SessionsStore } from './sessions';
import { createUiStore, type UiStore } from './ui';

export interface Stores {
  chat: ChatStore;
  sessions: SessionsStore;
  connectivity: ConnectivityStore;
  ui: UiStore;
  dispose(): void;
}

export function createStores(api: DeskApi, deps: { schedule: ScheduleFrame; timers: Timers }): Stores {
  const sessions: SessionsStore = createSessionsStore({ api, timers: deps.timers });
  const chat = createChatStore({
    api,
    schedule: deps.schedule,
    onSessionChanged: () => void sessions.getState().refresh(),
  });
  const connectivity = createConnectivityStore({ api, reask: (id) => chat.store.getState().reask(id) });
  return {
    chat: chat.store,
    sessions,
    connectivity: connectivity.store,
    ui: createUiStore(),
    dispose() {
      chat.dispose();
      connectivity.dispose();
    },
  };
}
