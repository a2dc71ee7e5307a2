// Team sync state in the top bar: nothing without a hub; otherwise up to date / syncing (first-sync progress) /
// "team sync paused" with its reason on hover. The hub URL never reaches the renderer; sync never shows in the chat.
import { useEffect, useState, type ReactNode } from 'react';
import type { HubSyncState } from '../../../../shared/hub';
import { useDesk } from '../../app/context';

function label(s: HubSyncState): string {
  if (s.state === 'paused') return 'Team sync paused';
  if (s.state === 'syncing' && s.progress && s.progress.total > 0) {
    const pct = Math.min(100, Math.floor((s.progress.pulled / s.progress.total) * 100));
    return s.progress.first ? `Team catalog: first sync ${pct}%` : `Team sync ${pct}%`;
  }
  if (s.state === 'syncing') return 'Team sync…';
  return s.behind ? `Team sync: ${s.behind.toLocaleString()} behind` : 'Team catalog up to date';
}

export function HubSyncIndicator(): ReactNode {
  const { api } = useDesk();
  const [s, setS] = useState<HubSyncState | null>(null);
  useEffect(() => {
    let live = true;
    void api.invoke('hub.status', {}).then((r) => {
      if (live && r.ok) setS(r.data);
    });
    const off = api.on('hub.sync', (p) => setS(p));
    return () => {
      live = false;
      off();
    };
  }, [api]);
  if (!s || !s.configured) return null;
  const title = [s.reason, s.lastSyncAt ? `last sync ${new Date(s.lastSyncAt).toLocaleString()}` : 'not synced yet', `desk ${s.deskName}`].filter(Boolean).join(' — ');
  const tone = s.state === 'paused' ? 'degraded' : 'online';
  return (
    <span className={`connectivity state-${tone}`} data-testid="hub-sync" data-state={s.state} title={title}>
      <i className="dot" aria-hidden />
      <span>{label(s)}</span>
    </span>
  );
}
