// Team view of the Dashboards (team hub only): every desk's usage by desk, model and day from `team.report`,
// and this desk's outbox ("team sync paused — N waiting"). Renders nothing on a desk without a hub.
import { useEffect, useState, type ReactElement } from 'react';
import type { DeskApi } from '../../../../shared/contract';
import type { OutboxState, TeamFigures, TeamReport } from '../../../../shared/team';
import './team.css';

export interface TeamViewProps {
  api: DeskApi;
  range: { since?: string; until?: string; utcOffsetMinutes?: number };
  /** Changes when the dashboard refreshes. */
  stamp?: number;
}

const usd = (v: number | null): string => (v === null ? '–' : `$${v < 100 ? v.toFixed(4) : v.toFixed(2)}`);
const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(1)}%`);
const ms = (v: number | null): string => (v === null ? '–' : `${Math.round(v).toLocaleString()} ms`);

export function outboxLine(o: OutboxState): string {
  if (o.paused) return `Team sync paused — ${o.waiting.toLocaleString()} waiting`;
  if (o.waiting > 0) return `${o.waiting.toLocaleString()} rows waiting to reach the team hub`;
  return `Team hub up to date${o.lastPushAt ? ` (last push ${new Date(o.lastPushAt).toLocaleTimeString()})` : ''}`;
}

function Rows({ title, rows }: { title: string; rows: { key: string; f: TeamFigures }[] }): ReactElement {
  return (
    <table className="team-table" data-testid={`team-by-${title}`}>
      <thead>
        <tr>
          <th scope="col">{title}</th>
          <th scope="col">requests</th>
          <th scope="col">cost</th>
          <th scope="col">per 1k q</th>
          <th scope="col">p50</th>
          <th scope="col">p95</th>
          <th scope="col">offline</th>
          <th scope="col">escalated</th>
          <th scope="col">no info</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ key, f }) => (
          <tr key={key}>
            <th scope="row">{key}</th>
            <td>{f.requests.toLocaleString()}</td>
            <td>{usd(f.costUsd)}</td>
            <td>{usd(f.costPer1kQueries)}</td>
            <td>{ms(f.latencyP50)}</td>
            <td>{ms(f.latencyP95)}</td>
            <td>{pct(f.offlineShare)}</td>
            <td>{pct(f.escalationRate)}</td>
            <td>{pct(f.noInformationRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function TeamView({ api, range, stamp = 0 }: TeamViewProps): ReactElement | null {
  const [outbox, setOutbox] = useState<OutboxState | null>(null);
  const [report, setReport] = useState<TeamReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { since, until, utcOffsetMinutes } = range;

  useEffect(() => {
    let live = true;
    void api.invoke('team.outbox', {}).then((r) => {
      if (live && r.ok) setOutbox(r.data);
    });
    const off = api.on('team.outbox', (o) => setOutbox(o));
    return () => {
      live = false;
      off();
    };
  }, [api]);

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
    <section className="team-view" data-testid="team-view" aria-label="Team">
      <h3>Team</h3>
      <p className={outbox.paused ? 'team-outbox paused' : 'team-outbox'} data-testid="team-outbox" title={outbox.lastError ?? undefined}>
        {outboxLine(outbox)}
      </p>
      {error ? (
        <p className="team-error" role="alert">
          Team report unavailable: {error}
        </p>
      ) : null}
      {report ? (
        <div className="team-tables">
          <Rows title="desk" rows={[...report.byDesk.map((d) => ({ key: d.desk, f: d as TeamFigures })), { key: 'team', f: report.totals }]} />
          <Rows title="model" rows={report.byModel.map((m) => ({ key: m.model, f: m as TeamFigures }))} />
          <Rows title="day" rows={report.byDay.map((d) => ({ key: d.day, f: d as TeamFigures }))} />
        </div>
      ) : null}
    </section>
  );
}
