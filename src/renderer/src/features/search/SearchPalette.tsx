// Ctrl/Cmd+K: one box searching sessions and the catalog; Enter opens the session or the document.
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { CatalogHit, SessionSummary } from '../../../../shared/domain';
import { useDesk } from '../../app/context';
import { useT } from '../../i18n/react';

type Result = { type: 'session'; session: SessionSummary } | { type: 'doc'; hit: CatalogHit };

export function SearchPalette({ onClose }: { onClose(): void }): ReactNode {
  const t = useT();
  const { api, stores } = useDesk();
  const [query, setQuery] = useState('');
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const seq = useRef(0);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    const q = query.trim();
    const mine = ++seq.current;
    if (!q) {
      setSessions([]);
      setHits([]);
      return;
    }
    const timer = setTimeout(() => {
      void Promise.all([api.invoke('sessions.list', { query: q, limit: 6 }), api.invoke('catalog.search', { query: q, k: 8 })]).then(([s, c]) => {
        if (mine !== seq.current) return;
        setSessions(s.ok ? s.data : []);
        setHits(c.ok ? c.data.results : []);
        setActive(0);
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [api, query]);

  const results: Result[] = useMemo(
    () => [...sessions.map((session) => ({ type: 'session' as const, session })), ...hits.map((hit) => ({ type: 'doc' as const, hit }))],
    [sessions, hits],
  );

  const open = (r: Result) => {
    const ui = stores.ui.getState();
    ui.setScreen('chat');
    if (r.type === 'session') void stores.chat.getState().openSession(r.session.id);
    else ui.openSource({ answerKey: null, docId: r.hit.productId, n: null });
    onClose();
  };

  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'ArrowDown') setActive((a) => Math.min(results.length - 1, a + 1));
    else if (e.key === 'ArrowUp') setActive((a) => Math.max(0, a - 1));
    else if (e.key === 'Enter' && results[active]) open(results[active]!);
    else if (e.key === 'Escape') onClose();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  let i = -1;
  return (
    <div className="palette-backdrop" onMouseDown={onClose}>
      <div className="palette" role="dialog" aria-label={t('nav.search')} data-testid="search-palette" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={input}
          type="search"
          data-testid="search-input"
          value={query}
          placeholder={t('search.placeholder')}
          aria-label={t('search.placeholder')}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKey}
        />
        {query.trim() && results.length === 0 && <p className="muted small pad">{t('search.none')}</p>}
        {sessions.length > 0 && <h4 className="small-head">{t('search.sessions')}</h4>}
        <ul className="palette-list">
          {sessions.map((s) => {
            i++;
            const idx = i;
            return (
              <li key={`s${s.id}`}>
                <button type="button" className={idx === active ? 'active' : ''} onClick={() => open({ type: 'session', session: s })}>
                  <span>{s.title}</span>
                  <span className="muted small">{s.customerId ?? ''}</span>
                </button>
              </li>
            );
          })}
        </ul>
        {hits.length > 0 && <h4 className="small-head">{t('search.catalog')}</h4>}
        <ul className="palette-list">
          {hits.map((h) => {
            i++;
            const idx = i;
            return (
              <li key={`d${h.productId}`}>
                <button type="button" className={idx === active ? 'active' : ''} data-testid="search-hit" onClick={() => open({ type: 'doc', hit: h })}>
                  <span>{h.name}</span>
                  <span className="muted small">
                    {t(`sources.kind.${h.kind}`)} · {h.productId}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
        <p className="muted small pad">{t('search.hint')}</p>
      </div>
    </div>
  );
}
