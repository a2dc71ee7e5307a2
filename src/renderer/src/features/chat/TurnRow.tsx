// One row of the conversation: a customer question, or an answer (being written, finished, offline, failed)
// with its banners and actions. Each row subscribes to its own slice of the chat store.
import { memo, useCallback, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Turn } from '../../../../shared/domain';
import { copyText } from '../../app/clipboard';
import { useChat, useConnectivity, useDesk, useUi } from '../../app/context';
import { useLanguage, useT } from '../../i18n/react';
import { errorText } from '../../app/errors';
import { effectiveState } from '../../stores/connectivity';
import { isUnsupported, type AnswerView } from './answer-view';
import { AnswerExtras } from './AnswerExtras';
import { AnswerText } from './AnswerText';
import { copyWithSources, toPlainReply } from './format';
import { answerView, rowData, turnById } from './select';
import { withoutOfflineHeader } from '../../../../shared/offline-label';

export const TurnRow = memo(function TurnRow({ rowKey, questionTurnId }: { rowKey: string; questionTurnId: number | null }): ReactNode {
  const data = useChat(useShallow((s) => rowData(s, rowKey)));
  if (data.turn && data.turn.speaker !== 'assistant') return <QuestionBubble turn={data.turn} />;
  return <AnswerRow rowKey={rowKey} questionTurnId={questionTurnId} />;
});

function QuestionBubble({ turn }: { turn: Turn }): ReactNode {
  const t = useT();
  return (
    <div className={`turn turn-${turn.speaker}`} data-testid="turn" data-speaker={turn.speaker} data-status={turn.status}>
      <div className="turn-who">{turn.speaker === 'agent' ? t('chat.agent') : t('chat.customer')}</div>
      <div className="bubble bubble-question">{turn.text}</div>
      {turn.status === 'queued' && <div className="turn-status queued">{t('chat.status.queued')}</div>}
    </div>
  );
}

