// The open conversation: the virtualised turn list, the error in words, and the composer.
import { useCallback, useMemo, type ReactNode } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { errorText } from '../../app/errors';
import { useChat, useDesk } from '../../app/context';
import { VirtualList } from '../../components/VirtualList';
import { useLanguage, useT } from '../../i18n/react';
import { isActive } from '../../stores/chat';
import { deriveItems, itemsSignature, type TurnItem } from './items';
import { SessionHeader } from './SessionHeader';
import { TurnRow } from './TurnRow';

function useItems(): TurnItem[] {
  // the signature changes only when rows come or go, not on every streamed frame
  const signature = useChat((s) => itemsSignature(deriveItems(s.turns, s.pending, s.sessionId)));
  const { stores } = useDesk();
  return useMemo(() => {
    const s = stores.chat.getState();
    return deriveItems(s.turns, s.pending, s.sessionId);
  }, [signature, stores]);
}

export function Conversation(): ReactNode {
  const t = useT();
  const items = useItems();
  const keys = useMemo(() => items.map((i) => i.key), [items]);
  const questionOf = useMemo(() => new Map(items.map((i) => [i.key, i.questionTurnId])), [items]);
  const { sessionId, loading, title } = useChat(useShallow((s) => ({ sessionId: s.sessionId, loading: s.loading, title: s.session?.title ?? null })));
  const renderRow = useCallback((key: string) => <TurnRow rowKey={key} questionTurnId={questionOf.get(key) ?? null} />, [questionOf]);
  return (
    <section className="conversation" aria-label={title ?? t('nav.chat')}>
      <SessionHeader />
      {loading ? (
        <div className="conversation-empty">{t('chat.loading')}</div>
      ) : (
        <VirtualList
          keys={keys}
          renderRow={renderRow}
          estimate={140}
          followBottom
          resetKey={sessionId}
          className="turns"
          testId="turns"
          empty={
            <div className="conversation-empty">
              <h3>{t('chat.emptyTitle')}</h3>
              <p>{t('chat.emptyBody')}</p>
            </div>
          }
        />
      )}
      <ChatError />
      <Composer />
    </section>
  );
}

function ChatError(): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { stores } = useDesk();
  const error = useChat((s) => s.error);
  if (!error) return null;
  const chat = stores.chat.getState();
  return (
    <div className="chat-error" data-testid="chat-error" role="alert">
      <div className="chat-error-text">
        <strong>{t('errors.title')}</strong> {errorText(lang, error.code, error.message)}
        {error.question && (
          <div className="kept">
            {t('errors.keptQuestion')} <q>{error.question}</q>
          </div>
        )}
      </div>
      <div className="chat-error-actions">
        {error.questionTurnId !== null && (
          <button type="button" data-testid="try-again" onClick={() => void chat.reask(error.questionTurnId!)}>
            {t('errors.tryAgain')}
          </button>
        )}
        <button type="button" className="link" onClick={() => chat.dismissError()}>
          {t('errors.dismiss')}
        </button>
      </div>
    </div>
  );
}

function Composer(): ReactNode {
  const t = useT();
  const { stores, mac } = useDesk();
  const draft = useChat((s) => s.draft);
  const sending = useChat((s) => s.sending);
  const busy = useChat((s) => Object.values(s.pending).some((p) => isActive(p) && p.sessionId === s.sessionId && s.sessionId !== null));
  const stopping = useChat((s) => Object.values(s.pending).some((p) => isActive(p) && p.stopping && p.sessionId === s.sessionId));
  const chat = stores.chat.getState();
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void chat.send();
      }}
    >
      <textarea
        data-testid="composer"
        value={draft}
        placeholder={t('chat.placeholder')}
        aria-label={t('chat.placeholder')}
        rows={3}
        onChange={(e) => chat.setDraft(e.target.value)}
      />
      <div className="composer-bar">
        <span className="hint">
          {t('chat.sendHint', { mod: mac ? '⌘' : 'Ctrl' })} · {t('chat.focusHint', { mod: mac ? '⌘' : 'Ctrl' })}
        </span>
        {busy && (
          <button type="button" className="danger" data-testid="stop" disabled={stopping} onClick={() => void chat.stop()}>
            {stopping ? t('chat.stopping') : t('chat.stop')}
          </button>
        )}
        <button type="submit" className="primary" data-testid="send" disabled={sending || draft.trim() === ''}>
          {t('chat.send')}
        </button>
      </div>
    </form>
  );
}
