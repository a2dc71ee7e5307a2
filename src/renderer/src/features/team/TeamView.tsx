// Team view of the Dashboards (team hub only): every desk's usage by desk, model and day from `team.report`,
// and this desk's outbox ("team sync paused — N waiting"). Renders nothing on a desk without a hub.
import { useEffect, useState, type ReactElement } from 'react';
import type { DeskApi } from '../../../../shared/contract';
import type { OutboxState, TeamFigures, TeamReport } from '../../../../shared/team';
import { formatDateTime, formatNumber, formatUsd, type Language, type T } from '../../i18n';
import { useLiveValue } from '../../app/live';
import { useLanguage, useT } from '../../i18n/react';
import './team.css';

export interface TeamViewProps {
  api: DeskApi;
  range: { since?: string; until?: string; utcOffsetMinutes?: number };
  /** Changes when the dashboard refreshes. */
  stamp?: number;
}

/** Numbers, money, percentages and dates of the Team view, written the app language's way (not the browser's). */
function formats(lang: Language, t: T) {
  return {
    usd: (v: number | null): string => (v === null ? '–' : formatUsd(lang, v)),
    pct: (v: number | null): string => (v === null ? '–' : formatNumber(lang, v, { style: 'percent', maximumFractionDigits: 1 })),
    ms: (v: number | null): string => (v === null ? '–' : t('team.ms', { ms: Math.round(v) })),
    count: (v: number): string => formatNumber(lang, v),
    // report days are calendar days already (the report's offset applied): shown as such, no time zone shift
    day: (d: string): string => formatDateTime(lang, `${d}T00:00:00Z`, { dateStyle: 'medium', timeZone: 'UTC' }),
  };
}

export function outboxLine(o: OutboxState, t: T, lang: Language): string {
  if (o.paused) return t('team.outbox.paused', { count: o.waiting });
  if (o.waiting > 0) return t('team.outbox.waiting', { count: o.waiting });
  return o.lastPushAt ? t('team.outbox.lastPush', { time: formatDateTime(lang, o.lastPushAt, { timeStyle: 'medium' }) }) : t('team.outbox.upToDate');
}

type Column = 'desk' | 'model' | 'day';
const COLUMN = { desk: 'team.col.desk', model: 'team.col.model', day: 'team.col.day' } as const;

function Rows({ by, rows, lang, t }: { by: Column; rows: { key: string; f: TeamFigures }[]; lang: Language; t: T }): ReactElement {
  const f = formats(lang, t);
  return (
    <table className="team-table" data-testid={`team-by-${by}`}>
      <thead>
        <tr>
          <th scope="col">{t(COLUMN[by])}</th>
          <th scope="col">{t('team.col.requests')}</th>
          <th scope="col">{t('team.col.cost')}</th>
          <th scope="col">{t('team.col.per1k')}</th>
          <th scope="col">{t('team.col.p50')}</th>
          <th scope="col">{t('team.col.p95')}</th>
          <th scope="col">{t('team.col.offline')}</th>
          <th scope="col">{t('team.col.escalated')}</th>
          <th scope="col">{t('team.col.noInfo')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, f: x }) => (
          <tr key={key} data-testid="team-row" data-key={key}>
            <th scope="row">{by === 'day' ? f.day(key) : key === '' ? t('team.row.total') : key}</th>
            <td data-testid="team-requests">{f.count(x.requests)}</td>
            <td data-testid="team-cost">{f.usd(x.costUsd)}</td>
            <td>{f.usd(x.costPer1kQueries)}</td>
            <td>{f.ms(x.latencyP50)}</td>
            <td>{f.ms(x.latencyP95)}</td>
            <td>{f.pct(x.offlineShare)}</td>
            <td>{f.pct(x.escalationRate)}</td>
            <td>{f.pct(x.noInformationRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeamView({ api, range, stamp = 0 }: TeamViewProps): ReactElement | null {
  const t = useT();
  const lang = useLanguage();
  const outbox = useLiveValue(api, 'team.outbox', 'team.outbox');
  const [report, setReport] = useState<TeamReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { since, until, utcOffsetMinutes } = range;

  const enabled = outbox?.enabled === true;
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    void api.invoke('team.report', { since, until, utcOffsetMinutes }).then((r) => {
      if (!live) return;
      if (r.ok) {
        setReport(r.data);
        setError(null);
      } else setError(r.error.message);
    });
    return () => {
      live = false;
    };
  }, [api, enabled, since, until, utcOffsetMinutes, stamp]);

  if (!outbox || !enabled) return null;
  return (
    <section className="team-view" data-testid="team-view" aria-label={t('team.title')}>
      <h3>{t('team.title')}</h3>
      <p
        className={outbox.paused ? 'team-outbox paused' : 'team-outbox'}
        data-testid="team-outbox"
        data-paused={outbox.paused}
        data-waiting={outbox.waiting}
        title={outbox.lastError ?? undefined}
      >
        {outboxLine(outbox, t, lang)}
      </p>
      {error ? (
        <p className="team-error" role="alert" data-testid="team-error">
          {t('team.reportUnavailable', { message: error })}
        </p>
      ) : null}
      {report ? (
        <div className="team-tables">
          <Rows by="desk" lang={lang} t={t} rows={[...report.byDesk.map((d) => ({ key: d.desk, f: d as TeamFigures })), { key: '', f: report.totals }]} />
          <Rows by="model" lang={lang} t={t} rows={report.byModel.map((m) => ({ key: m.model, f: m as TeamFigures }))} />
          <Rows by="day" lang={lang} t={t} rows={report.byDay.map((d) => ({ key: d.day, f: d as TeamFigures }))} />
        </div>
      ) : null}
    </section>
  );
}
