import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../src/preload/channels';
import { createDispatcher, createEventBus, type Handlers } from '../../src/main/routes';
import type { SecretStore } from '../../src/main/settings/secrets';

// The real module is never loaded: importing index.ts must not start anything under Node.
vi.mock('electron', () => ({ app: undefined }));

const { createAppUrlCheck, guardContents, permissionAllowed, startDesktop, windowOptions } = await import('../../src/main/index');
type Deps = Parameters<typeof startDesktop>[0];

type Listener = (...args: unknown[]) => unknown;
const tmp = mkdtempSync(join(tmpdir(), 'deskmate-main-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

type Guard = (e: { preventDefault(): void }) => void;
function fakeContents() {
  const on = new Map<string, Guard>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    on: (event: string, l: Guard) => on.set(event, l),
    setWindowOpenHandler: (h: (d: { url: string }) => { action: 'deny' }) => {
      openHandler = h;
    },
    send: vi.fn(),
    isDestroyed: () => false,
    listeners: on,
    open: (url: string) => openHandler?.({ url }),
  };
}

function fakeElectron(lock = true) {
  const appListeners = new Map<string, Listener>();
  const windows: { options: unknown; contents: ReturnType<typeof fakeContents>; loaded: string[] }[] = [];
  const handles = new Map<string, Listener>();
  let permission: ((wc: unknown, p: string, cb: (g: boolean) => void) => void) | undefined;
  class FakeWindow {
    webContents = fakeContents();
    loaded: string[] = [];
    constructor(public options: unknown) {
      windows.push({ options, contents: this.webContents, loaded: this.loaded });
    }
    loadURL = async (u: string) => this.loaded.push(u);
    loadFile = async (f: string) => this.loaded.push(f);
    once = () => undefined;
    show = () => undefined;
    focus = vi.fn();
    isMinimized = () => false;
    restore = () => undefined;
    static getAllWindows = () => windows.map((w) => ({ webContents: w.contents }));
  }
  const app = {
    quit: vi.fn(),
    setName: vi.fn(),
    setPath: vi.fn(),
    getPath: () => join(tmp, 'userData'),
    requestSingleInstanceLock: () => lock,
    whenReady: async () => undefined,
    on: (event: string, l: Listener) => appListeners.set(event, l),
  };
  const deps = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (c: string, l: Listener) => handles.set(c, l), removeHandler: (c: string) => handles.delete(c) },
    safeStorage: {
      isEncryptionAvailable: () => true,
      encryptString: (s: string) => Buffer.from(s).reverse(),
      decryptString: (b: Buffer) => Buffer.from(b).reverse().toString(),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: (wc: unknown, p: string, cb: (g: boolean) => void) => void) => {
          permission = h;
        },
      },
    },
  } as unknown as Deps;
  return { deps, app, windows, handles, appListeners, askPermission: (p: string) => new Promise((r) => permission?.({}, p, r)) };
}

