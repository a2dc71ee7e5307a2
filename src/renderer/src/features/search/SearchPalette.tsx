// Ctrl/Cmd+K: one box searching sessions and the catalog (cmdk: arrow keys, Enter, typed-ahead results).
// Focus: the box on open; Tab stays inside; after picking a session the message box, after picking a document
// the sources panel; Esc or a click outside returns focus where it was.
import { Command } from 'cmdk';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { CatalogHit, SessionSummary } from '../../../../shared/domain';
import { useDesk } from '../../app/context';
import { focusComposer } from '../../app/focus';
import { useT } from '../../i18n/react';

export function SearchPalette({ onClose }: { onClose(): void }): ReactNode {
  const t = useT();
  const { api, stores } = useDesk();
  const [query, setQuery] = useState('');
  const [sessions, setSessions] = useState<SessionSummary[]>([]);
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<Element | null>(typeof document !== 'undefined' ? document.activeElement : null);
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
      });
    }, 120);
    return () => clearTimeout(timer);
  }, [api, query]);

  const dismiss = () => {
    onClose();
    const el = returnTo.current;
    if (el instanceof HTMLElement && el.isConnected) requestAnimationFrame(() => el.focus());
  };

  const openSession = (s: SessionSummary) => {
    stores.ui.getState().setScreen('chat');
    onClose();
    void stores.chat
      .getState()
      .openSession(s.id)
      .then(() => focusComposer());
    focusComposer();
  };

  const openDoc = (h: CatalogHit) => {
    const ui = stores.ui.getState();
    ui.setScreen('chat');
    ui.openSource({ answerKey: null, docId: h.productId, n: null });
    onClose();
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="sources"]')?.focus());
  };

  return (
    <div className="palette-backdrop" onMouseDown={dismiss}>
      <div
        className="palette"
        role="dialog"
        aria-modal="true"
        aria-label={t('nav.search')}
        data-testid="search-palette"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            e.preventDefault();
            e.stopPropagation();
            dismiss();
          } else if (e.key === 'Tab') {
            // the palette is modal: focus stays in its box (arrows move between results)
            e.preventDefault();
            input.current?.focus();
          }
        }}
      >
        <Command shouldFilter={false} label={t('nav.search')} loop>
          <Command.Input ref={input} data-testid="search-input" value={query} onValueChange={setQuery} placeholder={t('search.placeholder')} aria-label={t('search.placeholder')} />
          <Command.List className="palette-list">
            {query.trim() && sessions.length + hits.length === 0 && <p className="muted small pad">{t('search.none')}</p>}
            {sessions.length > 0 && (
              <Command.Group heading={t('search.sessions')}>
                {sessions.map((s) => (
                  <Command.Item key={`s${s.id}`} value={`session:${s.id}`} data-testid="search-session" onSelect={() => openSession(s)}>
                    <span>{s.title || t('sessions.untitled')}</span>
                    <span className="muted small">{s.customerId ?? ''}</span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
            {hits.length > 0 && (
              <Command.Group heading={t('search.catalog')}>
                {hits.map((h) => (
                  <Command.Item key={`d${h.productId}`} value={`doc:${h.productId}`} data-testid="search-hit" onSelect={() => openDoc(h)}>
                    <span>{h.name}</span>
                    <span className="muted small">
                      {t(`sources.kind.${h.kind}`)} · {h.productId}
                    </span>
                  </Command.Item>
                ))}
              </Command.Group>
            )}
          </Command.List>
        </Command>
        <p className="muted small pad">{t('search.hint')}</p>
      </div>
    </div>
  );
}
