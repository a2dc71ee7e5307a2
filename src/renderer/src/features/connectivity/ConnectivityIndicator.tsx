// Online / degraded / offline, why, and the questions waiting to be asked online: each can be opened, re-asked or
// dismissed, and all at once.
import { useState, type ReactNode } from 'react';
import { useConnectivity, useDesk } from '../../app/context';
import { useT } from '../../i18n/react';
import { effectiveState } from '../../stores/connectivity';

export function ConnectivityIndicator(): ReactNode {
  const t = useT();
  const { stores } = useDesk();
  const state = useConnectivity((s) => effectiveState(s));
  const stream = useConnectivity((s) => s.stream);
  const reason = useConnectivity((s) => s.connectivity?.reason ?? null);
  const queued = useConnectivity((s) => s.queued);
  const reasking = useConnectivity((s) => s.reasking);
  const [open, setOpen] = useState(false);
  // Kimi refuses the account (out of credit / key rejected): say what is wrong, not just "Degraded".
  const blocked = useConnectivity((s) => s.connectivity?.blocked ?? null);
  const label = stream === 'reconnecting' ? t('conn.reconnecting') : blocked ? t(`conn.blocked_${blocked}`) : t(`conn.${state}`);
  const conn = stores.connectivity.getState();
  return (
    <div className="connectivity-wrap">
      <button
        type="button"
        className={`connectivity state-${state}`}
        data-testid="connectivity"
        data-state={state}
        data-blocked={blocked ?? undefined}
        aria-expanded={open}
        title={reason ?? label}
        onClick={() => {
          setOpen(!open);
          if (!open) void conn.refresh();
        }}
      >
        <i className="dot" aria-hidden />
        <span>{label}</span>
        {queued.length > 0 && (
          <span className="badge" data-testid="queued-count">
            {t('conn.queued', { count: queued.length })}
          </span>
        )}
      </button>
      {open && (
        <div className="popover" role="dialog" aria-label={t('conn.title')}>
          <p className="small">
            <strong>{label}</strong>
            {reason ? ` — ${reason}` : ''}
          </p>
          <h4 className="small-head">{blocked ? t('conn.queuedHeld') : t('conn.queuedTitle')}</h4>
          {queued.length === 0 ? (
            <p className="muted small">{t('conn.queuedNone')}</p>
          ) : (
            <>
              <ul className="queued-list" data-testid="queued">
                {queued.map((q) => (
                  <li key={q.turn.id}>
                    <span className="queued-text">{q.turn.text}</span>
                    <button
                      type="button"
                      className="link"
                      onClick={() => {
                        setOpen(false);
                        stores.ui.getState().setScreen('chat');
                        void stores.chat.getState().openSession(q.sessionId);
                      }}
                    >
                      {t('conn.openSession')}
                    </button>
                    <button type="button" className="link" data-testid="queued-ask" disabled={reasking || state === 'offline'} onClick={() => void conn.askOne(q.turn.id)}>
                      {t('conn.askOnline')}
                    </button>
                    <button type="button" className="danger-link" data-testid="queued-dismiss" onClick={() => void conn.dismiss([q.turn.id])}>
                      {t('conn.dismiss')}
                    </button>
                  </li>
                ))}
              </ul>
              <button
                type="button"
                className="primary"
                data-testid="ask-all-online"
                disabled={reasking || state === 'offline'}
                onClick={() => void conn.askAllOnline()}
              >
                {reasking ? t('conn.askAllBusy') : t('conn.askAll')}
              </button>{' '}
              <button type="button" data-testid="dismiss-all" disabled={reasking} onClick={() => void conn.dismiss()}>
                {t('conn.dismissAll')}
              </button>
            </>
          )}
        </div>
      )}
    </div>
  );
}
