// Import a catalog file: the browser reads the chosen file and uploads its text (catalog.importText
// {fileName, content}); progress arrives as catalog.importProgress events; the report lists rejected lines.
import { useEffect, useRef, useState, type ChangeEvent, type ReactElement } from 'react';
import type { DeskApi, EventPayload, RouteOutput } from '../../../../shared/contract';
import type { Translate } from '../dashboard/strings';
import { formatBytes, IMPORT_ACCEPT, progressPercent } from './catalog-logic';

type Report = RouteOutput<'catalog.importText'>;
type Progress = EventPayload<'catalog.importProgress'>;

export interface ImportPanelProps {
  api: DeskApi;
  t: Translate;
  /** Called after every finished import (to refresh counts and search results). */
  onImported: (report: Report) => void;
}

const MAX_REJECTED_SHOWN = 50;

export function ImportPanel({ api, t, onImported }: ImportPanelProps): ReactElement {
  const [file, setFile] = useState<string | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const busy = file !== null;

  useEffect(() => api.on('catalog.importProgress', (p) => setProgress(p)), [api]);

  async function choose(e: ChangeEvent<HTMLInputElement>): Promise<void> {
    const f = e.target.files?.[0];
    if (!f) return;
    setFile(f.name);
    setReport(null);
    setError(null);
    setProgress({ rows: 0, bytes: 0, totalBytes: f.size });
    try {
      const content = await f.text();
      const r = await api.invoke('catalog.importText', { fileName: f.name, content });
      if (r.ok) {
        setReport(r.data);
        setProgress((p) => (p ? { ...p, bytes: p.totalBytes } : p));
        onImported(r.data);
      } else setError(r.error.message);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setFile(null);
      if (input.current) input.current.value = '';
    }
  }

  const pct = progress ? progressPercent(progress) : null;
  return (
    <section className="catalog-import" data-testid="catalog-import" aria-busy={busy}>
      <h3>{t('catalog.import')}</h3>
      <p className="catalog-hint">{t('catalog.importHint')}</p>
      <input ref={input} type="file" accept={IMPORT_ACCEPT} disabled={busy} data-testid="import-file" onChange={(e) => void choose(e)} />
      {busy || (progress && !report && !error) ? (
        <div className="catalog-progress" data-testid="import-progress">
          <div>{file ? t('catalog.importing', { file }) : null}</div>
          <progress max={100} value={pct ?? undefined} aria-valuenow={pct ?? undefined} />
          <small>
            {progress ? `${t('catalog.importRows', { rows: progress.rows })} · ${formatBytes(progress.bytes)} / ${formatBytes(progress.totalBytes)}` : null}
          </small>
        </div>
      ) : null}
      {error ? <p role="alert" className="catalog-error" data-testid="import-error">{t('catalog.importFailed', { error })}</p> : null}
      {report ? (
        <div className="catalog-report" data-testid="import-report" role="status">
          <progress max={100} value={100} />
          <p>{t('catalog.importDone', { imported: report.imported, updated: report.updated, unchanged: report.unchanged })}</p>
          {report.rejected.length ? (
            <details open data-testid="import-rejected">
              <summary>{t('catalog.rejected', { count: report.rejected.length })}</summary>
              <ul>
                {report.rejected.slice(0, MAX_REJECTED_SHOWN).map((r) => (
                  <li key={r.line}>
                    <strong>{t('catalog.line', { line: r.line })}</strong> {r.error}
                  </li>
                ))}
                {report.rejected.length > MAX_REJECTED_SHOWN ? <li>…</li> : null}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
