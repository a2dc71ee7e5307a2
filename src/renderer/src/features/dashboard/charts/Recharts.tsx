// The dashboard's charts drawn with recharts (same props as the hand-written SVG charts they replace): readable
// 12 px axis labels, tooltips with formatted values, and a range with one or two data points drawn as bars instead
// of lonely dots. Keyboard: recharts' accessibility layer (focus the chart, arrows move the tooltip) and a "Values"
// listbox below each chart with every point written out (ChartValues.tsx).
import type { ReactElement } from 'react';
import { Bar, BarChart, CartesianGrid, Cell, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { BarChartProps } from './BarChart';
import type { HBarChartProps } from './HBarChart';
import type { LineChartProps } from './LineChart';
import { shortBucket } from './geometry';
import { ChartValues, type ChartValueRow } from './ChartValues';

/** What the dashboard adds to the chart props: the language's bucket labels and the values list's summary text. */
export interface ChartExtras {
  /** A bucket's label (`long`: tooltips and the values list). Default: `11-27` / `13:00` and the bucket as is. */
  formatBucket?: (bucket: string, long: boolean) => string;
  /** The values list's disclosure text ("Values"); no list without it. */
  valuesLabel?: string;
}

const bucketLabel = (extras: ChartExtras, bucket: unknown, long: boolean): string =>
  extras.formatBucket ? extras.formatBucket(String(bucket), long) : long ? String(bucket) : shortBucket(String(bucket));

const AXIS = { fontSize: 12, fill: '#4b5563' };
const HEIGHT = 240;

function Frame(props: { title: string; description?: string; testId?: string; empty: boolean; emptyText: string; children: ReactElement; values?: { summary?: string; rows: ChartValueRow[] } }): ReactElement {
  return (
    <figure className="chart" data-testid={props.testId}>
      <figcaption className="chart-title">{props.title}</figcaption>
      {props.description ? <p className="dashboard-note">{props.description}</p> : null}
      <div className="chart-body" style={{ height: props.empty ? 80 : undefined }}>
        {props.empty ? <p className="chart-empty">{props.emptyText}</p> : props.children}
      </div>
      {!props.empty && props.values?.summary ? <ChartValues title={props.title} summary={props.values.summary} rows={props.values.rows} /> : null}
    </figure>
  );
}

export function LineView(props: LineChartProps & ChartExtras): ReactElement {
  const data = props.categories.map((c, i) => Object.fromEntries([['bucket', c], ...props.series.map((s) => [s.key, s.values[i] ?? null])]));
  const defined = data.filter((d) => props.series.some((s) => d[s.key] !== null));
  const empty = defined.length === 0;
  const fmt = (v: unknown) => (typeof v === 'number' ? props.format(v) : '–');
  // one or two buckets with data: bars read better than dots on an empty line
  const sparse = defined.length <= 2;
  const rows = sparse ? defined : data;
  const values = defined.map((d) => ({
    key: String(d.bucket),
    label: bucketLabel(props, d.bucket, true),
    text: props.series.map((s) => `${s.label}: ${fmt(d[s.key])}`).join(' · '),
  }));
  const tick = (b: unknown) => bucketLabel(props, b, false);
  const tipLabel = (b: unknown) => bucketLabel(props, b, true);
  return (
    <Frame title={props.title} description={props.description} testId={props.testId} empty={empty} emptyText={props.emptyText} values={{ summary: props.valuesLabel, rows: values }}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        {sparse ? (
          <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }} accessibilityLayer title={props.title}>
            <CartesianGrid stroke="#e4e7ec" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={tick} tick={AXIS} />
            <YAxis tickFormatter={fmt} tick={AXIS} width={72} />
            <Tooltip formatter={fmt} labelFormatter={tipLabel} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {props.series.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.label} fill={s.color} maxBarSize={48} isAnimationActive={false} />
            ))}
          </BarChart>
        ) : (
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 0, left: 8 }} accessibilityLayer title={props.title}>
            <CartesianGrid stroke="#e4e7ec" vertical={false} />
            <XAxis dataKey="bucket" tickFormatter={tick} tick={AXIS} minTickGap={16} />
            <YAxis tickFormatter={fmt} tick={AXIS} width={72} />
            <Tooltip formatter={fmt} labelFormatter={tipLabel} />
            <Legend wrapperStyle={{ fontSize: 12 }} />
            {props.series.map((s) => (
              <Line
                key={s.key}
                dataKey={s.key}
                name={s.label}
                stroke={s.color}
                strokeWidth={2}
                strokeDasharray={s.dashed ? '5 4' : undefined}
                dot={{ r: 3 }}
                connectNulls={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        )}
      </ResponsiveContainer>
    </Frame>
  );
}

