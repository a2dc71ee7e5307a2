// Horizontal bars with the value at the end (e.g. the same usage priced on every model of the pricing table).
import { useId, type ReactElement } from 'react';
import { linearScale } from '../scale';

export interface HBarRow {
  key: string;
  label: string;
  value: number | null;
  /** Drawn in the accent color (the model actually used). */
  highlight?: boolean;
  note?: string;
}

export interface HBarChartProps {
  title: string;
  description?: string;
  rows: readonly HBarRow[];
  format: (v: number) => string;
  emptyText: string;
  testId?: string;
  width?: number;
}

const ROW_H = 26;
const LABEL_W = 170;
const VALUE_W = 90;

export function HBarChart(props: HBarChartProps): ReactElement {
  const id = useId();
  const width = props.width ?? 640;
  const height = Math.max(1, props.rows.length) * ROW_H + 8;
  const max = Math.max(0, ...props.rows.map((r) => r.value ?? 0));
  const x = linearScale([0, max || 1], [0, width - LABEL_W - VALUE_W]);
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart-title" id={`${id}-t`}>{props.title}</figcaption>
      <div className="chart-body">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-t ${id}-d`}>
          <desc id={`${id}-d`}>{props.description ?? props.title}</desc>
          {props.rows.map((r, i) => {
            const yTop = 4 + i * ROW_H;
            const w = r.value === null ? 0 : Math.max(r.value > 0 ? 1 : 0, x(r.value));
            const valueText = r.value === null ? '–' : props.format(r.value);
            return (
              <g key={r.key} className={r.highlight ? 'hbar highlight' : 'hbar'} data-row={r.key}>
                <title>{`${r.label}: ${valueText}${r.note ? ` (${r.note})` : ''}`}</title>
                <text x={LABEL_W - 8} y={yTop + ROW_H / 2} dy="0.32em" textAnchor="end" className="hbar-label">
                  {r.label.length > 24 ? `${r.label.slice(0, 23)}…` : r.label}
                </text>
                <rect x={LABEL_W} y={yTop + 4} width={w} height={ROW_H - 8} rx={3} />
                <text x={LABEL_W + w + 6} y={yTop + ROW_H / 2} dy="0.32em" className="hbar-value">{valueText}</text>
              </g>
            );
          })}
        </svg>
        {props.rows.length === 0 ? <p className="chart-empty">{props.emptyText}</p> : null}
      </div>
    </figure>
  );
}
