// Electron entry: one instance, one locked-down window, the desk wired to IPC. Everything Electron-specific is
// here, in ipc.ts and in secrets-electron.ts; the desk itself (desk.ts) runs the same under plain Node.
import * as electron from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { openDesk } from './desk';
import { createImportFilePicker, createSenderCheck, registerIpc, type DialogLike, type EventTarget, type IpcMainLike } from './ipc';
import type { Dispatch, EventBus } from './routes';
import { createSafeStorageSecretStore, type SafeStorageLike } from './secrets-electron';
import type { SecretStore } from './settings/secrets';

/** Secure BrowserWindow preferences: isolated, sandboxed, no Node in the page. */
export function windowOptions(preload: string) {
  return {
    width: 1280,
    height: 800,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Deskmate',
    backgroundColor: '#f5f6f8',
    autoHideMenuBar: true,
    webPreferences: {
      preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      spellcheck: true,
    },
  };
}

/**
 * The app's own pages: the built renderer folder (file://…/out/renderer/…) or, in development, the dev server
 * origin electron-vite gives in ELECTRON_RENDERER_URL.
 */
export function createAppUrlCheck(rendererUrl: string): (url: string) => boolean {
  const base = new URL(rendererUrl);
  if (base.protocol === 'file:') {
    const folder = base.href.slice(0, base.href.lastIndexOf('/') + 1);
    return (url) => {
      try {
        const u = new URL(url);
        return u.protocol === 'file:' && u.href.startsWith(folder) && !u.pathname.includes('/../');
      } catch {
        return false;
      }
    };
  }
  return (url) => {
    try {
      return new URL(url).origin === base.origin;
    } catch {
      return false;
    }
  };
}

/** The slice of `webContents` the guards use. */
export interface GuardedContents {
  on(event: 'will-navigate' | 'will-redirect' | 'will-attach-webview', listener: (e: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** No navigation away from the loaded page, no new windows, no <webview>. */
export function guardContents(contents: GuardedContents): void {
  contents.on('will-navigate', (e) => e.preventDefault());
  contents.on('will-redirect', (e) => e.preventDefault());
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** Only clipboard writes (copy answer, insert as reply) are granted; every other permission is refused. */
export function permissionAllowed(permission: string): boolean {
  return permission === 'clipboard-sanitized-write';
}

export interface DeskHandle {
  dispatch: Dispatch;
  bus: EventBus;
  /** Tokenizer warm-up, offline probes. */
  startBackground?(): void;
  close(): void | Promise<void>;
}

interface WindowLike {
  webContents: EventTarget & GuardedContents & { focus?(): void };
  loadURL(url: string): Promise<unknown>;
  loadFile(file: string): Promise<unknown>;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  focus(): void;
  isMinimized(): boolean;
  restore(): void;
}

/** What startDesktop needs from electron (the real module, or a vi.mock in tests). */
export interface ElectronDeps {
  app: {
    requestSingleInstanceLock(): boolean;
    quit(): void;
    setName(name: string): void;
    getPath(name: 'userData'): string;
    setPath(name: 'userData', path: string): void;
    whenReady(): Promise<unknown>;
    on(event: string, listener: (...args: never[]) => void): unknown;
  };
  BrowserWindow: {
    new (options: ReturnType<typeof windowOptions>): WindowLike;
    getAllWindows(): WindowLike[];
  };
  ipcMain: IpcMainLike;
  /** Native dialogs (catalog.importDialog). */
  dialog: DialogLike;
  safeStorage: SafeStorageLike;
  session: {
    defaultSession: {
      setPermissionRequestHandler(handler: (wc: unknown, permission: string, callback: (granted: boolean) => void) => void): void;
    };
  };
}

export interface StartOptions {
  /** Folder holding out/main/index.js (preload and renderer are its siblings). */
  mainDir: string;
  env: Readonly<Record<string, string | undefined>>;
  openDesk(opts: { dataDir: string; secrets: SecretStore; hubSecrets?: SecretStore; pickImportFile?: () => Promise<string | null> }): DeskHandle;
  log?: (message: string) => void;
}

/** Starts the desktop app. Returns false when another instance already runs (this one quits). */
export async function startDesktop(e: ElectronDeps, opts: StartOptions): Promise<boolean> {
  const { app, BrowserWindow } = e;
  app.setName('Deskmate');
  if (opts.env.DESKMATE_DATA_DIR) app.setPath('userData', opts.env.DESKMATE_DATA_DIR);
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  const rendererUrl = opts.env.ELECTRON_RENDERER_URL ?? pathToFileURL(join(opts.mainDir, '../renderer/index.html')).href;
  const isAppUrl = createAppUrlCheck(rendererUrl);
  let win: WindowLike | undefined;

  const createWindow = (): WindowLike => {
    const w = new BrowserWindow(windowOptions(join(opts.mainDir, '../preload/index.cjs')));
    guardContents(w.webContents);
    w.once('ready-to-show', () => w.show());
    if (opts.env.ELECTRON_RENDERER_URL) void w.loadURL(opts.env.ELECTRON_RENDERER_URL);
    else void w.loadFile(join(opts.mainDir, '../renderer/index.html'));
    return w;
  };

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event: never, contents: GuardedContents) => guardContents(contents));

  await app.whenReady();
  e.session.defaultSession.setPermissionRequestHandler((_wc, permission, callback) => callback(permissionAllowed(permission)));

  const dataDir = app.getPath('userData');
  const secrets = createSafeStorageSecretStore({
    safeStorage: e.safeStorage,
    file: join(dataDir, 'api-key.bin'),
    envKey: opts.env.KIMI_API_KEY ?? opts.env.MOONSHOT_API_KEY,
    warn: opts.log,
  });
  // The team hub URL (it carries a password): encrypted the same way, never sent to the renderer.
  const hubSecrets = createSafeStorageSecretStore({ safeStorage: e.safeStorage, file: join(dataDir, 'hub-url.bin'), warn: opts.log, what: 'the team hub URL' });
  const desk = opts.openDesk({ dataDir, secrets, hubSecrets, pickImportFile: createImportFilePicker(e.dialog) });
  desk.startBackground?.();
  const disposeIpc = registerIpc(e.ipcMain, {
    dispatch: desk.dispatch,
    bus: desk.bus,
    isTrustedSender: createSenderCheck(isAppUrl),
    targets: () => BrowserWindow.getAllWindows().map((w) => w.webContents),
  });
  win = createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event: { preventDefault(): void }) => {
    if (closed) return;
    // finish the database work (WAL checkpoint, tokenizer worker) before the process goes
    event.preventDefault();
    closed = true;
    disposeIpc();
    void Promise.resolve(desk.close())
      .catch((err: unknown) => opts.log?.(`closing the desk: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => app.quit());
  });
  return true;
}

// Runs only inside Electron's main process (never when a test imports this file).
if (process.versions.electron && electron.app) {
  void startDesktop(electron as unknown as ElectronDeps, {
    mainDir: dirname(fileURLToPath(import.meta.url)),
    env: process.env,
    openDesk: (o) => openDesk({ dataDir: o.dataDir, env: process.env, secrets: o.secrets, hubSecrets: o.hubSecrets, pickImportFile: o.pickImportFile, transport: 'ipc', version: electron.app.getVersion() }),
    log: (m) => console.warn(m),
  }).catch((err: unknown) => {
    console.error(err);
    electron.app.quit();
  });
}
