// The keyboard's way into a chart: every point as an option of a listbox (one Tab stop; arrows, Home, End move;
// the active point is highlighted, scrolled into view and announced through aria-activedescendant), under a
// "Values" disclosure below the chart. Recharts' own accessibility layer also lets arrow keys move the tooltip.
import { useId, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';

export interface ChartValueRow {
  key: string;
  /** The point's category (a day, an hour, a model), written the language's way. */
  label: string;
  /** Its values, formatted: "p50: 300 ms · p95: 1.2 s". */
  text: string;
}

export function ChartValues(props: { title: string; summary: string; rows: readonly ChartValueRow[]; testId?: string }): ReactElement | null {
  const [active, setActive] = useState(0);
  const id = useId();
  const list = useRef<HTMLUListElement>(null);
  if (!props.rows.length) return null;
  const current = Math.min(active, props.rows.length - 1);

  const move = (to: number): void => {
    const next = Math.max(0, Math.min(props.rows.length - 1, to));
    setActive(next);
    list.current?.querySelector(`[data-index="${next}"]`)?.scrollIntoView({ block: 'nearest' });
  };
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    const keys: Record<string, number> = { ArrowDown: current + 1, ArrowRight: current + 1, ArrowUp: current - 1, ArrowLeft: current - 1, Home: 0, End: props.rows.length - 1, PageDown: current + 10, PageUp: current - 10 };
    if (!(e.key in keys)) return;
    e.preventDefault();
    move(keys[e.key]!);
  };

  return (
    <details className="chart-values" data-testid={props.testId ?? 'chart-values'}>
      <summary>{props.summary}</summary>
      <ul
        ref={list}
        role="listbox"
        tabIndex={0}
        aria-label={props.title}
        aria-activedescendant={`${id}-${current}`}
        onKeyDown={onKeyDown}
      >
        {props.rows.map((r, i) => (
          <li
            key={r.key}
            id={`${id}-${i}`}
            data-index={i}
            role="option"
            aria-selected={i === current}
            className={i === current ? 'active' : undefined}
            onClick={() => move(i)}
          >
            <span className="chart-values-label">{r.label}</span> <span className="chart-values-text">{r.text}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
