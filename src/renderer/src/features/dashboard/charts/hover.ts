// Which category a chart highlights: set by the mouse, or by the keyboard (focus the chart, ← → to move,
// Home/End, Esc to clear), so the hover values are reachable without a mouse.
import { useState, type FocusEvent, type KeyboardEvent } from 'react';

export interface HoverState {
  hover: number | null;
  setHover(i: number | null): void;
  /** Spread on the focusable chart element. */
  keyProps: {
    tabIndex: number;
    onKeyDown(e: KeyboardEvent): void;
    onFocus(e: FocusEvent): void;
    onBlur(): void;
  };
}

/** The next hovered index for a key, or undefined when the key is not ours. */
export function nextHover(key: string, hover: number | null, n: number): number | null | undefined {
  if (n === 0) return undefined;
  switch (key) {
    case 'ArrowLeft':
      return hover === null ? n - 1 : Math.max(0, hover - 1);
    case 'ArrowRight':
      return hover === null ? 0 : Math.min(n - 1, hover + 1);
    case 'Home':
      return 0;
    case 'End':
      return n - 1;
    case 'Escape':
      return null;
    default:
      return undefined;
  }
}

export function useHover(n: number): HoverState {
  const [hover, setHover] = useState<number | null>(null);
  return {
    hover,
    setHover,
    keyProps: {
      tabIndex: 0,
      onKeyDown(e) {
        const next = nextHover(e.key, hover, n);
        if (next === undefined) return;
        e.preventDefault();
        setHover(next);
      },
      onFocus(e) {
        // only keyboard focus selects the latest bucket; a mouse click keeps the pointer's choice
        if (hover === null && e.target instanceof Element && e.target.matches(':focus-visible')) setHover(n - 1);
      },
      onBlur() {
        setHover(null);
      },
    },
  };
}
