// The hover box of a chart: an HTML overlay positioned over the SVG (percent of the viewBox width).
import type { ReactElement } from 'react';

export interface TooltipLine {
  label: string;
  value: string;
  color?: string;
}

export function ChartTooltip(props: { xPercent: number; heading: string; lines: TooltipLine[] }): ReactElement {
  const alignRight = props.xPercent > 60;
  return (
    <div
      className="chart-tooltip"
      role="status"
      data-testid="chart-tooltip"
      style={alignRight ? { right: `${100 - props.xPercent}%` } : { left: `${props.xPercent}%` }}
    >
      <div className="chart-tooltip-heading">{props.heading}</div>
      {props.lines.map((l) => (
        <div key={l.label} className="chart-tooltip-line">
          {l.color ? <span className="chart-swatch" style={{ background: l.color }} /> : null}
          <span>{l.label}</span>
          <strong>{l.value}</strong>
        </div>
      ))}
    </div>
  );
}

export function Legend(props: { items: { label: string; color: string; dashed?: boolean }[] }): ReactElement {
  return (
    <ul className="chart-legend">
      {props.items.map((i) => (
        <li key={i.label}>
          <span className={i.dashed ? 'chart-swatch dashed' : 'chart-swatch'} style={{ borderColor: i.color, background: i.dashed ? 'transparent' : i.color }} />
          {i.label}
        </li>
      ))}
    </ul>
  );
}
