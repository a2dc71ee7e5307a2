// Import a catalog file without holding it in the page. Desktop: the main process shows its native open dialog and
// streams the file from its path (catalog.importDialog). Browser: the chosen File is streamed to `POST /api/import`
// (api/upload.ts, bytes sent from the upload's progress). Rows saved count live from catalog.importProgress events;
// Cancel (catalog.importCancel) stops the import and keeps — and says — what was committed.
import { useEffect, useRef, useState, type ChangeEvent, type ReactElement } from 'react';
import type { DeskApi, EventPayload, InvokeResult } from '../../../../shared/contract';
import type { Translate } from '../dashboard/strings';
import type { CatalogUploader, ImportOutcome, Upload } from '../../api/upload';
import { formatBytes, IMPORT_ACCEPT, progressPercent } from './catalog-logic';

type Progress = EventPayload<'catalog.importProgress'>;

/** How the file reaches the desk: the desktop's native dialog, or a streamed upload from the page. */
export type ImportSource = { kind: 'dialog' } | { kind: 'upload'; upload: CatalogUploader };

export interface ImportPanelProps {
  api: DeskApi;
  t: Translate;
  source: ImportSource;
  /** Called after every import that changed the catalog, finished or cancelled (to refresh counts and results). */
  onImported: () => void;
}

interface Running {
  fileName: string;
  /** Bytes the page sent (upload) — null in the desktop, where the main process reads the file itself. */
  sent: number | null;
  total: number;
  cancelling: boolean;
}

const MAX_REJECTED_SHOWN = 50;
/** After Cancel, how long to wait for the server's answer before dropping the upload's connection. */
const CANCEL_GRACE_MS = 3_000;

export function ImportPanel({ api, t, source, onImported }: ImportPanelProps): ReactElement {
  const [running, setRunning] = useState<Running | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const upload = useRef<Upload | null>(null);
  const lastCommitted = useRef(0);
  /** Set by Cancel, read when the import's answer comes back. */
  const cancellingRef = useRef(false);
  const busy = running !== null;

  useEffect(
    () =>
      api.on('catalog.importProgress', (p) => {
        lastCommitted.current = p.committed ?? p.rows;
        setProgress(p);
      }),
    [api],
  );

  function begin(fileName: string, total: number, sent: number | null): void {
    setRunning({ fileName, sent, total, cancelling: false });
    setOutcome(null);
    setError(null);
    lastCommitted.current = 0;
    cancellingRef.current = false;
    // the desktop's dialog is still open: the progress shows with the import's first event
    setProgress(sent === null ? null : { rows: 0, bytes: 0, totalBytes: total, committed: 0 });
  }

  function finish(r: InvokeResult<ImportOutcome | null>, cancelling: boolean): void {
    if (r.ok) {
      if (r.data) {
        setOutcome(r.data);
        onImported();
      } else setProgress(null);
    } else if (cancelling) {
      // the upload's connection was dropped after Cancel: the rows saved so far are the last progress figure
      setOutcome({ imported: 0, updated: 0, unchanged: 0, rejected: [], committed: lastCommitted.current, cancelled: true });
      onImported();
    } else {
      setError(r.error.message);
      onImported();
    }
    upload.current = null;
    setRunning(null);
    if (input.current) input.current.value = '';
  }

  async function chooseInDialog(): Promise<void> {
    begin('', 0, null);
    const r = await api.invoke('catalog.importDialog', {});
    if (r.ok && r.data.fileName === null) {
      setRunning(null);
      setProgress(null);
      return;
    }
    finish(r.ok ? { ok: true, data: r.data.outcome } : r, cancellingRef.current);
  }

  function chooseUpload(e: ChangeEvent<HTMLInputElement>): void {
    const f = e.target.files?.[0];
    if (!f || source.kind !== 'upload') return;
    begin(f.name, f.size, 0);
    const u = source.upload({
      file: f,
      fileName: f.name,
      onSent: (sent) => setRunning((r) => (r ? { ...r, sent } : r)),
    });
    upload.current = u;
    void u.done.then((r) => finish(r, cancellingRef.current));
  }

  async function cancel(): Promise<void> {
    cancellingRef.current = true;
    setRunning((r) => (r ? { ...r, cancelling: true } : r));
    await api.invoke('catalog.importCancel', {});
    const u = upload.current;
    if (u) setTimeout(() => (upload.current === u ? u.abort() : undefined), CANCEL_GRACE_MS);
  }

  const pct = progress ? progressPercent(progress) : null;
  const rows = progress?.committed ?? progress?.rows ?? 0;
  return (
    <section className="catalog-import" data-testid="catalog-import" aria-busy={busy}>
      <h3>{t('catalog.import')}</h3>
      <p className="catalog-hint">{t('catalog.importHint')}</p>
      {source.kind === 'dialog' ? (
        <button type="button" disabled={busy} data-testid="import-choose" onClick={() => void chooseInDialog()}>
          {t('catalog.chooseFile')}
        </button>
      ) : (
        <input ref={input} type="file" accept={IMPORT_ACCEPT} disabled={busy} data-testid="import-file" onChange={chooseUpload} />
      )}
      {running && (running.sent !== null || progress) ? (
        <div className="catalog-progress" data-testid="import-progress">
          <div>{running.fileName ? t('catalog.importing', { file: running.fileName }) : null}</div>
          <progress max={100} value={pct ?? undefined} aria-label={t('catalog.import')} />
          <p role="status" aria-live="polite" className="catalog-live">
            <strong data-testid="import-rows" data-rows={rows}>{t('catalog.importLive', { count: rows })}</strong>
          </p>
          <small data-testid="import-bytes">
            {running.sent !== null ? t('catalog.importSent', { sent: formatBytes(running.sent), total: formatBytes(running.total) }) : null}
            {running.sent !== null && progress ? ' · ' : null}
            {progress && progress.totalBytes > 0 ? t('catalog.importRead', { read: formatBytes(progress.bytes), total: formatBytes(progress.totalBytes) }) : null}
          </small>
          <div>
            <button type="button" data-testid="import-cancel" disabled={running.cancelling} onClick={() => void cancel()}>
              {running.cancelling ? t('catalog.cancelling') : t('catalog.cancel')}
            </button>
          </div>
        </div>
      ) : null}
      {error ? <p role="alert" className="catalog-error" data-testid="import-error">{t('catalog.importFailed', { error })}</p> : null}
      {outcome ? (
        <div className="catalog-report" data-testid="import-report" data-cancelled={outcome.cancelled} role="status">
          {outcome.cancelled ? (
            <p data-testid="import-cancelled">{t('catalog.importCancelled', { count: outcome.committed })}</p>
          ) : (
            <>
              <progress max={100} value={100} />
              <p>{t('catalog.importDone', { imported: outcome.imported, updated: outcome.updated, unchanged: outcome.unchanged })}</p>
            </>
          )}
          {outcome.rejected.length ? (
            <details open data-testid="import-rejected">
              <summary>{t('catalog.rejected', { count: outcome.rejectedTotal ?? outcome.rejected.length })}</summary>
              <ul>
                {outcome.rejected.slice(0, MAX_REJECTED_SHOWN).map((r) => (
                  <li key={r.line}>
                    <strong>{t('catalog.line', { line: r.line })}</strong> {r.error}
                  </li>
                ))}
                {outcome.rejected.length > MAX_REJECTED_SHOWN ? <li>…</li> : null}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
