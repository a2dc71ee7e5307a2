// Team sync state in the top bar: nothing without a hub; otherwise up to date / syncing (first-sync progress) /
// "team sync paused" with its reason on hover — with the number of rows the desk's outbox holds while the hub is
// unreachable ("Team sync paused — N waiting"). The hub URL never reaches the renderer; sync never shows in the chat.
import type { ReactNode } from 'react';
import type { HubSyncState } from '../../../../shared/hub';
import { useDesk } from '../../app/context';
import { useLiveValue } from '../../app/live';
import { useLanguage, useT } from '../../i18n/react';
import { formatDateTime, type T } from '../../i18n';

function label(s: HubSyncState, t: T): string {
  if (s.state === 'paused') return t('team.sync.paused');
  if (s.state === 'syncing' && s.progress && s.progress.total > 0) {
    const pct = Math.min(100, Math.floor((s.progress.pulled / s.progress.total) * 100));
    return s.progress.first ? t('team.sync.first', { pct }) : t('team.sync.progress', { pct });
  }
  if (s.state === 'syncing') return t('team.sync.running');
  return s.behind ? t('team.sync.behind', { count: s.behind }) : t('team.sync.upToDate');
}

export function HubSyncIndicator(): ReactNode {
  const { api } = useDesk();
  const t = useT();
  const lang = useLanguage();
  const s = useLiveValue(api, 'hub.status', 'hub.sync');
  // the desk's outbox (sessions, turns, usage for the team): while the hub is unreachable, how many rows wait
  const o = useLiveValue(api, 'team.outbox', 'team.outbox');
  const outboxPaused = o?.enabled === true && o.paused;
  if ((!s || !s.configured) && !outboxPaused) return null;
  const title = s
    ? [s.reason, s.lastSyncAt ? t('team.sync.lastSync', { time: formatDateTime(lang, s.lastSyncAt) }) : t('team.sync.never'), t('team.sync.desk', { desk: s.deskName })]
        .filter(Boolean)
        .join(' — ')
    : (o?.lastError ?? '');
  const tone = s?.state === 'paused' || outboxPaused ? 'degraded' : 'online';
  return (
    <span className={`connectivity state-${tone}`} data-testid="hub-sync" data-state={s?.state ?? 'paused'} data-outbox-waiting={o?.waiting ?? 0} title={title}>
      <i className="dot" aria-hidden />
      <span>{outboxPaused ? t('team.outbox.paused', { count: o.waiting }) : s ? label(s, t) : ''}</span>
    </span>
  );
}
