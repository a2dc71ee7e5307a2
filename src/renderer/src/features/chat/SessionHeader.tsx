// The open session's header: its title (rename in place), the customer / ticket reference, transcript export
// (Markdown, plain text), archive / bring back, delete (asks once). Changes go through sessions.update / delete.
import { useEffect, useState, type ReactNode } from 'react';
import type { SessionSummary } from '../../../../shared/domain';
import { useChat, useDesk } from '../../app/context';
import { errorText } from '../../app/errors';
import { useLanguage, useT } from '../../i18n/react';
import { downloadText } from '../dashboard/load';

export function SessionHeader(): ReactNode {
  const t = useT();
  const lang = useLanguage();
  const { api, stores } = useDesk();
  const session = useChat((s) => s.session);
  const sessionId = useChat((s) => s.sessionId);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');
  const [ticket, setTicket] = useState('');
  const [confirmDelete, setConfirmDelete] = useState(false);
  useEffect(() => {
    setTicket(session?.customerId ?? '');
    setEditing(false);
    setConfirmDelete(false);
  }, [session?.id, session?.customerId]);

  if (!session || !sessionId) {
    return (
      <header className="conversation-head">
        <h2>{t('sessions.new')}</h2>
      </header>
    );
  }
  const toast = (m: string) => stores.ui.getState().showToast(m);
  const applied = (s: SessionSummary) => {
    stores.chat.setState({ session: s });
    void stores.sessions.getState().refresh();
  };
  const update = async (patch: { title?: string; customerId?: string | null; archived?: boolean }) => {
    const r = await api.invoke('sessions.update', { id: session.id, ...patch });
    if (r.ok) applied(r.data);
    else toast(errorText(lang, r.error.code, r.error.message));
    return r.ok;
  };
  const exportAs = async (format: 'markdown' | 'text') => {
    const r = await api.invoke('sessions.export', { id: session.id, format });
    if (r.ok) downloadText(document, r.data.fileName, r.data.text, format === 'markdown' ? 'text/markdown;charset=utf-8' : 'text/plain;charset=utf-8');
    else toast(errorText(lang, r.error.code, r.error.message));
  };
  const remove = async () => {
    const r = await api.invoke('sessions.delete', { id: session.id });
    if (!r.ok) return toast(errorText(lang, r.error.code, r.error.message));
    stores.chat.getState().newChat();
    void stores.sessions.getState().refresh();
    toast(t('sessions.deleted'));
  };

  return (
    <header className="conversation-head session-head" data-testid="session-head">
      {editing ? (
        <form
          className="session-rename"
          onSubmit={(e) => {
            e.preventDefault();
            if (title.trim()) void update({ title: title.trim() }).then((ok) => ok && setEditing(false));
          }}
        >
          <input
            autoFocus
            data-testid="session-title-input"
            aria-label={t('sessions.rename')}
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => e.key === 'Escape' && (e.stopPropagation(), setEditing(false))}
          />
          <button type="submit" className="primary" data-testid="session-title-save">
            {t('sessions.save')}
          </button>
        </form>
      ) : (
        <h2 className="session-name">
          <span data-testid="session-title">{session.title || t('sessions.untitled')}</span>
          <button
            type="button"
            className="link"
            data-testid="session-rename"
            onClick={() => {
              setTitle(session.title);
              setEditing(true);
            }}
          >
            {t('sessions.rename')}
          </button>
        </h2>
      )}
      <label className="session-ticket-field">
        <span>{t('sessions.ticket')}</span>
        <input
          data-testid="session-ticket"
          value={ticket}
          maxLength={200}
          placeholder={t('sessions.ticketPlaceholder')}
          onChange={(e) => setTicket(e.target.value)}
          onBlur={() => ticket.trim() !== (session.customerId ?? '') && void update({ customerId: ticket.trim() || null })}
          onKeyDown={(e) => e.key === 'Enter' && (e.currentTarget as HTMLInputElement).blur()}
        />
      </label>
      {session.agentId ? (
        <span className="session-agent-field" data-testid="session-agent" title={t('sessions.agentTitle')}>
          {t('sessions.agent', { agent: session.agentId })}
        </span>
      ) : null}
      <div className="session-actions">
        <button type="button" data-testid="export-md" onClick={() => void exportAs('markdown')} title={t('sessions.exportMdTitle')}>
          {t('sessions.exportMd')}
        </button>
        <button type="button" data-testid="export-txt" onClick={() => void exportAs('text')} title={t('sessions.exportTxtTitle')}>
          {t('sessions.exportTxt')}
        </button>
        <button type="button" data-testid="session-archive" onClick={() => void update({ archived: !session.archived })}>
          {session.archived ? t('sessions.unarchive') : t('sessions.archive')}
        </button>
        {confirmDelete ? (
          <span className="confirm">
            <button type="button" className="danger" data-testid="session-delete-confirm" onClick={() => void remove()}>
              {t('sessions.deleteConfirm')}
            </button>
            <button type="button" className="link" onClick={() => setConfirmDelete(false)}>
              {t('common.cancel')}
            </button>
          </span>
        ) : (
          <button type="button" className="danger-link" data-testid="session-delete" onClick={() => setConfirmDelete(true)}>
            {t('sessions.delete')}
          </button>
        )}
      </div>
    </header>
  );
}
