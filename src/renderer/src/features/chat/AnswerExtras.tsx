// Under a finished answer: thumbs up / down (down asks for an optional reason), stored with the turn through
// chat.feedback; and "Details" on demand — time to first token, total time, cost, tokens, model, attempts.
import { useState, type ReactNode } from 'react';
import { useDesk } from '../../app/context';
import { errorText } from '../../app/errors';
import { formatNumber, formatUsd } from '../../i18n';
import { useLanguage, useT } from '../../i18n/react';
import type { AnswerFeedback, AnswerView } from './answer-view';

function ms(lang: Parameters<typeof formatNumber>[0], v: number | null): string | null {
  if (v === null) return null;
  return v < 1000 ? `${formatNumber(lang, Math.round(v))} ms` : `${formatNumber(lang, v / 1000, { maximumFractionDigits: 2 })} s`;
}

/** A thumb outline (no emoji font needed); pointing down when `down`. */
function Thumb({ down = false }: { down?: boolean }): ReactNode {
  return (
    <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden focusable="false" style={down ? { transform: 'rotate(180deg)' } : undefined}>
      <path
        d="M7 10v11H3V10h4zm2 11h8.3a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.7 10H14l.8-4.2a1.6 1.6 0 0 0-2.9-1.2L9 9.5V21z"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinejoin="round"
      />
    </svg>
  );
}

export function AnswerExtras({ view, answerTurnId }: { view: AnswerView; answerTurnId: number | null }): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { api, stores } = useDesk();
  const [open, setOpen] = useState(false);
  const [feedback, setFeedback] = useState<AnswerFeedback | null>(view.feedback);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState(view.feedback?.reason ?? '');

  const save = async (rating: 'up' | 'down' | null, why?: string) => {
    if (answerTurnId === null) return;
    const r = await api.invoke('chat.feedback', { answerTurnId, rating, ...(why ? { reason: why } : {}) });
    if (!r.ok) return stores.ui.getState().showToast(errorText(lang, r.error.code, r.error.message));
    setFeedback(r.data.rating ? { rating: r.data.rating, reason: r.data.reason } : null);
    stores.chat.setState((s) => ({
      turns: s.turns.map((x) => (x.id === answerTurnId ? { ...x, meta: { ...x.meta, feedback: r.data.rating ? { rating: r.data.rating, reason: r.data.reason } : undefined } } : x)),
    }));
    if (rating) stores.ui.getState().showToast(t('chat.feedbackSaved'));
  };

  const m = view.metrics;
  const offline = view.mode === 'offline';
  const rows: [string, string | null][] = offline
    ? []
    : [
        [t('chat.detailsTtft'), ms(lang, m?.ttftMs ?? null)],
        [t('chat.detailsLatency'), ms(lang, m?.latencyMs ?? null)],
        [t('chat.detailsCost'), m?.costUsd != null ? formatUsd(lang, m.costUsd) : null],
        [t('chat.detailsTokens'), m?.promptTokens != null ? `${formatNumber(lang, m.promptTokens)} / ${formatNumber(lang, m.completionTokens ?? 0)}` : null],
        [t('chat.detailsModel'), m?.model ?? null],
      ];

  return (
    <div className="answer-extras">
      {answerTurnId !== null && (
        <span className="feedback" role="group" aria-label={t('chat.feedbackTitle')}>
          <button
            type="button"
            className="icon"
            data-testid="feedback-up"
            aria-pressed={feedback?.rating === 'up'}
            title={t('chat.feedbackUp')}
            aria-label={t('chat.feedbackUp')}
            onClick={() => {
              setAsking(false);
              void save(feedback?.rating === 'up' ? null : 'up');
            }}
          >
            <Thumb />
          </button>
          <button
            type="button"
            className="icon"
            data-testid="feedback-down"
            aria-pressed={feedback?.rating === 'down'}
            title={t('chat.feedbackDown')}
            aria-label={t('chat.feedbackDown')}
            onClick={() => {
              if (feedback?.rating === 'down') {
                setAsking(false);
                void save(null);
              } else {
                setAsking(true);
                void save('down');
              }
            }}
          >
            <Thumb down />
          </button>
        </span>
      )}
      <button type="button" className="link" data-testid="answer-details-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('chat.details')}
      </button>
      {asking && (
        <form
          className="feedback-reason"
          onSubmit={(e) => {
            e.preventDefault();
            setAsking(false);
            void save('down', reason.trim() || undefined);
          }}
        >
          <input autoFocus data-testid="feedback-reason" value={reason} maxLength={1000} placeholder={t('chat.feedbackReason')} aria-label={t('chat.feedbackReason')} onChange={(e) => setReason(e.target.value)} />
          <button type="submit" data-testid="feedback-reason-save">
            {t('chat.feedbackSend')}
          </button>
        </form>
      )}
      {open && (
        <dl className="answer-details" data-testid="answer-details">
          {offline ? (
            <div>
              <dd>{t('chat.detailsOffline')}</dd>
            </div>
          ) : (
            rows.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v ?? t('chat.detailsNone')}</dd>
              </div>
            ))
          )}
          {!offline && m?.attempts != null && m.attempts > 1 && (
            <div>
              <dd>{t('chat.detailsAttempts', { count: m.attempts })}</dd>
            </div>
          )}
        </dl>
      )}
    </div>
  );
}
