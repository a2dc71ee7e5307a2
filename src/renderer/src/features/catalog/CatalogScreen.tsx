// Catalog: counts, demo badge and last update (catalog.stats); search (catalog.search) with the matched words
// marked; clicking a result opens the document (catalog.get); importing a file with a progress bar.
import { useCallback, useEffect, useRef, useState, type ReactElement, type ReactNode } from 'react';
import type { DeskApi, RouteOutput } from '../../../../shared/contract';
import type { Translate } from '../dashboard/strings';
import { formatDateTime, formatNumber } from '../../i18n';
import { useLanguage } from '../../i18n/react';
import { formatBytes, highlight } from './catalog-logic';
import { DocumentView, type CatalogDoc } from './DocumentView';
import { ImportPanel, type ImportSource } from './ImportPanel';
import { useOptionalDesk } from '../../app/context';
import './catalog.css';

type Stats = RouteOutput<'catalog.stats'>;
type Results = RouteOutput<'catalog.search'>;

export interface CatalogScreenProps {
  api: DeskApi;
  t: Translate;
  /** Renders an opened document; defaults to this screen's DocumentView. */
  renderDocument?: (doc: CatalogDoc, close: () => void) => ReactNode;
  /** Formats the last-update time (defaults to the locale's date and time). */
  formatTime?: (iso: string) => string;
  /** Where an imported file comes from; defaults to the desk's (desktop dialog, or the browser's streamed upload). */
  importSource?: ImportSource;
}

const SEARCH_DELAY_MS = 200;

export function CatalogScreen({ api, t, renderDocument, formatTime: formatTimeProp, importSource }: CatalogScreenProps): ReactElement {
  const desk = useOptionalDesk();
  const source: ImportSource = importSource ?? (desk?.uploader ? { kind: 'upload', upload: desk.uploader } : { kind: 'dialog' });
  const lang = useLanguage();
  const formatTime = formatTimeProp ?? ((iso: string) => formatDateTime(lang, iso));
  const [stats, setStats] = useState<Stats | null>(null);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results | null>(null);
  const [doc, setDoc] = useState<CatalogDoc | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const refreshStats = useCallback(() => {
    void api.invoke('catalog.stats', {}).then((r) => (r.ok ? setStats(r.data) : setError(r.error.message)));
  }, [api]);

  useEffect(refreshStats, [refreshStats]);

  const search = useCallback(
    (q: string) => {
      const mine = ++seq.current;
      if (!q.trim()) return setResults(null);
      void api.invoke('catalog.search', { query: q, k: 50 }).then((r) => {
        if (mine !== seq.current) return;
        if (r.ok) {
          setResults(r.data);
          setError(null);
        } else setError(r.error.message);
      });
    },
    [api],
  );

  useEffect(() => {
    const timer = setTimeout(() => search(query), SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query, search]);

  async function open(id: string): Promise<void> {
    const r = await api.invoke('catalog.get', { id });
    if (r.ok) setDoc(r.data);
    else setError(r.error.message);
  }

  const close = (): void => setDoc(null);

  return (
    <section className="catalog" data-testid="catalog">
      <header className="catalog-head">
        <h2>{t('catalog.title')}</h2>
        {stats?.demo ? (
          <span className="catalog-demo" data-testid="catalog-demo" title={t('catalog.demoHint')}>{t('catalog.demo')}</span>
        ) : null}
      </header>
      <dl className="catalog-stats" data-testid="catalog-stats">
        <Stat id="products" label={t('catalog.products')} value={stats ? formatNumber(lang, stats.products) : '–'} />
        <Stat id="documents" label={t('catalog.documents')} value={stats ? formatNumber(lang, stats.standaloneDocs) : '–'} />
        <Stat id="last-update" label={t('catalog.lastUpdate')} value={stats ? (stats.lastImportAt ? formatTime(stats.lastImportAt) : t('catalog.never')) : '–'} />
        <Stat id="size" label={t('catalog.size')} value={stats ? formatBytes(stats.dbBytes) : '–'} />
      </dl>
      {error ? <p role="alert" className="catalog-error">{error}</p> : null}
      <div className="catalog-main">
        <div className="catalog-searchcol">
          <label htmlFor="catalog-search" className="visually-hidden">{t('catalog.search')}</label>
          <input
            id="catalog-search"
            type="search"
            data-testid="catalog-search"
            value={query}
            placeholder={t('catalog.searchPlaceholder')}
            aria-label={t('catalog.search')}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') search(query);
            }}
          />
          {results ? (
            <>
              <p className="catalog-count" data-testid="catalog-count">
                {results.results.length ? t('catalog.results', { count: results.results.length, ms: Math.round(results.tookMs) }) : t('catalog.noResults')}
              </p>
              <ol className="catalog-results" data-testid="catalog-results">
                {results.results.map((h) => (
                  <li key={h.productId}>
                    <button type="button" className="catalog-hit" data-testid="catalog-hit" data-id={h.productId} onClick={() => void open(h.productId)}>
                      <span className="catalog-hit-title">
                        <span className={`kind kind-${h.kind}`}>{t(`catalog.kind.${h.kind}`)}</span>
                        <strong>{h.name}</strong>
                        <code>{h.productId}</code>
                      </span>
                      <span className="catalog-snippet">
                        {highlight(h.snippet, query).map((s, i) => (s.hit ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
                      </span>
                    </button>
                  </li>
                ))}
              </ol>
            </>
          ) : null}
        </div>
        <div className="catalog-side">
          {doc ? (renderDocument ? renderDocument(doc, close) : <DocumentView doc={doc} t={t} onClose={close} />) : null}
          <ImportPanel
            api={api}
            t={t}
            source={source}
            onImported={() => {
              refreshStats();
              if (query.trim()) search(query);
            }}
          />
        </div>
      </div>
    </section>
  );
}

function Stat(props: { id: string; label: string; value: string }): ReactElement {
  return (
    <div data-testid={`catalog-stat-${props.id}`}>
      <dt>{props.label}</dt>
      <dd>{props.value}</dd>
    </div>
  );
}