export function BarView(props: BarChartProps & ChartExtras): ReactElement {
  const data = props.categories.map((c, i) => Object.fromEntries([['bucket', c], ...props.stacks.map((s) => [s.key, s.values[i] ?? 0])]));
  const empty = props.stacks.every((s) => s.values.every((v) => !v));
  const fmt = (v: unknown) => (typeof v === 'number' ? props.format(v) : '–');
  const values = data
    .filter((d) => props.stacks.some((s) => d[s.key]))
    .map((d) => {
      const total = props.stacks.reduce((sum, s) => sum + (Number(d[s.key]) || 0), 0);
      const parts = props.stacks.filter((s) => d[s.key]).map((s) => `${s.label}: ${fmt(d[s.key])}`);
      return { key: String(d.bucket), label: bucketLabel(props, d.bucket, true), text: [...(props.stacks.length > 1 ? [`${props.totalLabel} ${fmt(total)}`] : []), ...parts].join(' · ') };
    });
  return (
    <Frame title={props.title} description={props.description} testId={props.testId} empty={empty} emptyText={props.emptyText} values={{ summary: props.valuesLabel, rows: values }}>
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: 8 }} accessibilityLayer title={props.title}>
          <CartesianGrid stroke="#e4e7ec" vertical={false} />
          <XAxis dataKey="bucket" tickFormatter={(b: unknown) => bucketLabel(props, b, false)} tick={AXIS} minTickGap={8} />
          <YAxis tickFormatter={fmt} tick={AXIS} width={72} />
          <Tooltip formatter={fmt} labelFormatter={(b: unknown) => bucketLabel(props, b, true)} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {props.stacks.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="total" fill={s.color} maxBarSize={56} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </Frame>
  );
}

export function HBarView(props: HBarChartProps & ChartExtras): ReactElement {
  const rows = props.rows.filter((r) => r.value !== null);
  const empty = rows.length === 0;
  const fmt = (v: unknown) => (typeof v === 'number' ? props.format(v) : '–');
  const values = rows.map((r) => ({ key: r.key, label: r.label, text: fmt(r.value) }));
  return (
    <Frame title={props.title} description={props.description} testId={props.testId} empty={empty} emptyText={props.emptyText} values={{ summary: props.valuesLabel, rows: values }}>
      <ResponsiveContainer width="100%" height={Math.max(90, rows.length * 34 + 30)}>
        <BarChart data={rows} layout="vertical" margin={{ top: 4, right: 24, bottom: 0, left: 8 }} accessibilityLayer title={props.title}>
          <CartesianGrid stroke="#e4e7ec" horizontal={false} />
          <XAxis type="number" tickFormatter={fmt} tick={AXIS} />
          <YAxis type="category" dataKey="label" tick={{ ...AXIS, fill: '#1d2939' }} width={170} />
          <Tooltip formatter={fmt} />
          <Bar dataKey="value" name={props.title} maxBarSize={22} isAnimationActive={false} label={{ position: 'right', fontSize: 12, formatter: fmt }}>
            {rows.map((r) => (
              <Cell key={r.key} fill={r.highlight ? '#2563eb' : '#98a2b3'} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </Frame>
  );
}
