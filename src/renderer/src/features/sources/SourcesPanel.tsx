// The sources of the selected answer (cited, sent but not cited, cited but never sent) and the open document,
// loaded with catalog.get.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../app/errors';
import { useChat, useDesk, useUi } from '../../app/context';
import { useLanguage, useT } from '../../i18n/react';
import { citedNumbers } from '../chat/format';
import { answerView, rowData } from '../chat/select';
import { sourceRows, type SourceRow } from './rows';
import { SourceDoc, type CatalogDocument } from './SourceDoc';

type Loaded = { state: 'idle' } | { state: 'loading'; id: string } | { state: 'ok'; id: string; doc: CatalogDocument } | { state: 'error'; id: string; message: string };

export function SourcesPanel(): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { api, stores } = useDesk();
  const source = useUi((s) => s.source);
  const answerKey = source?.answerKey ?? '';
  const data = useChat(useShallow((s) => rowData(s, answerKey)));
  const view = useMemo(() => (answerKey ? answerView(data) : null), [answerKey, data]);
  const [loaded, setLoaded] = useState<Loaded>({ state: 'idle' });
  const docId = source?.docId ?? null;

  useEffect(() => {
    if (!docId) {
      setLoaded({ state: 'idle' });
      return;
    }
    let live = true;
    setLoaded({ state: 'loading', id: docId });
    void api.invoke('catalog.get', { id: docId }).then((r) => {
      if (!live) return;
      if (r.ok) setLoaded({ state: 'ok', id: docId, doc: r.data });
      else setLoaded({ state: 'error', id: docId, message: r.error.code === 'not_found' ? t('sources.missing') : errorText(lang, r.error.code, r.error.message) });
    });
    return () => {
      live = false;
    };
  }, [api, docId, lang, t]);

  const cited = useMemo(() => (view ? citedNumbers(view.text) : []), [view]);
  const rows = useMemo(() => sourceRows(view?.sentDocs ?? [], cited, view?.unsupported ?? []), [view, cited]);
  // the manual passages this answer sent with the open document (absent: it went whole, or no manual)
  const sentRanges = useMemo(() => view?.sentDocs.find((d) => d.n === source?.n && d.productId === docId)?.manualRanges, [view, source?.n, docId]);
  const ui = stores.ui.getState();
  const open = (r: SourceRow) => r.doc && ui.openSource({ answerKey: source?.answerKey ?? null, docId: r.doc.productId, n: r.n });

  return (
    <aside className="sources" data-testid="sources" aria-label={t('sources.title')} tabIndex={-1}>
      <header className="panel-head">
        <h2>{t('sources.title')}</h2>
        {source && (
          <button type="button" className="link" data-testid="sources-close" onClick={() => ui.closeSource()}>
            {t('sources.close')}
          </button>
        )}
      </header>
      {!source && <p className="muted small">{t('sources.empty')}</p>}
      <div className="source-view">
        {loaded.state === 'loading' && <p className="muted">{t('sources.loading')}</p>}
        {loaded.state === 'error' && <p className="error-text">{loaded.message}</p>}
        {loaded.state === 'ok' && <SourceDoc doc={loaded.doc} sentRanges={sentRanges} />}
      </div>
      {rows.length > 0 && (
        <>
          <h4 className="small-head">{t('sources.sent')}</h4>
          <SourceList rows={rows.filter((r) => r.status !== 'sent')} current={docId} onOpen={open} />
          {rows.some((r) => r.status === 'sent') && (
            <details className="uncited">
              <summary>{t('sources.moreSent', { count: rows.filter((r) => r.status === 'sent').length })}</summary>
              <SourceList rows={rows.filter((r) => r.status === 'sent')} current={docId} onOpen={open} />
            </details>
          )}
        </>
      )}
    </aside>
  );
}

function SourceList({ rows, current, onOpen }: { rows: SourceRow[]; current: string | null; onOpen(r: SourceRow): void }): ReactNode {
  const t = useT();
  return (
    <ul className="source-list">
      {rows.map((r) => (
        <li key={r.n}>
          <button
            type="button"
            className={`source-item${r.doc && r.doc.productId === current ? ' current' : ''}${r.status === 'unsupported' ? ' unsupported' : ''}`}
            data-testid={`source-${r.n}`}
            disabled={!r.doc}
            onClick={() => onOpen(r)}
          >
            <span className="doc-n">Doc-{r.n}</span>
            <span className="doc-name">{r.doc?.name ?? '—'}</span>
            <span className={`tag tag-${r.status}`}>{t(r.status === 'sent' ? 'sources.notCited' : r.status === 'cited' ? 'sources.cited' : 'sources.unsupported')}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
