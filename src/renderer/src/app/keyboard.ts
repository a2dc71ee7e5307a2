// The desk's keyboard shortcuts: Ctrl/Cmd+Enter sends, Esc stops (or closes what is open), Ctrl/Cmd+K searches,
// Ctrl/Cmd+/ jumps to the message box.
export type Shortcut = 'send' | 'escape' | 'search' | 'focus';

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  isComposing?: boolean;
}

/** macOS uses Cmd, everything else Ctrl. */
export function isMac(platform: string): boolean {
  return /mac|iphone|ipad/i.test(platform);
}

export function matchShortcut(e: KeyLike, mac: boolean): Shortcut | null {
  if (e.isComposing) return null; // an IME (中文, 한국어) is still composing: Enter/Esc belong to it
  const mod = mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
  if (mod && !e.altKey && e.key === 'Enter') return 'send';
  if (mod && !e.altKey && !e.shiftKey && (e.key === 'k' || e.key === 'K')) return 'search';
  if (mod && !e.altKey && e.key === '/') return 'focus';
  if (e.key === 'Escape' && !e.ctrlKey && !e.metaKey && !e.altKey) return 'escape';
  return null;
}

export function modifierLabel(mac: boolean): string {
  return mac ? '⌘' : 'Ctrl';
}
