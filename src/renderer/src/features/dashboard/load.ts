// Loads what the dashboards draw through the contract (usage.report + usage.latency), and the CSV export.
import type { DeskApi } from '../../../../shared/contract';
import type { LatencySeries, UsageReport } from '../../../../shared/usage';
import type { RangeQuery } from './dashboard-data';

export interface DashboardData {
  report: UsageReport;
  latency: LatencySeries;
}

export type Loaded<T> = { ok: true; data: T } | { ok: false; message: string };

export async function loadDashboard(api: DeskApi, q: RangeQuery): Promise<Loaded<DashboardData>> {
  const range = { since: q.since, until: q.until, utcOffsetMinutes: q.utcOffsetMinutes };
  const [report, latency] = await Promise.all([
    api.invoke('usage.report', range),
    api.invoke('usage.latency', { ...range, bucket: q.bucket }),
  ]);
  if (!report.ok) return { ok: false, message: report.error.message };
  if (!latency.ok) return { ok: false, message: latency.error.message };
  return { ok: true, data: { report: report.data, latency: latency.data } };
}

export async function loadCsv(api: DeskApi, q: RangeQuery): Promise<Loaded<{ fileName: string; csv: string }>> {
  const r = await api.invoke('usage.csv', { since: q.since, until: q.until, utcOffsetMinutes: q.utcOffsetMinutes });
  return r.ok ? { ok: true, data: r.data } : { ok: false, message: r.error.message };
}

/** Saves text as a file through a temporary object URL and an <a download> click (browser and Electron alike). */
export function downloadText(doc: Document, fileName: string, text: string, mime = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
