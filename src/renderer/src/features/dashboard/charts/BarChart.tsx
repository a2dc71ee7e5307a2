// Stacked vertical bars (e.g. cost per day, one stack segment per model): hand-written SVG, a value title on
// every segment and a hover column listing the stack with its total.
import { useId, type ReactElement } from 'react';
import { linearScale, niceTicks } from '../scale';
import { ChartTooltip, Legend } from './ChartTooltip';
import { useHover } from './hover';
import { bandCenter, bandWidth, DEFAULT_FRAME, labelIndexes, plotHeight, shortBucket, type Frame } from './geometry';

export interface BarStack {
  key: string;
  label: string;
  color: string;
  /** One value per category. */
  values: readonly number[];
}

export interface BarChartProps {
  title: string;
  description?: string;
  categories: readonly string[];
  stacks: readonly BarStack[];
  format: (v: number) => string;
  totalLabel: string;
  emptyText: string;
  testId?: string;
  frame?: Frame;
}

export function stackTotals(categories: number, stacks: readonly BarStack[]): number[] {
  return Array.from({ length: categories }, (_, i) => stacks.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
}

export function BarChart(props: BarChartProps): ReactElement {
  const f = props.frame ?? DEFAULT_FRAME;
  const id = useId();
  const n = props.categories.length;
  const { hover, setHover, keyProps } = useHover(n);
  const totals = stackTotals(n, props.stacks);
  const ticks = niceTicks(Math.max(0, ...totals));
  const top = ticks[ticks.length - 1];
  const base = f.top + plotHeight(f);
  const h = linearScale([0, top], [0, plotHeight(f)]);
  const band = bandWidth(f, n);
  const barW = Math.max(2, Math.min(48, band * 0.7));

  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart-title" id={`${id}-t`}>{props.title}</figcaption>
      <div className="chart-body">
        <svg viewBox={`0 0 ${f.width} ${f.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} onMouseLeave={() => setHover(null)} {...keyProps}>
          <desc id={`${id}-d`}>{props.description ?? props.title}</desc>
          {ticks.map((t) => (
            <g key={t} className="chart-grid">
              <line x1={f.left} x2={f.width - f.right} y1={base - h(t)} y2={base - h(t)} />
              <text x={f.left - 6} y={base - h(t)} dy="0.32em" textAnchor="end">{props.format(t)}</text>
            </g>
          ))}
          {labelIndexes(n).map((i) => (
            <text key={i} className="chart-xlabel" x={bandCenter(f, i, n)} y={f.height - f.bottom + 18} textAnchor="middle">
              {shortBucket(props.categories[i])}
            </text>
          ))}
          {props.categories.map((c, i) => {
            let acc = 0;
            return (
              <g key={c} className={hover === i ? 'chart-bar hovered' : 'chart-bar'} data-category={c}>
                {props.stacks.map((s) => {
                  const v = s.values[i] ?? 0;
                  if (v <= 0) return null;
                  const y0 = base - h(acc + v);
                  const height = h(v);
                  acc += v;
                  return (
                    <rect key={s.key} x={bandCenter(f, i, n) - barW / 2} y={y0} width={barW} height={Math.max(1, height)} fill={s.color} data-stack={s.key}>
                      <title>{`${c} · ${s.label}: ${props.format(v)}`}</title>
                    </rect>
                  );
                })}
              </g>
            );
          })}
          {props.categories.map((c, i) => (
            <rect key={`hit-${c}`} className="chart-hit" x={f.left + band * i} y={f.top} width={band} height={plotHeight(f)} fill="transparent" onMouseEnter={() => setHover(i)} />
          ))}
        </svg>
        {n === 0 ? <p className="chart-empty">{props.emptyText}</p> : null}
        {hover !== null && hover < n ? (
          <ChartTooltip
            xPercent={(bandCenter(f, hover, n) / f.width) * 100}
            heading={props.categories[hover]}
            lines={[
              ...props.stacks.filter((s) => (s.values[hover] ?? 0) > 0).map((s) => ({ label: s.label, color: s.color, value: props.format(s.values[hover] ?? 0) })),
              { label: props.totalLabel, value: props.format(totals[hover]) },
            ]}
          />
        ) : null}
      </div>
      <Legend items={props.stacks.map((s) => ({ label: s.label, color: s.color }))} />
    </figure>
  );
}
