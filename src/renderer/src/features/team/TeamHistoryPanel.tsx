// Earlier conversation with this session's customer at other desks (team hub): what the next answer's prompt
// includes, shown apart from this desk's own turns, with the desk each turn came from. With the hub down, says that
// only this desk's history is used. Renders nothing without a hub or a customer. Texts and dates follow the app's
// language.
import { useEffect, useState, type ReactElement } from 'react';
import type { TeamHistory } from '../../../../shared/team';
import { useChat, useDesk } from '../../app/context';
import { formatDateTime } from '../../i18n';
import { useLanguage, useT } from '../../i18n/react';
import './team.css';

export function TeamHistoryPanel(): ReactElement | null {
  const t = useT();
  const lang = useLanguage();
  const { api } = useDesk();
  const sessionId = useChat((s) => s.sessionId);
  const customerId = useChat((s) => s.session?.customerId ?? null);
  const turnCount = useChat((s) => s.turns.length);
  const [h, setH] = useState<TeamHistory | null>(null);
  const [retry, setRetry] = useState(0);

  useEffect(() => {
    if (!sessionId) {
      setH(null);
      return;
    }
    let live = true;
    void api.invoke('team.history', { sessionId }).then((r) => {
      if (live) setH(r.ok ? r.data : null);
    });
    return () => {
      live = false;
    };
  }, [api, sessionId, customerId, turnCount, retry]);

  // hub unreachable: look again every 5 s, so the panel fills in (and the notice goes) once the hub is back
  const unreachable = h?.source === 'local';
  useEffect(() => {
    if (!unreachable) return;
    const timer = setTimeout(() => setRetry((n) => n + 1), 5_000);
    return () => clearTimeout(timer);
  }, [unreachable, retry]);

  if (!h || h.source === 'none') return null;
  if (h.source === 'local') {
    return (
      <p className="team-history-note" data-testid="team-history" data-source="local" title={h.reason ?? undefined}>
        {t('team.history.local')}
      </p>
    );
  }
  if (h.turns.length === 0) return null;
  const desks = [...new Set(h.turns.map((x) => String(x.meta?.fromDesk ?? '?')))];
  return (
    <details className="team-history" data-testid="team-history" data-source="hub" open>
      <summary>
        {desks.length === 1
          ? t('team.history.fromDesk', { desk: desks[0], count: h.turns.length })
          : t('team.history.fromDesks', { desks: desks.length, count: h.turns.length })}
      </summary>
      <ol>
        {h.turns.map((x) => (
          <li key={x.id} className={`team-history-turn ${x.speaker}`} data-testid="team-history-turn" data-desk={String(x.meta?.fromDesk ?? '')} data-speaker={x.speaker}>
            <span className="team-history-meta">
              {String(x.meta?.fromDesk ?? '')} · {x.speaker === 'customer' ? t('team.history.customer') : t('team.history.answer')} · {formatDateTime(lang, x.createdAt)}
            </span>
            <p>{x.text}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
