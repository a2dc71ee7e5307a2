// The chat screen: sessions | conversation | sources, with the context meter below them (engineering detail).
import type { ReactNode } from 'react';
import { ContextMeter } from '../context/ContextMeter';
import { SourcesPanel } from '../sources/SourcesPanel';
import { Conversation } from './Conversation';
import { SessionsPanel } from './SessionsPanel';
import { TeamHistoryPanel } from '../team/TeamHistoryPanel';

export function ChatScreen(): ReactNode {
  return (
    <div className="chat-screen" data-testid="chat">
      <SessionsPanel />
      <Conversation />
      <div className="side">
        <TeamHistoryPanel />
        <SourcesPanel />
        <ContextMeter />
      </div>
    </div>
  );
}
