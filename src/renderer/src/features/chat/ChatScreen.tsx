// The chat screen: sessions | conversation | sources, with the context meter below them (engineering detail).
// Below 1200 px wide the side panels collapse: they open over the conversation from a toggle (sources also when a
// citation is clicked) and close on Esc, on picking a session, or on the toggle.
import { useEffect, type ReactNode } from 'react';
import { useChat, useDesk, useUi } from '../../app/context';
import { useT } from '../../i18n/react';
import { ContextMeter } from '../context/ContextMeter';
import { SourcesPanel } from '../sources/SourcesPanel';
import { Conversation } from './Conversation';
import { SessionsPanel } from './SessionsPanel';
import { TeamHistoryPanel } from '../team/TeamHistoryPanel';

export function ChatScreen(): ReactNode {
  const t = useT();
  const { stores } = useDesk();
  const panel = useUi((s) => s.panel);
  const hasSource = useUi((s) => s.source !== null);
  const sessionId = useChat((s) => s.sessionId);
  useEffect(() => {
    if (stores.ui.getState().panel === 'sessions') stores.ui.getState().setPanel(null);
  }, [sessionId, stores]);
  useEffect(() => {
    if (hasSource) stores.ui.getState().setPanel('sources');
    else if (stores.ui.getState().panel === 'sources') stores.ui.getState().setPanel(null);
  }, [hasSource, stores]);
  const toggle = (p: 'sessions' | 'sources') => stores.ui.getState().setPanel(panel === p ? null : p);
  return (
    <div className={`chat-screen${panel ? ` show-${panel}` : ''}`} data-testid="chat">
      <SessionsPanel />
      <div className="narrow-bar">
        <button type="button" data-testid="toggle-sessions" aria-expanded={panel === 'sessions'} onClick={() => toggle('sessions')}>
          ☰ {t('layout.sessions')}
        </button>
        <button type="button" data-testid="toggle-sources" aria-expanded={panel === 'sources'} onClick={() => toggle('sources')}>
          {t('layout.sources')} ▸
        </button>
      </div>
      <Conversation />
      <div className="side" data-testid="side">
        <TeamHistoryPanel />
        <SourcesPanel />
        <ContextMeter />
      </div>
      {panel && <div className="panel-scrim" onMouseDown={() => stores.ui.getState().setPanel(null)} />}
    </div>
  );
}
