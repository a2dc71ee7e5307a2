// One DeskApi for the app: the Electron bridge when the preload exposed one, HTTP/SSE otherwise (browser mode).
import type { DeskApi } from '../../../shared/contract';
import { createHttpClient, type HttpClientOptions } from './http-client';
import { createIpcClient } from './ipc-client';

export interface PickOptions extends Omit<HttpClientOptions, 'baseUrl'> {
  /** `window.desk` (undefined in a browser). */
  bridge: DeskApi | undefined;
  baseUrl?: string;
}

export function pickClient(opts: PickOptions): { api: DeskApi; transport: 'ipc' | 'http' } {
  if (opts.bridge && typeof opts.bridge.invoke === 'function' && typeof opts.bridge.on === 'function') {
    return { api: createIpcClient(opts.bridge, opts.onInvalidEvent), transport: 'ipc' };
  }
  return { api: createHttpClient({ ...opts, baseUrl: opts.baseUrl ?? '' }), transport: 'http' };
}
