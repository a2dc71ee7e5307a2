// One invoke channel and one event channel between main and the renderer. The sender is checked on every call,
// inputs are parsed with the contract's zod schemas (by the dispatcher), results are always `{ok, data | error}`.
import type { EventBus, Dispatch } from './routes';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from '../preload/channels';

/** The part of an `IpcMainInvokeEvent` the checks read. */
export interface InvokeEventLike {
  sender: unknown;
  senderFrame?: { url: string } | null;
}

/** The slice of electron's `ipcMain` used here (a fake in tests). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** A window's webContents, as far as sending events goes. */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export interface IpcDeps {
  dispatch: Dispatch;
  bus: EventBus;
  /** True only for frames showing the app's own renderer (see index.ts `isAppUrl`). */
  isTrustedSender(event: InvokeEventLike): boolean;
  /** Where events go: the open windows' webContents. */
  targets(): readonly EventTarget[];
}

/** Registers the two channels; returns a function that removes them. */
export function registerIpc(ipcMain: IpcMainLike, deps: IpcDeps): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, route, input) => {
    if (!deps.isTrustedSender(event)) {
      return { ok: false, error: { code: 'forbidden', message: 'this frame may not call the desk' } };
    }
    if (typeof route !== 'string') {
      return { ok: false, error: { code: 'invalid_input', message: 'route must be a string' } };
    }
    return deps.dispatch(route, input, { transport: 'ipc' });
  });
  const unsubscribe = deps.bus.subscribe((event, payload) => {
    for (const target of deps.targets()) {
      if (!target.isDestroyed()) target.send(EVENT_CHANNEL, event, payload);
    }
  });
  return () => {
    ipcMain.removeHandler(INVOKE_CHANNEL);
    unsubscribe();
  };
}

/**
 * A sender is trusted when its frame shows one of the app's pages: the built renderer (file://…/out/renderer/)
 * or, in development, the electron-vite dev server origin.
 */
export function createSenderCheck(isAppUrl: (url: string) => boolean): (event: InvokeEventLike) => boolean {
  return (event) => {
    const url = event.senderFrame?.url;
    return typeof url === 'string' && isAppUrl(url);
  };
}

/** The slice of electron's `dialog` used here (a fake in tests). */
export interface DialogLike {
  showOpenDialog(options: {
    title: string;
    properties: ('openFile')[];
    filters: { name: string; extensions: string[] }[];
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
}

/** catalog.importDialog's picker: one catalog file (JSON Lines, JSON, CSV), its path or null when cancelled. */
export function createImportFilePicker(dialog: DialogLike): () => Promise<string | null> {
  return async () => {
    const r = await dialog.showOpenDialog({
      title: 'Import a catalog file',
      properties: ['openFile'],
      filters: [
        { name: 'Catalog (JSON Lines, JSON, CSV)', extensions: ['jsonl', 'ndjson', 'json', 'csv'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  };
}
