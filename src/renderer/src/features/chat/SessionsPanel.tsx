// Sessions: search, new chat, active / archived, resume one. The list is a single Tab stop (roving tab index:
// arrows, Home, End move between sessions; Enter opens).
import { useEffect, type ReactNode } from 'react';
import { useChat, useDesk, useSessions } from '../../app/context';
import { onRovingKey } from '../../app/roving';
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
  const archived = useSessions((s) => s.archived);
  const current = useChat((s) => s.sessionId);
  useEffect(() => {
    void stores.sessions.getState().refresh();
  }, [stores]);
  const tabStop = items.some((s) => s.id === current) ? current : (items[0]?.id ?? null);
  return (
    <aside className="sessions" aria-label={t('sessions.title')} data-testid="sessions-panel">
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
      <div className="sessions-tabs" role="group" aria-label={t('sessions.title')}>
        <button type="button" aria-pressed={!archived} data-testid="sessions-active" onClick={() => stores.sessions.getState().setArchived(false)}>
          {t('sessions.active')}
        </button>
        <button type="button" aria-pressed={archived} data-testid="sessions-archived" onClick={() => stores.sessions.getState().setArchived(true)}>
          {t('sessions.archived')}
        </button>
      </div>
      <ul className="sessions-list" data-testid="sessions" onKeyDown={onRovingKey}>
        {items.length === 0 && (
          <li className="muted">{query ? t('sessions.noMatch', { query }) : archived ? t('sessions.noArchived') : t('sessions.empty')}</li>
        )}
        {items.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`session${s.id === current ? ' current' : ''}`}
              data-testid="session-item"
              data-roving=""
              tabIndex={s.id === tabStop ? 0 : -1}
              aria-current={s.id === current ? 'true' : undefined}
              onClick={() => void stores.chat.getState().openSession(s.id)}
            >
              <span className="session-title">{s.title || t('sessions.untitled')}</span>
              <span className="session-meta">
                {s.customerId ? <span className="session-ticket">{s.customerId}</span> : null}
                {s.agentId ? <span className="session-agent" data-testid="session-item-agent" title={t('sessions.agentTitle')}>{t('sessions.agentShort', { agent: s.agentId })}</span> : null}
                {t('sessions.turns', { count: s.turnCount })} · {formatWhen(s.updatedAt, lang)}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </aside>
  );
}
