// Dashboards: latency (TTFT and total, p50/p95 over time), tokens/s, cost per day and per model, cost per
// 1,000 queries, the same usage priced on the other models of the pricing table, and the CSV export.
// Every figure comes from the ledger through usage.report / usage.latency.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { DeskApi } from '../../../../shared/contract';
import { BarView as BarChart, HBarView as HBarChart, LineView as LineChart } from './charts/Recharts';
import { costPer1kByModel, costPerDay, costPerModel, csvFileName, latencyCharts, otherModels, RANGES, rangeQuery, type DashboardRange } from './dashboard-data';
import { downloadText, loadCsv, loadDashboard, type DashboardData } from './load';
import { formatBucket, formatCount, formatMs, formatRate, formatShare, formatUsd } from './scale';
import { useLanguage } from '../../i18n/react';
import type { Translate } from './strings';
import './dashboard.css';
import { TeamView } from '../team/TeamView';

export interface DashboardScreenProps {
  api: DeskApi;
  t: Translate;
  /** Injected for tests; defaults to Date.now and the viewer's UTC offset. */
  now?: () => number;
  utcOffsetMinutes?: number;
}

export function DashboardScreen({ api, t, now = Date.now, utcOffsetMinutes }: DashboardScreenProps): ReactElement {
  const [range, setRange] = useState<DashboardRange>('7d');
  const [data, setData] = useState<DashboardData | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);
  const [per1k, setPer1k] = useState(false);
  const offset = utcOffsetMinutes ?? -new Date().getTimezoneOffset();
  const [stamp, setStamp] = useState(0);
  const query = useMemo(() => rangeQuery(range, now(), offset), [range, offset, now, stamp]);
  const seq = useRef(0);
  // every figure in the app language's way (Intl), never a fixed US format
  const lang = useLanguage();
  const f = useMemo(
    () => ({
      ms: (v: number | null) => formatMs(v, lang),
      usd: (v: number | null) => formatUsd(v, lang),
      rate: (v: number | null) => formatRate(v, lang),
      count: (v: number) => formatCount(v, lang),
      bucket: (b: string, long: boolean) => formatBucket(b, lang, long),
    }),
    [lang],
  );

  useEffect(() => {
    const mine = ++seq.current;
    void loadDashboard(api, query).then((r) => {
      if (mine !== seq.current) return;
      if (r.ok) {
        setData(r.data);
        setError(null);
      } else setError(r.message);
    });
  }, [api, query]);

  // a finished answer adds a ledger row: refresh (coalesced) so the new request shows without reopening
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const off = api.on('chat.done', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setStamp((s) => s + 1), 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [api]);

  const exportCsv = useCallback(async () => {
    setExporting(true);
    const r = await loadCsv(api, query);
    setExporting(false);
    if (r.ok) downloadText(document, r.data.fileName || csvFileName(query), r.data.csv);
    else setError(r.message);
  }, [api, query]);

  const charts = useMemo(() => {
    if (!data) return null;
    return {
      latency: latencyCharts(data.latency, query.buckets, { p50: t('dashboard.p50'), p95: t('dashboard.p95'), rate: t('dashboard.tokensPerSecond') }),
      perDay: costPerDay(data.report, query.bucket === 'day' ? query.buckets : [...new Set(query.buckets.map((b) => b.slice(0, 10)))]),
      perModel: costPerModel(data.report).map((r) => (r.key === 'offline' ? { ...r, label: t('dashboard.offlineModel'), highlight: false } : r)),
      // offline answers cost nothing and have no model: they are counted apart, not as a $0 model
      per1kByModel: costPer1kByModel(data.report).filter((r) => r.key !== 'offline'),
      others: otherModels(data.report, per1k),
    };
  }, [data, query, t, per1k]);

  const totals = data?.report.totals;
  // the headline cost per 1,000 is over model-written answers, as the by-model chart is
  const online = data?.report.online ?? totals;
  const offlineCount = data?.report.offlineRequests ?? 0;
  const q = data?.report.quality;
  const rate = (n: number, of: number) => formatShare(n, of, lang);
  const lat = data?.latency.totals;
  const noData = t('dashboard.noData');

  return (
    <section className="dashboard" data-testid="dashboard" aria-busy={data === null && error === null}>
      <div className="dashboard-toolbar">
        <h2>{t('dashboard.title')}</h2>
        <div className="dashboard-ranges" role="group" aria-label={t('dashboard.range')}>
          {RANGES.map((r) => (
            <button key={r} type="button" aria-pressed={range === r} data-testid={`range-${r}`} onClick={() => setRange(r)}>
              {t(`dashboard.range.${r}`)}
            </button>
          ))}
        </div>
        <button type="button" onClick={() => setStamp((s) => s + 1)} data-testid="dashboard-refresh">{t('dashboard.refresh')}</button>
        <button type="button" onClick={() => void exportCsv()} disabled={exporting} data-testid="export-csv">{t('dashboard.exportCsv')}</button>
      </div>
      {error ? <p className="dashboard-error" role="alert">{error}</p> : null}
      <dl className="dashboard-kpis" data-testid="dashboard-kpis">
        <Kpi id="requests" label={t('dashboard.kpi.requests')} value={totals ? f.count(totals.requests) : '–'} />
        <Kpi id="cost" label={t('dashboard.kpi.cost')} value={totals ? f.usd(totals.costUsd) : '–'} />
        <Kpi id="cost-per-1k" label={t('dashboard.kpi.costPer1kOnline')} value={online ? f.usd(online.costPer1kQueries) : '–'} />
        <Kpi id="offline" label={t('dashboard.kpi.offline')} value={f.count(offlineCount)} />
        <Kpi id="escalation-rate" label={t('dashboard.kpi.escalationRate')} value={q ? rate(q.escalations, q.answers) : '–'} />
        <Kpi id="noinfo-rate" label={t('dashboard.kpi.noInfoRate')} value={q ? rate(q.noInformation, q.answers) : '–'} />
        <Kpi
          id="feedback"
          label={t('dashboard.kpi.feedback')}
          value={q ? `${rate(q.feedbackUp, q.feedbackUp + q.feedbackDown)} (${f.count(q.feedbackUp)} / ${f.count(q.feedbackDown)})` : '–'}
        />
        <Kpi id="ttft-p50" label={t('dashboard.kpi.ttftP50')} value={f.ms(lat?.ttftP50 ?? null)} />
        <Kpi id="latency-p50" label={t('dashboard.kpi.latencyP50')} value={f.ms(lat?.latencyP50 ?? null)} />
        <Kpi id="latency-p95" label={t('dashboard.kpi.latencyP95')} value={f.ms(lat?.latencyP95 ?? null)} />
        <Kpi id="tokens-per-second" label={t('dashboard.kpi.tokensPerSecond')} value={f.rate(lat?.tokensPerSecondAvg ?? null)} />
      </dl>
      {offlineCount > 0 ? (
        <p className="dashboard-note" data-testid="dashboard-offline-note">
          {t('dashboard.offlineNote', { count: offlineCount })}
        </p>
      ) : null}
      {totals && (totals.estimatedAttempts > 0 || totals.unpricedAttempts > 0) ? (
        <p className="dashboard-note" data-testid="dashboard-estimates">
          {t('dashboard.estimatedNote', { count: totals.estimatedAttempts, estimated: totals.estimatedAttempts, unpriced: totals.unpricedAttempts })}
        </p>
      ) : null}
      {charts ? (
        <div className="dashboard-grid">
          <LineChart testId="chart-ttft" title={t('dashboard.chart.ttft')} categories={charts.latency.categories} series={charts.latency.ttft} format={f.ms} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <LineChart testId="chart-latency" title={t('dashboard.chart.latency')} categories={charts.latency.categories} series={charts.latency.latency} format={f.ms} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <LineChart testId="chart-tps" title={t('dashboard.chart.tokensPerSecond')} categories={charts.latency.categories} series={charts.latency.tokensPerSecond} format={f.rate} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <BarChart testId="chart-cost-day" title={t('dashboard.chart.costPerDay')} categories={charts.perDay.categories} stacks={charts.perDay.stacks} format={f.usd} totalLabel={t('dashboard.total')} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <HBarChart testId="chart-cost-model" title={t('dashboard.chart.costPerModel')} rows={charts.perModel} format={f.usd} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <HBarChart testId="chart-cost-1k" title={t('dashboard.chart.costPer1k')} rows={charts.per1kByModel} format={f.usd} emptyText={noData} formatBucket={f.bucket} valuesLabel={t('dashboard.values')} />
          <div className="dashboard-others">
            <label className="dashboard-note">
              <input type="checkbox" checked={per1k} onChange={(e) => setPer1k(e.target.checked)} data-testid="others-per-1k" /> {t('dashboard.othersPer1k')}
            </label>
            <HBarChart
              testId="chart-other-models"
              title={t('dashboard.chart.otherModels')}
              description={t('dashboard.chart.otherModelsDesc')}
              rows={charts.others}
              format={f.usd}
              emptyText={noData}
              valuesLabel={t('dashboard.values')}
            />
          </div>
        </div>
      ) : null}
      <TeamView api={api} range={{ since: query.since, until: query.until, utcOffsetMinutes: query.utcOffsetMinutes }} stamp={stamp} />
    </section>
  );
}

function Kpi(props: { id: string; label: string; value: string }): ReactElement {
  return (
    <div data-testid={`kpi-${props.id}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
