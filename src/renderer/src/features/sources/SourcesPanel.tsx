// The sources of the selected answer (cited, sent but not cited, cited but never sent) and the open document,
// loaded with catalog.get.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SentDoc } from '../../../../shared/answer';
import { errorText } from '../../app/errors';
import { useChat, useDesk, useUi } from '../../app/context';
import { useLanguage, useT } from '../../i18n/react';
import { citedNumbers } from '../chat/format';
import { answerView, rowData } from '../chat/select';
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
  const ui = stores.ui.getState();

  return (
    <aside className="sources" data-testid="sources" aria-label={t('sources.title')}>
      <header className="panel-head">
        <h2>{t('sources.title')}</h2>
        {source && (
          <button type="button" className="link" data-testid="sources-close" onClick={() => ui.closeSource()}>
            {t('sources.close')}
          </button>
        )}
      </header>
      {!source && <p className="muted small">{t('sources.empty')}</p>}
      {rows.length > 0 && (
        <>
          <h4 className="small-head">{t('sources.sent')}</h4>
          <ul className="source-list">
            {rows.map((r) => (
              <li key={r.n}>
                <button
                  type="button"
                  className={`source-item${r.doc && r.doc.productId === docId ? ' current' : ''}${r.status === 'unsupported' ? ' unsupported' : ''}`}
                  data-testid={`source-${r.n}`}
                  disabled={!r.doc}
                  onClick={() => r.doc && ui.openSource({ answerKey: source?.answerKey ?? null, docId: r.doc.productId, n: r.n })}
                >
                  <span className="doc-n">Doc-{r.n}</span>
                  <span className="doc-name">{r.doc?.name ?? '—'}</span>
                  <span className={`tag tag-${r.status}`}>{t(`sources.${r.status === 'sent' ? 'notCited' : r.status}`)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="source-view">
        {loaded.state === 'loading' && <p className="muted">{t('sources.loading')}</p>}
        {loaded.state === 'error' && <p className="error-text">{loaded.message}</p>}
        {loaded.state === 'ok' && <SourceDoc doc={loaded.doc} />}
      </div>
    </aside>
  );
}

export interface SourceRow {
  n: number;
  doc: SentDoc | null;
  status: 'cited' | 'sent' | 'unsupported';
}

/** Sent documents in number order, with how the answer used them; cited numbers never sent come last. */
export function sourceRows(sentDocs: readonly SentDoc[], cited: readonly number[], unsupported: readonly number[]): SourceRow[] {
  const rows: SourceRow[] = [...sentDocs]
    .sort((a, b) => a.n - b.n)
    .map((d) => ({ n: d.n, doc: d, status: unsupported.includes(d.n) ? 'unsupported' : cited.includes(d.n) ? 'cited' : 'sent' }));
  for (const n of new Set([...cited, ...unsupported])) {
    if (!sentDocs.some((d) => d.n === n)) rows.push({ n, doc: null, status: 'unsupported' });
  }
  return rows;
}
