import { describe, expect, it } from 'vitest';
import type { Turn } from '../../src/shared/domain';
import { createConnectivityStore, effectiveState } from '../../src/renderer/src/stores/connectivity';
import { createSessionsStore } from '../../src/renderer/src/stores/sessions';
import { fakeApi, flush } from './renderer-fake-api';

const q = (id: number, sessionId: string): { sessionId: string; turn: Turn } => ({
  sessionId,
  turn: { id, sessionId, seq: 1, speaker: 'customer', text: `q${id}`, status: 'queued', createdAt: '', updatedAt: '' },
});

describe('connectivity store', () => {
  it('follows connectivity events and refreshes the queue when the state changes', async () => {
    let queued = [q(7, 's1')];
    const api = fakeApi({ 'sessions.queued': () => queued, 'connectivity.get': () => ({ state: 'offline', reason: 'No API key', checkedAt: null }) });
    const { store } = createConnectivityStore({ api, reask: async () => true });
    await store.getState().refresh();
    expect(effectiveState(store.getState())).toBe('offline');
    expect(store.getState().queued).toHaveLength(1);
    queued = [];
    api.emit('connectivity', { state: 'online', reason: null, checkedAt: '2026-01-01T00:00:00Z' });
    await flush();
    expect(effectiveState(store.getState())).toBe('online');
    expect(store.getState().queued).toEqual([]);
  });

  it('shows offline while the desk link itself is reconnecting', () => {
    expect(effectiveState({ connectivity: { state: 'online', reason: null, checkedAt: null }, stream: 'reconnecting' })).toBe('offline');
    expect(effectiveState({ connectivity: null, stream: 'open' })).toBe('unknown');
  });

  it('re-asks every queued question oldest first, once at a time', async () => {
    const api = fakeApi({ 'sessions.queued': () => [q(9, 's2'), q(3, 's1')] });
    const asked: number[] = [];
    const { store } = createConnectivityStore({ api, reask: async (id) => (asked.push(id), id !== 9) });
    await store.getState().refreshQueued();
    const [a, b] = [store.getState().askAllOnline(), store.getState().askAllOnline()];
    expect(await a).toBe(1);
    expect(await b).toBe(0);
    expect(asked).toEqual([3, 9]);
    expect(store.getState().reasking).toBe(false);
  });
});

describe('sessions store', () => {
  it('debounces the search and keeps the newest answer when an older one arrives late', async () => {
    const timers: { fn: () => void; cleared: boolean }[] = [];
    const resolvers: ((v: unknown) => void)[] = [];
    const api = fakeApi({ 'sessions.list': () => new Promise((r) => resolvers.push(r)) });
    const store = createSessionsStore({
      api,
      timers: {
        setTimeout: (fn) => timers.push({ fn, cleared: false }) - 1,
        clearTimeout: (h) => void (timers[h as number]!.cleared = true),
      },
    });
    store.getState().setQuery('lap');
    store.getState().setQuery('laptop');
    expect(timers.map((t) => t.cleared)).toEqual([true, false]);
    timers[1]!.fn();
    const second = store.getState().refresh();
    await flush();
    expect(api.calls.map((c) => c.input)).toEqual([{ query: 'laptop', limit: 200 }, { query: 'laptop', limit: 200 }]);
    const session = (title: string) => ({ id: title, customerId: null, title, createdAt: '', updatedAt: '', turnCount: 1 });
    resolvers[1]!([session('newest')]);
    await second;
    resolvers[0]!([session('outdated')]);
    await flush();
    expect(store.getState().items.map((s) => s.title)).toEqual(['newest']);
    expect(store.getState().loading).toBe(false);
  });
});
