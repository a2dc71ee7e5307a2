import { describe, expect, it, vi } from 'vitest';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../../src/preload/channels';

type Listener = (event: unknown, ...args: unknown[]) => void;

const exposed: Record<string, unknown> = {};
const ipcListeners = new Map<string, Listener>();
const invoked: unknown[][] = [];

vi.mock('electron', () => ({
  contextBridge: {
    exposeInMainWorld: (key: string, api: unknown) => {
      exposed[key] = api;
    },
  },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      invoked.push(args);
      if (args[1] === 'explode') throw new Error('channel closed');
      return { ok: true, data: { version: '1', transport: 'ipc', dataDir: '/d' } };
    },
    on: (channel: string, l: Listener) => ipcListeners.set(channel, l),
    send: () => {
      throw new Error('send must not be used');
    },
  },
}));

describe('preload bridge', () => {
  it('exposes only { invoke, on } as window.desk', async () => {
    await import('../../src/preload/index');
    expect(Object.keys(exposed)).toEqual(['desk']);
    const desk = exposed.desk as Record<string, unknown>;
    expect(Object.keys(desk).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(desk).every((v) => typeof v === 'function')).toBe(true);
  });

  it('invokes over the one channel and never throws across it', async () => {
    await import('../../src/preload/index');
    const desk = exposed.desk as { invoke: (r: string, i: unknown) => Promise<unknown> };
    expect(await desk.invoke('app.info', {})).toMatchObject({ ok: true });
    expect(invoked.at(-1)).toEqual([INVOKE_CHANNEL, 'app.info', {}]);
    expect(await desk.invoke('explode', {})).toEqual({ ok: false, error: { code: 'transport', message: 'channel closed' } });
  });

  it('delivers events by name without the IPC event object, and unsubscribes', async () => {
    await import('../../src/preload/index');
    const desk = exposed.desk as { on: (e: string, l: (p: unknown) => void) => () => void };
    const got: unknown[][] = [];
    const off = desk.on('connectivity', (...args) => got.push(args));
    desk.on('chat.done', () => {
      throw new Error('listener bug');
    });
    const fire = ipcListeners.get(EVENT_CHANNEL)!;
    fire({ sender: 'secret' }, 'connectivity', { state: 'online' });
    fire({ sender: 'secret' }, 'chat.done', {});
    fire({}, 'chat.progress', { text: 'x' });
    off();
    fire({}, 'connectivity', { state: 'offline' });
    expect(got).toEqual([[{ state: 'online' }]]);
  });
});
