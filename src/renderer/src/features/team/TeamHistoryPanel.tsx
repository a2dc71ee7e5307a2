// Earlier conversation with this session's customer at other desks (team hub): what the next answer's prompt
// includes, shown apart from this desk's own turns, with the desk each turn came from. With the hub down, says that
// only this desk's history is used. Renders nothing without a hub or a customer.
import { useEffect, useState, type ReactElement } from 'react';
import type { TeamHistory } from '../../../../shared/team';
import { useChat, useDesk } from '../../app/context';
import './team.css';

export function TeamHistoryPanel(): ReactElement | null {
  const { api } = useDesk();
  const sessionId = useChat((s) => s.sessionId);
  const turnCount = useChat((s) => s.turns.length);
  const [h, setH] = useState<TeamHistory | null>(null);

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
  }, [api, sessionId, turnCount]);

  if (!h || h.source === 'none') return null;
  if (h.source === 'local') {
    return (
      <p className="team-history-note" data-testid="team-history" data-source="local" title={h.reason ?? undefined}>
        Team hub unreachable — answers use this desk’s history only.
      </p>
    );
  }
  if (h.turns.length === 0) return null;
  const desks = [...new Set(h.turns.map((t) => String(t.meta?.fromDesk ?? 'another desk')))];
  return (
    <details className="team-history" data-testid="team-history" data-source="hub">
      <summary>
        Earlier conversation from {desks.length === 1 ? `desk ${desks[0]}` : `${desks.length} other desks`} ({h.turns.length} turns)
      </summary>
      <ol>
        {h.turns.map((t) => (
          <li key={t.id} className={`team-history-turn ${t.speaker}`}>
            <span className="team-history-meta">
              {String(t.meta?.fromDesk ?? '')} · {t.speaker} · {new Date(t.createdAt).toLocaleString()}
            </span>
            <p>{t.text}</p>
          </li>
        ))}
      </ol>
    </details>
  );
}