function AnswerRow({ rowKey, questionTurnId }: { rowKey: string; questionTurnId: number | null }): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { stores } = useDesk();
  const data = useChat(useShallow((s) => rowData(s, rowKey)));
  const view = useMemo(() => answerView(data), [data.turn, data.pending, data.result]);
  const questionStatus = useChat((s) => (questionTurnId !== null ? turnById(s.turns, questionTurnId)?.status : undefined));
  const online = useConnectivity((s) => effectiveState(s) !== 'offline' && s.connectivity?.state !== 'offline');
  const activeN = useUi((s) => (s.source?.answerKey === rowKey ? s.source.n : null));
  const sentDocs = view?.sentDocs;
  const unsupported = view?.unsupported;
  const check = useCallback((n: number) => isUnsupported({ sentDocs: sentDocs ?? [], unsupported: unsupported ?? [] }, n), [sentDocs, unsupported]);
  const onCite = useCallback(
    (n: number) => {
      const doc = sentDocs?.find((d) => d.n === n);
      stores.ui.getState().openSource({ answerKey: rowKey, docId: doc?.productId ?? null, n });
    },
    [sentDocs, rowKey, stores],
  );
  if (!view) return null;
  const live = view.status === 'streaming' && !!data.pending && data.pending.phase !== 'done';
  const phase = data.pending?.phase ?? 'done';
  const answerTurnId = data.turn?.id ?? data.pending?.answerTurnId ?? null;
  const hasText = view.text.trim() !== '';
  const chat = stores.chat.getState();
  const toast = (m: string) => stores.ui.getState().showToast(m);

  return (
    <div
      className={`turn turn-assistant${view.mode === 'offline' ? ' offline' : ''}`}
      data-testid="turn"
      data-speaker="assistant"
      data-status={view.status}
      data-mode={view.mode}
    >
      <div className="turn-who">
        {t('chat.assistant')}
        {live && <span className={`phase phase-${phase}`}>{t(`chat.phase.${phase}`)}</span>}
      </div>
      {view.mode === 'offline' && (
        <div className="label-offline" data-testid="offline-label">
          {t('chat.offlineLabel')}
        </div>
      )}
      {!live && view.escalation?.needed && (
        <div className="banner banner-escalation" data-testid="escalation" role="alert">
          <strong>{t('chat.escalation')}</strong>
          <span>{view.escalation.reason ?? t('chat.escalationNoReason')}</span>
        </div>
      )}
      {!live && view.noInformation && (
        <div className="banner banner-noinfo" data-testid="no-info">
          <strong>{t('chat.noInfoTitle')}</strong>
          <span>{t('chat.noInfoBody')}</span>
        </div>
      )}
      <div className={`bubble bubble-answer${live ? ' live' : ''}`} data-testid="answer" data-status={view.status} aria-busy={live}>
        {hasText ? (
          <AnswerText text={view.mode === 'offline' ? withoutOfflineHeader(view.text) : view.text} isUnsupported={check} onCite={onCite} activeN={activeN} live={live} />
        ) : live ? (
          <span className="typing" aria-hidden>
            <i />
            <i />
            <i />
          </span>
        ) : (
          <span className="muted">{view.error ? errorText(lang, view.error.type, view.error.message) : '—'}</span>
        )}
        {live && data.pending?.notice && <div className="notice">{data.pending.notice}</div>}
      </div>
      {view.status === 'interrupted' && (
        // A dropped connection is not the agent's Stop: say which.
        <div className="turn-status interrupted" data-reason={view.error?.type ?? 'stopped'}>
          {view.error?.type === 'dropped' ? t('errors.dropped') : t('chat.status.interrupted')}
        </div>
      )}
      {!live && (
        <AnswerActions
          view={view}
          canAskOnline={view.mode === 'offline' && questionStatus === 'queued' && questionTurnId !== null}
          online={online}
          onCopy={async () => toast((await copyText(copyWithSources(view.text, view.sentDocs))) ? t('chat.copied') : t('chat.copyFailed'))}
          onInsert={async () => toast((await copyText(toPlainReply(view.text))) ? t('chat.inserted') : t('chat.copyFailed'))}
          onRegenerate={questionTurnId !== null ? () => void chat.reask(questionTurnId) : undefined}
          onContinue={
            view.status === 'interrupted' && hasText && answerTurnId !== null && view.mode === 'online'
              ? () => void chat.continueAnswer(answerTurnId)
              : undefined
          }
          onAskOnline={() => questionTurnId !== null && void chat.reask(questionTurnId)}
          onSources={() => stores.ui.getState().openSource({ answerKey: rowKey, docId: null, n: null })}
        />
      )}
      {!live && hasText && <AnswerExtras view={view} answerTurnId={answerTurnId} />}
    </div>
  );
}

interface ActionsProps {
  view: AnswerView;
  canAskOnline: boolean;
  online: boolean;
  onCopy(): void;
  onInsert(): void;
  onRegenerate?: () => void;
  onContinue?: () => void;
  onAskOnline(): void;
  onSources(): void;
}

function AnswerActions(p: ActionsProps): ReactNode {
  const t = useT();
  const hasText = p.view.text.trim() !== '';
  return (
    <div className="answer-actions">
      {p.canAskOnline && (
        <button
          type="button"
          className="primary"
          data-testid="ask-online"
          disabled={!p.online}
          title={p.online ? undefined : t('chat.askOnlineLater')}
          onClick={p.onAskOnline}
        >
          {t('chat.askOnline')}
        </button>
      )}
      {hasText && (
        <button type="button" data-testid="copy-answer" onClick={p.onCopy}>
          {t('chat.copy')}
        </button>
      )}
      {hasText && (
        <button type="button" data-testid="insert-reply" onClick={p.onInsert}>
          {t('chat.insert')}
        </button>
      )}
      {p.onContinue && (
        <button type="button" data-testid="continue" onClick={p.onContinue}>
          {t('chat.continue')}
        </button>
      )}
      {p.onRegenerate && (
        <button type="button" data-testid="regenerate" onClick={p.onRegenerate}>
          {t('chat.regenerate')}
        </button>
      )}
      {p.view.sentDocs.length > 0 && (
        <button type="button" className="link" data-testid="show-sources" onClick={p.onSources}>
          {t('chat.sources', { count: p.view.sentDocs.length })}
        </button>
      )}
    </div>
  );
}
