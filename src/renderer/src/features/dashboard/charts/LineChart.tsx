// Line chart over time buckets (e.g. TTFT p50 and p95 per hour): hand-written SVG, gaps where a bucket has no
// value, a value title on every point and a hover column showing every series at that bucket.
import { useId, type ReactElement } from 'react';
import { linearScale, niceTicks } from '../scale';
import { ChartTooltip, Legend } from './ChartTooltip';
import { useHover } from './hover';
import { bandCenter, bandWidth, DEFAULT_FRAME, definedRuns, labelIndexes, plotHeight, shortBucket, type Frame } from './geometry';

export interface LineSeries {
  key: string;
  label: string;
  values: readonly (number | null)[];
  color: string;
  dashed?: boolean;
}

export interface LineChartProps {
  title: string;
  description?: string;
  categories: readonly string[];
  series: readonly LineSeries[];
  format: (v: number) => string;
  emptyText: string;
  testId?: string;
  frame?: Frame;
}

export function LineChart(props: LineChartProps): ReactElement {
  const f = props.frame ?? DEFAULT_FRAME;
  const id = useId();
  const n = props.categories.length;
  const { hover, setHover, keyProps } = useHover(n);
  const max = Math.max(0, ...props.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))));
  const ticks = niceTicks(max);
  const y = linearScale([0, ticks[ticks.length - 1]], [f.top + plotHeight(f), f.top]);
  const empty = n === 0 || props.series.every((s) => s.values.every((v) => v === null));
  const band = bandWidth(f, n);

  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart-title" id={`${id}-t`}>{props.title}</figcaption>
      <div className="chart-body">
        <svg viewBox={`0 0 ${f.width} ${f.height}`} role="img" aria-labelledby={`${id}-t ${id}-d`} onMouseLeave={() => setHover(null)} {...keyProps}>
          <desc id={`${id}-d`}>{props.description ?? props.title}</desc>
          {ticks.map((t) => (
            <g key={t} className="chart-grid">
              <line x1={f.left} x2={f.width - f.right} y1={y(t)} y2={y(t)} />
              <text x={f.left - 6} y={y(t)} dy="0.32em" textAnchor="end">{props.format(t)}</text>
            </g>
          ))}
          {labelIndexes(n).map((i) => (
            <text key={i} className="chart-xlabel" x={bandCenter(f, i, n)} y={f.height - f.bottom + 18} textAnchor="middle">
              {shortBucket(props.categories[i])}
            </text>
          ))}
          {hover !== null ? (
            <line className="chart-guide" x1={bandCenter(f, hover, n)} x2={bandCenter(f, hover, n)} y1={f.top} y2={f.top + plotHeight(f)} />
          ) : null}
          {props.series.map((s) => (
            <g key={s.key} data-series={s.key}>
              {definedRuns(s.values).map((run) => (
                <polyline
                  key={run[0][0]}
                  fill="none"
                  stroke={s.color}
                  strokeWidth={2}
                  strokeDasharray={s.dashed ? '6 4' : undefined}
                  points={run.map(([i, v]) => `${bandCenter(f, i, n).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
                />
              ))}
              {s.values.map((v, i) =>
                v === null ? null : (
                  <circle key={i} className="chart-point" cx={bandCenter(f, i, n)} cy={y(v)} r={hover === i ? 4.5 : 3} fill={s.color}>
                    <title>{`${props.categories[i]} · ${s.label}: ${props.format(v)}`}</title>
                  </circle>
                ),
              )}
            </g>
          ))}
          {props.categories.map((c, i) => (
            <rect
              key={c}
              className="chart-hit"
              x={f.left + band * i}
              y={f.top}
              width={band}
              height={plotHeight(f)}
              fill="transparent"
              onMouseEnter={() => setHover(i)}
            />
          ))}
        </svg>
        {empty ? <p className="chart-empty">{props.emptyText}</p> : null}
        {hover !== null && hover < n ? (
          <ChartTooltip
            xPercent={(bandCenter(f, hover, n) / f.width) * 100}
            heading={props.categories[hover]}
            lines={props.series.map((s) => ({
              label: s.label,
              color: s.color,
              value: s.values[hover] === null ? '–' : props.format(s.values[hover] as number),
            }))}
          />
        ) : null}
      </div>
      <Legend items={props.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }))} />
    </figure>
  );
}
