// Sessions: search, new chat, resume one.
import { useEffect, type ReactNode } from 'react';
import { useChat, useDesk, useSessions } from '../../app/context';
import { formatDateTime, type Language } from '../../i18n';
import { useLanguage, useT } from '../../i18n/react';

export function formatWhen(iso: string, lang: Language, now = Date.now()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const sameDay = new Date(now).toDateString() === d.toDateString();
  return formatDateTime(lang, d, sameDay ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' });
}

export function SessionsPanel(): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { stores } = useDesk();
  const items = useSessions((s) => s.items);
  const query = useSessions((s) => s.query);
  const current = useChat((s) => s.sessionId);
  useEffect(() => {
    void stores.sessions.getState().refresh();
  }, [stores]);
  return (
    <aside className="sessions" aria-label={t('sessions.title')}>
      <div className="sessions-head">
        <input
          type="search"
          data-testid="session-search"
          value={query}
          placeholder={t('sessions.search')}
          aria-label={t('sessions.search')}
          onChange={(e) => stores.sessions.getState().setQuery(e.target.value)}
        />
        <button type="button" className="primary" data-testid="new-session" onClick={() => stores.chat.getState().newChat()}>
          {t('sessions.new')}
        </button>
      </div>
      <ul className="sessions-list" data-testid="sessions">
        {items.length === 0 && <li className="muted">{query ? t('sessions.noMatch', { query }) : t('sessions.empty')}</li>}
        {items.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`session${s.id === current ? ' current' : ''}`}
              data-testid="session-item"
              aria-current={s.id === current ? 'true' : undefined}
              onClick={() => void stores.chat.getState().openSession(s.id)}
            >
              <span className="session-title">{s.title}</span>
              <span className="session-meta">
                {s.customerId ? `${s.customerId} · ` : ''}
                {t('sessions.turns', { count: s.turnCount })} · {formatWhen(s.updatedAt, lang)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
