// Online / degraded / offline, from what the last requests and probes saw. Emits a change to listeners.
import type { LlmErrorKind } from '../llm/errors';

export type ConnectivityState = 'online' | 'degraded' | 'offline';

export interface ConnectivitySnapshot {
  state: ConnectivityState;
  reason: string | null;
  checkedAt: string | null;
  baseUrl: string;
  /** null until something was tried. */
  reachable: boolean | null;
  lastError: string | null;
  /**
   * Kimi refuses this account: out of credit (`quota`) or the key rejected (`auth`). Asking again cannot work until
   * the key changes (reset) or a chat succeeds again; questions get the offline answer at once and stay queued.
   */
  blocked: 'quota' | 'auth' | null;
}

/**
 * While not online the desk probes the upstream soon and then less often: 2 s, 3 s, 5 s, then every 8 s (a failed
 * probe moves one step on; any success or a settings change starts over).
 */
export const PROBE_DELAYS_MS: readonly number[] = [2_000, 3_000, 5_000, 8_000];
/** How long after a failure seen (by a request or a probe) a new question skips the network (engine.ts). */
export const OFFLINE_RECHECK_MS = 4_000;

const OFFLINE_KINDS: ReadonlySet<LlmErrorKind> = new Set(['network', 'timeout']);
const DEGRADED_KINDS: ReadonlySet<LlmErrorKind> = new Set(['server', 'overloaded', 'rate_limit', 'stream_error']);

export class ConnectivityMonitor {
  private snap: ConnectivitySnapshot;
  private readonly listeners = new Set<(s: ConnectivitySnapshot) => void>();
  private failedProbes = 0;

  constructor(
    baseUrl: string,
    private hasKey: () => boolean,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.snap = { state: 'online', reason: null, checkedAt: null, baseUrl, reachable: null, lastError: null, blocked: null };
    this.refreshKeyState();
  }

  get(): ConnectivitySnapshot {
    return this.snap;
  }

  onChange(listener: (s: ConnectivitySnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The wait before the next background probe (PROBE_DELAYS_MS, one step further per failed probe). */
  nextProbeDelay(): number {
    return PROBE_DELAYS_MS[Math.min(this.failedProbes, PROBE_DELAYS_MS.length - 1)]!;
  }

  /** A background probe could not reach the upstream: the state stays, the check time moves, the next probe waits longer. */
  reportProbeFailure(message?: string): void {
    this.failedProbes++;
    this.snap = { ...this.snap, reachable: false, lastError: message ?? this.snap.lastError, checkedAt: this.clock().toISOString() };
  }

  /** After the key or base URL changed. */
  reset(baseUrl: string): void {
    this.failedProbes = 0;
    this.snap = { ...this.snap, baseUrl, reachable: null, lastError: null, blocked: null };
    this.update(this.hasKey() ? 'online' : 'offline', this.hasKey() ? null : 'No API key is set: answers come from the catalog.');
  }

  refreshKeyState(): void {
    if (!this.hasKey()) this.update('offline', 'No API key is set: answers come from the catalog.');
    else if (this.snap.reason?.startsWith('No API key')) this.update('online', null);
  }

  /**
   * A request or probe reached the upstream and got an answer. A probe (which needs no credit) keeps `blocked`;
   * only a chat answer (`chat: true`) or a new key clears it.
   */
  reportSuccess(opts: { chat?: boolean } = {}): void {
    this.failedProbes = 0;
    const blocked = opts.chat ? null : this.snap.blocked;
    const changed = blocked !== this.snap.blocked;
    this.snap = { ...this.snap, reachable: true, lastError: blocked ? this.snap.lastError : null, blocked };
    this.update(blocked ? 'degraded' : 'online', blocked ? this.snap.reason : null, changed);
  }

  /** A request failed; `message` is already in the agent's words. */
  reportFailure(kind: LlmErrorKind, message: string): void {
    if (kind === 'aborted') return;
    const reachable = !OFFLINE_KINDS.has(kind);
    const blocked = kind === 'quota' || kind === 'auth' ? kind : this.snap.blocked;
    const changed = blocked !== this.snap.blocked;
    this.snap = { ...this.snap, reachable, lastError: message, blocked };
    if (changed) {
      this.update('degraded', message, true);
      return;
    }
    if (OFFLINE_KINDS.has(kind)) this.update('offline', message);
    else if (DEGRADED_KINDS.has(kind)) this.update('degraded', message);
    else this.update(this.snap.state === 'offline' ? 'degraded' : this.snap.state, message);
  }

  private update(state: ConnectivityState, reason: string | null, force = false): void {
    const changed = force || state !== this.snap.state || reason !== this.snap.reason;
    this.snap = { ...this.snap, state, reason, checkedAt: this.clock().toISOString() };
    if (changed) for (const l of this.listeners) l(this.snap);
  }
}
