// The desk's screens, in tab order. The chat is this module's; dashboards, catalog and settings are the
// screens helper's (each takes the client and a `t`).
import type { ComponentType } from 'react';
import type { DeskApi } from '../../../shared/contract';
import type { Language, Translate } from '../i18n';
import type { ScreenId } from '../stores/ui';
import { ChatScreen } from './chat/ChatScreen';

export interface ScreenProps {
  api: DeskApi;
  t: Translate;
  /** Switches the UI language now (settings). */
  onLanguage(lang: Language): void;
}

export interface ScreenDef {
  id: ScreenId;
  /** i18n key of the tab label. */
  label: 'nav.chat' | 'nav.dashboard' | 'nav.catalog' | 'nav.settings';
  /** Lazy (except the chat) so the desk opens without loading the other screens' code. */
  load(): Promise<ComponentType<ScreenProps>>;
}

export const SCREENS: readonly ScreenDef[] = [
  { id: 'chat', label: 'nav.chat', load: async () => ChatScreen },
  { id: 'dashboard', label: 'nav.dashboard', load: async () => (await import('./dashboard/DashboardScreen')).DashboardScreen },
  { id: 'catalog', label: 'nav.catalog', load: async () => (await import('./catalog/CatalogScreen')).CatalogScreen },
  { id: 'settings', label: 'nav.settings', load: async () => (await import('./settings/SettingsScreen')).SettingsScreen },
];
