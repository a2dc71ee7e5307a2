import { describe, expect, it } from 'vitest';
import { createSenderCheck, registerIpc, type InvokeEventLike, type IpcMainLike } from '../../src/main/ipc';
import { createDispatcher, createEventBus, type Handlers } from '../../src/main/routes';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src/preload/channels';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipc: IpcMainLike = {
    handle: (channel, listener) => {
      if (handlers.has(channel)) throw new Error(`second handler for ${channel}`);
      handlers.set(channel, listener);
    },
    removeHandler: (channel) => {
      handlers.delete(channel);
    },
  };
  return { ipc, handlers };
}

const APP = 'file:///opt/deskmate/out/renderer/index.html';
const isApp = (url: string) => url.startsWith('file:///opt/deskmate/out/renderer/');

function setup() {
  const calls: unknown[] = [];
  const handlers = {
    'sessions.create': (input: unknown) => {
      calls.push(input);
      return { id: 's1', customerId: null, title: 'New', createdAt: 'x', updatedAt: 'x', turnCount: 0 };
    },
    'chat.stop': () => {
      throw new Error('boom');
    },
  } as unknown as Handlers;
  const dispatch = createDispatcher(handlers);
  const bus = createEventBus();
  const sent: unknown[][] = [];
  const target = { destroyed: false, send: (...a: unknown[]) => sent.push(a), isDestroyed: () => target.destroyed };
  const { ipc, handlers: registered } = fakeIpcMain();
  const dispose = registerIpc(ipc, { dispatch, bus, isTrustedSender: createSenderCheck(isApp), targets: () => [target] });
  const invoke = registered.get(INVOKE_CHANNEL)!;
  return { invoke, calls, bus, sent, target, dispose, registered };
}

const trusted: InvokeEventLike = { sender: {}, senderFrame: { url: APP } };

describe('registerIpc', () => {
  it('registers exactly one invoke channel and dispatches a valid call', async () => {
    const { invoke, calls, registered } = setup();
    expect([...registered.keys()]).toEqual([INVOKE_CHANNEL]);
    const res = await invoke(trusted, 'sessions.create', { title: 'Refund' });
    expect(res).toMatchObject({ ok: true, data: { id: 's1' } });
    expect(calls).toEqual([{ title: 'Refund' }]);
  });

  it('rejects frames that are not the app, without calling the handler', async () => {
    const { invoke, calls } = setup();
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'file:///tmp/other.html' }, null]) {
      const res = await invoke({ sender: {}, senderFrame: frame }, 'sessions.create', {});
      expect(res).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(calls).toEqual([]);
  });

  it('parses input with the contract: invalid input and unknown routes are errors, not throws', async () => {
    const { invoke, calls } = setup();
    const bad = await invoke(trusted, 'sessions.create', { title: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid_input', field: 'title' } });
    const extra = await invoke(trusted, 'sessions.create', { title: 'x', admin: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke(trusted, 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'unknown_route' } });
    expect(await invoke(trusted, 7, {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(calls).toEqual([]);
  });

  it('turns a throwing handler into {ok:false}', async () => {
    const { invoke } = setup();
    expect(await invoke(trusted, 'chat.stop', { requestId: 'r1' })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'boom' },
    });
  });

  it('forwards bus events on the one event channel, skipping destroyed windows, until disposed', () => {
    const { bus, sent, target, dispose, registered } = setup();
    const payload = { state: 'offline' as const, reason: 'No API key', checkedAt: null };
    bus.emit('connectivity', payload);
    expect(sent).toEqual([[EVENT_CHANNEL, 'connectivity', payload]]);
    target.destroyed = true;
    bus.emit('connectivity', payload);
    expect(sent).toHaveLength(1);
    target.destroyed = false;
    dispose();
    bus.emit('connectivity', payload);
    expect(sent).toHaveLength(1);
    expect(registered.size).toBe(0);
  });
});
