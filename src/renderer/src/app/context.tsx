// The desk's client and stores, given to every component (and to the screens as props).
import { createContext, useContext, type ReactNode } from 'react';
import { useStore } from 'zustand';
import type { DeskApi } from '../../../shared/contract';
import type { CatalogUploader } from '../api/upload';
import type { ChatActions, ChatState } from '../stores/chat';
import type { ConnectivityState } from '../stores/connectivity';
import type { Stores } from '../stores';
import type { SessionsState } from '../stores/sessions';
import type { UiState } from '../stores/ui';

export interface DeskContextValue {
  api: DeskApi;
  transport: 'ipc' | 'http';
  stores: Stores;
  mac: boolean;
  /** Browser mode: streams a catalog file to `POST /api/import` (absent in the desktop, which uses its dialog). */
  uploader?: CatalogUploader;
}

const DeskContext = createContext<DeskContextValue | null>(null);

export function DeskProvider({ value, children }: { value: DeskContextValue; children: ReactNode }): ReactNode {
  return <DeskContext.Provider value={value}>{children}</DeskContext.Provider>;
}

export function useDesk(): DeskContextValue {
  const v = useContext(DeskContext);
  if (!v) throw new Error('useDesk() outside <DeskProvider>');
  return v;
}

/** The desk's context, or null outside <DeskProvider> (screens rendered on their own in tests). */
export function useOptionalDesk(): DeskContextValue | null {
  return useContext(DeskContext);
}

export function useChat<T>(selector: (s: ChatState & ChatActions) => T): T {
  return useStore(useDesk().stores.chat, selector);
}
export function useSessions<T>(selector: (s: SessionsState) => T): T {
  return useStore(useDesk().stores.sessions, selector);
}
export function useConnectivity<T>(selector: (s: ConnectivityState) => T): T {
  return useStore(useDesk().stores.connectivity, selector);
}
export function useUi<T>(selector: (s: UiState) => T): T {
  return useStore(useDesk().stores.ui, selector);
}
