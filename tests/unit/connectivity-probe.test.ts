// While offline the desk probes soon and backs off (2 s, 3 s, 5 s, then 8 s); a success or a settings change starts
// over; a failed probe keeps the state but moves the check time (so a question soon after skips the network, and
// one OFFLINE_RECHECK_MS later tries it again).
import { describe, expect, it } from 'vitest';
import { ConnectivityMonitor, OFFLINE_RECHECK_MS, PROBE_DELAYS_MS } from '../../src/main/settings/connectivity';

describe('ConnectivityMonitor probe timing', () => {
  it('backs off while probes fail and starts over on success', () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const m = new ConnectivityMonitor('https://api.example.invalid/v1', () => true, () => new Date(now));
    m.reportFailure('network', 'Kimi is unreachable');
    expect(m.get().state).toBe('offline');
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      delays.push(m.nextProbeDelay());
      now += 1000;
      m.reportProbeFailure('still unreachable');
    }
    expect(delays).toEqual([2_000, 3_000, 5_000, 8_000, 8_000, 8_000]);
    expect(PROBE_DELAYS_MS.every((d) => d <= 8_000)).toBe(true);
    expect(m.get()).toMatchObject({ state: 'offline', reachable: false, lastError: 'still unreachable', checkedAt: new Date(now).toISOString() });
    m.reportSuccess();
    expect(m.get().state).toBe('online');
    expect(m.nextProbeDelay()).toBe(2_000);
    m.reportProbeFailure();
    m.reset('https://api.example.invalid/v1');
    expect(m.nextProbeDelay()).toBe(2_000);
  });

  it('the network is skipped only for a few seconds after a failure', () => {
    expect(OFFLINE_RECHECK_MS).toBeLessThanOrEqual(5_000);
  });
});