describe('electron main', () => {
  it('creates windows with isolated, sandboxed, node-free preferences', () => {
    const o = windowOptions('/x/preload/index.cjs');
    expect(o.webPreferences).toMatchObject({
      preload: '/x/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(o.width).toBeGreaterThanOrEqual(1280);
  });

  it('recognises only the app renderer as an app URL', () => {
    const file = createAppUrlCheck('file:///opt/d/out/renderer/index.html');
    expect(file('file:///opt/d/out/renderer/index.html')).toBe(true);
    expect(file('file:///opt/d/out/renderer/index.html#chat')).toBe(true);
    expect(file('file:///opt/d/out/main/index.js')).toBe(false);
    expect(file('https://example.com/')).toBe(false);
    expect(file('not a url')).toBe(false);
    const dev = createAppUrlCheck('http://localhost:5173/');
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('http://localhost:5174/')).toBe(false);
  });

  it('blocks navigation, redirects, webviews and new windows', () => {
    const c = fakeContents();
    guardContents(c);
    for (const event of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = { preventDefault: vi.fn() };
      c.listeners.get(event)!(e);
      expect(e.preventDefault).toHaveBeenCalled();
    }
    expect(c.open('https://evil.example/')).toEqual({ action: 'deny' });
  });

  it('grants clipboard writes only', () => {
    expect(permissionAllowed('clipboard-sanitized-write')).toBe(true);
    for (const p of ['media', 'geolocation', 'clipboard-read', 'openExternal', 'notifications']) expect(permissionAllowed(p)).toBe(false);
  });

  it('quits when another instance holds the lock, without opening the desk', async () => {
    const f = fakeElectron(false);
    const openDesk = vi.fn();
    expect(await startDesktop(f.deps, { mainDir: '/app/out/main', env: {}, openDesk })).toBe(false);
    expect(f.app.quit).toHaveBeenCalled();
    expect(openDesk).not.toHaveBeenCalled();
    expect(f.windows).toHaveLength(0);
  });

  it('opens the desk in the user-data folder, wires IPC with the sender check, and loads the built renderer', async () => {
    const f = fakeElectron();
    const bus = createEventBus();
    const dispatch = createDispatcher({
      'app.info': () => ({ version: '0', transport: 'ipc', dataDir: join(tmp, 'userData') }),
    } as unknown as Handlers);
    let secrets: SecretStore | undefined;
    const close = vi.fn();
    const ok = await startDesktop(f.deps, {
      mainDir: '/app/out/main',
      env: { KIMI_API_KEY: 'sk-env' },
      openDesk: (o) => {
        expect(o.dataDir).toBe(join(tmp, 'userData'));
        secrets = o.secrets;
        return { dispatch, bus, close };
      },
    });
    expect(ok).toBe(true);
    expect(f.app.setName).toHaveBeenCalledWith('Deskmate');
    expect(secrets?.get()).toBe('sk-env');
    expect(f.windows).toHaveLength(1);
    expect(f.windows[0]!.loaded).toEqual([join('/app/out', 'renderer/index.html')]);
    expect((f.windows[0]!.options as { webPreferences: { preload: string } }).webPreferences.preload).toBe(
      join('/app/out', 'preload/index.cjs'),
    );
    // the window's own guards are installed
    expect(f.windows[0]!.contents.listeners.has('will-navigate')).toBe(true);
    const invoke = f.handles.get(INVOKE_CHANNEL)!;
    const appFrame = { sender: {}, senderFrame: { url: 'file:///app/out/renderer/index.html' } };
    expect(await invoke(appFrame, 'app.info', {})).toMatchObject({ ok: true });
    expect(await invoke({ sender: {}, senderFrame: { url: 'https://evil.example/' } }, 'app.info', {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    bus.emit('connectivity', { state: 'online', reason: null, checkedAt: null });
    expect(f.windows[0]!.contents.send).toHaveBeenCalledWith('desk:event', 'connectivity', {
      state: 'online',
      reason: null,
      checkedAt: null,
    });
    expect(await f.askPermission('media')).toBe(false);
    const quitEvent = { preventDefault: vi.fn() };
    f.app.quit.mockClear();
    f.appListeners.get('will-quit')!(quitEvent);
    expect(quitEvent.preventDefault).toHaveBeenCalled(); // waits for the desk to close
    expect(close).toHaveBeenCalled();
    expect(f.handles.size).toBe(0);
    await vi.waitFor(() => expect(f.app.quit).toHaveBeenCalled());
    const again = { preventDefault: vi.fn() };
    f.appListeners.get('will-quit')!(again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('honours DESKMATE_DATA_DIR and the dev server URL', async () => {
    const f = fakeElectron();
    await startDesktop(f.deps, {
      mainDir: '/app/out/main',
      env: { DESKMATE_DATA_DIR: '/data/x', ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      openDesk: () => ({ dispatch: createDispatcher({} as Handlers), bus: createEventBus(), close: () => undefined }),
    });
    expect(f.app.setPath).toHaveBeenCalledWith('userData', '/data/x');
    expect(f.windows[0]!.loaded).toEqual(['http://localhost:5173']);
  });
});
