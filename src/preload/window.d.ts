// `window.desk` as the renderer sees it (present in the desktop, absent in browser mode).
import type { DeskApi } from '../shared/contract';

declare global {
  interface Window {
    desk?: DeskApi;
  }
}

export {};
