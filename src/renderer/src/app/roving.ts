// Roving tab index for lists: the list is one Tab stop (the current or first item); arrow keys, Home and End move
// focus between its items. Items are the list's elements carrying `data-roving`.
import type { KeyboardEvent } from 'react';

/** The index focus moves to for `key`, or null when the key is not a list movement. */
export function rovingTarget(key: string, index: number, count: number): number | null {
  if (count === 0) return null;
  if (key === 'ArrowDown' || key === 'ArrowRight') return Math.min(count - 1, index + 1);
  if (key === 'ArrowUp' || key === 'ArrowLeft') return Math.max(0, index - 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
}

/** onKeyDown for the list element: moves focus among `[data-roving]` descendants. */
export function onRovingKey(e: KeyboardEvent<HTMLElement>): void {
  const items = [...e.currentTarget.querySelectorAll<HTMLElement>('[data-roving]')];
  const index = items.indexOf(document.activeElement as HTMLElement);
  if (index < 0) return;
  const next = rovingTarget(e.key, index, items.length);
  if (next === null) return;
  e.preventDefault();
  for (const [i, el] of items.entries()) el.tabIndex = i === next ? 0 : -1;
  items[next]!.focus();
}
