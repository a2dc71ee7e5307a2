// Desktop catalog import (issue 12): catalog.importDialog is IPC-only; the main process shows the native open dialog
// (electron's `dialog`, faked here) and streams the chosen file from its path through the desk's import jobs
// (a real desk on a temp data folder, real SQLite). Cancelled dialog → nothing imported; HTTP/CLI → local_only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { INVOKE_CHANNEL } from '../../src/preload/channels';
import { openDesk, type Desk } from '../../src/main/desk';
import { createImportFilePicker, type DialogLike } from '../../src/main/ipc';

vi.mock('electron', () => ({ app: undefined }));
const { startDesktop } = await import('../../src/main/index');
type Deps = Parameters<typeof startDesktop>[0];
type Listener = (...args: unknown[]) => unknown;

const tmp = mkdtempSync(join(tmpdir(), 'deskmate-dialog-'));
const desks: Desk[] = [];
afterAll(async () => {
  for (const d of desks) await d.close();
  rmSync(tmp, { recursive: true, force: true });
});

function fakeElectron(dialog: DialogLike, dataDir: string) {
  const handles = new Map<string, Listener>();
  class FakeWindow {
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, send: vi.fn(), isDestroyed: () => false };
    loadURL = async () => undefined;
    loadFile = async () => undefined;
    once = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    isMinimized = () => false;
    restore = () => undefined;
    static getAllWindows = () => [];
  }
  const deps = {
    app: {
      quit: vi.fn(),
      setName: vi.fn(),
      setPath: vi.fn(),
      getPath: () => dataDir,
      requestSingleInstanceLock: () => true,
      whenReady: async () => undefined,
      on: () => undefined,
    },
    BrowserWindow: FakeWindow,
    ipcMain: { handle: (c: string, l: Listener) => handles.set(c, l), removeHandler: (c: string) => handles.delete(c) },
    dialog,
    safeStorage: { isEncryptionAvailable: () => false, encryptString: (s: string) => Buffer.from(s), decryptString: (b: Buffer) => b.toString() },
    session: { defaultSession: { setPermissionRequestHandler: () => undefined } },
  } as unknown as Deps;
  return { deps, handles };
}

async function startWith(answer: { canceled: boolean; filePaths: string[] }) {
  const dataDir = join(tmp, `data-${Math.random().toString(36).slice(2)}`);
  const showOpenDialog = vi.fn(async () => answer);
  const f = fakeElectron({ showOpenDialog }, dataDir);
  let desk: Desk | undefined;
  await startDesktop(f.deps, {
    mainDir: '/app/out/main',
    env: {},
    openDesk: (o) => {
      desk = openDesk({ dataDir: o.dataDir, env: {}, resourcesDir: null, tokenizerMode: 'inline', transport: 'ipc', pickImportFile: o.pickImportFile, secrets: o.secrets });
      desks.push(desk);
      return desk;
    },
  });
  const invoke = f.handles.get(INVOKE_CHANNEL)!;
  const frame = { sender: {}, senderFrame: { url: 'file:///app/out/renderer/index.html' } };
  return { desk: desk!, showOpenDialog, call: (route: string, input: unknown = {}) => invoke(frame, route, input) };
}

describe('catalog.importDialog (desktop)', () => {
  it('imports the file chosen in the native dialog from its path, with progress events', async () => {
    const file = join(tmp, 'catalog.jsonl');
    const lines = Array.from({ length: 1200 }, (_, i) => JSON.stringify({ product_id: `DLG-${i}`, product_name: `Dialog lamp ${i}`, category: 'lamps', price: i }));
    writeFileSync(file, `${lines.join('\n')}\n{broken\n`);
    const s = await startWith({ canceled: false, filePaths: [file] });
    const progress: { rows: number; committed?: number }[] = [];
    s.desk.bus.subscribe((event, payload) => {
      if (event === 'catalog.importProgress') progress.push(payload as { rows: number; committed?: number });
    });
    const r = (await s.call('catalog.importDialog')) as { ok: boolean; data: { fileName: string; outcome: { imported: number; committed: number; cancelled: boolean; rejected: { line: number }[] } } };
    expect(r.ok).toBe(true);
    expect(r.data.fileName).toBe('catalog.jsonl');
    expect(r.data.outcome).toMatchObject({ imported: 1200, committed: 1201, cancelled: false });
    expect(r.data.outcome.rejected[0]?.line).toBe(1201);
    expect(s.showOpenDialog).toHaveBeenCalledTimes(1);
    expect(progress.length).toBeGreaterThan(0);
    const hits = (await s.call('catalog.search', { query: 'Dialog lamp 77' })) as { ok: boolean; data: { results: { productId: string }[] } };
    expect(hits.data.results.map((h) => h.productId)).toContain('DLG-77');
  });

  it('a dialog closed without a choice imports nothing', async () => {
    const s = await startWith({ canceled: true, filePaths: [] });
    expect(await s.call('catalog.importDialog')).toEqual({ ok: true, data: { fileName: null, outcome: null } });
  });

  it('is refused over HTTP and the CLI (it would open a window of the desktop shell)', async () => {
    const s = await startWith({ canceled: true, filePaths: [] });
    for (const transport of ['http', 'cli'] as const) {
      const r = await s.desk.dispatch('catalog.importDialog', {}, { transport });
      expect(r).toMatchObject({ ok: false, error: { code: 'local_only', message: expect.stringContaining('desktop app only') } });
    }
    expect(s.showOpenDialog).not.toHaveBeenCalled();
  });

  it('the picker asks for one catalog file and returns its path, or null when cancelled', async () => {
    const showOpenDialog = vi.fn<DialogLike['showOpenDialog']>(async () => ({ canceled: false, filePaths: ['/home/a/c.csv'] }));
    expect(await createImportFilePicker({ showOpenDialog })()).toBe('/home/a/c.csv');
    expect(showOpenDialog.mock.calls[0]![0]).toMatchObject({ properties: ['openFile'], filters: [{ extensions: ['jsonl', 'ndjson', 'json', 'csv'] }, { extensions: ['*'] }] });
    expect(await createImportFilePicker({ showOpenDialog: async () => ({ canceled: true, filePaths: ['/x'] }) })()).toBeNull();
  });
});
