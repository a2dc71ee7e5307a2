// When the outbox push runs: every interval while rows wait, and soon after an answer ends — bursts of answers in one
// push, pushes at least PUSH_GAP_MS apart, one more push for answers that ended while a push ran. (The push itself
// against a real hub: tests/hub/team-routes.test.ts and tests/integration/serve-hub.test.ts.)
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesced, pushEveryFrom, PUSH_EVERY_MS, PUSH_GAP_MS, PUSH_SOON_MS, relayPushSoon, startBackgroundPush, PUSH_SOON_EVENT } from '../../src/main/hub/outbox-handlers';
import type { TeamHub } from '../../src/main/hub/outbox-team';
import { createEventBus } from '../../src/main/routes';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalesced', () => {
  it('runs once for a burst, after the delay, and keeps the gap between runs', async () => {
    const runs: number[] = [];
    const c = coalesced(() => runs.push(performance.now()), 25, 250);
    const t0 = performance.now();
    c.call();
    c.call();
    await vi.advanceTimersByTimeAsync(24);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs.map((t) => t - t0)).toEqual([25]);
    c.call(); // 25 ms after the first run: waits for the gap
    await vi.advanceTimersByTimeAsync(200);
    expect(runs).toHaveLength(1);
    c.call(); // joins the one due
    await vi.advanceTimersByTimeAsync(100);
    expect(runs.map((t) => t - t0)).toEqual([25, 275]);
    c.call();
    c.cancel();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(runs).toHaveLength(2);
  });
});

/** A team hub whose pushes take `pushMs` and which counts them (the scheduling is what is tested here). */
function fakeTeam(pushMs: number): { team: TeamHub; pushes: number[]; waiting: { n: number } } {
  const pushes: number[] = [];
  const waiting = { n: 0 };
  const team = {
    deskName: 'd',
    outbox: () => ({ enabled: true, waiting: waiting.n, pushed: 0, lastPushAt: null, lastError: null, paused: false }),
    push: async () => {
      pushes.push(performance.now());
      const n = waiting.n;
      await new Promise((r) => setTimeout(r, pushMs));
      waiting.n -= n; // what was waiting when the push read the outbox
      return { pushed: n, batches: 1, waiting: waiting.n };
    },
    warm: async () => {},
  } as unknown as TeamHub;
  return { team, pushes, waiting };
}

describe('startBackgroundPush', () => {
  it('pushes soon after an answer, not only on the interval; answers during a push get one more push', async () => {
    const { team, pushes, waiting } = fakeTeam(100);
    const bg = startBackgroundPush(() => team, createEventBus(), 60_000);
    const t0 = performance.now();
    waiting.n = 4;
    bg.soon();
    bg.soon();
    await vi.advanceTimersByTimeAsync(PUSH_SOON_MS);
    expect(pushes.map((t) => t - t0)).toEqual([PUSH_SOON_MS]);
    // an answer ends while that push runs: its rows may have come after the push read the outbox
    await vi.advanceTimersByTimeAsync(50);
    waiting.n += 4;
    bg.soon();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(pushes.map((t) => t - t0)).toEqual([PUSH_SOON_MS, PUSH_SOON_MS + PUSH_GAP_MS]);
    expect(waiting.n).toBe(0);
    // nothing asked, nothing waiting: no push until the interval (which only warms the connection then)
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pushes).toHaveLength(2);
    waiting.n = 1;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(pushes).toHaveLength(3);
    bg.stop();
    waiting.n = 1;
    bg.soon();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(pushes).toHaveLength(3);
  });

  it('a push asked for while a slow push runs follows it (never two at once)', async () => {
    const { team, pushes, waiting } = fakeTeam(400);
    const bg = startBackgroundPush(() => team, createEventBus(), 60_000);
    const t0 = performance.now();
    waiting.n = 2;
    bg.soon();
    await vi.advanceTimersByTimeAsync(50);
    waiting.n += 2;
    bg.soon(); // due at 25 + gap, when the first push still runs: it goes right after that one ends (+ the delay)
    await vi.advanceTimersByTimeAsync(2_000);
    expect(pushes.map((t) => t - t0)).toEqual([PUSH_SOON_MS, PUSH_SOON_MS + 400 + PUSH_SOON_MS]);
    expect(waiting.n).toBe(0);
    bg.stop();
  });

  it('after a failed push, answers wait for the interval (an unreachable hub is tried once per interval)', async () => {
    const { team, pushes, waiting } = fakeTeam(10);
    let down = true;
    const push = team.push.bind(team);
    team.push = async () => {
      if (!down) return push();
      pushes.push(performance.now());
      throw new Error('hub unreachable');
    };
    const bg = startBackgroundPush(() => team, createEventBus(), 2_000);
    waiting.n = 3;
    bg.soon();
    await vi.advanceTimersByTimeAsync(PUSH_SOON_MS);
    expect(pushes).toHaveLength(1); // failed
    for (let i = 0; i < 8; i++) {
      bg.soon();
      await vi.advanceTimersByTimeAsync(PUSH_GAP_MS);
    }
    expect(pushes).toHaveLength(2); // only the interval's, at 2 s (8 × 250 ms of answers asked for none)
    down = false;
    await vi.advanceTimersByTimeAsync(2_000); // the interval's push works again
    expect(pushes).toHaveLength(3);
    expect(waiting.n).toBe(0);
    waiting.n = 1;
    bg.soon();
    await vi.advanceTimersByTimeAsync(PUSH_GAP_MS);
    expect(pushes).toHaveLength(4); // answers ask for pushes again
    bg.stop();
  });

  it('does nothing without a hub', async () => {
    const bg = startBackgroundPush(() => null, createEventBus(), 1_000);
    bg.soon();
    await vi.advanceTimersByTimeAsync(5_000);
    bg.stop();
  });
});

describe('relayPushSoon (deskmate serve on several processes)', () => {
  function link(): { sent: string[]; listeners: ((e: string, p: unknown) => void)[]; publish(e: string, p: unknown): void; onEvent(l: (e: string, p: unknown) => void): () => void } {
    const l = {
      sent: [] as string[],
      listeners: [] as ((e: string, p: unknown) => void)[],
      publish: (e: string) => void l.sent.push(e),
      onEvent: (f: (e: string, p: unknown) => void) => {
        l.listeners.push(f);
        return () => undefined;
      },
    };
    return l;
  }
  function desk(team: boolean): { stored: (() => void)[]; soon: number; onAnswerStored(f: () => void): () => void; team(): TeamHub | null; pushSoon(): void } {
    const d = {
      stored: [] as (() => void)[],
      soon: 0,
      onAnswerStored: (f: () => void) => {
        d.stored.push(f);
        return () => void d.stored.splice(d.stored.indexOf(f), 1);
      },
      team: () => (team ? ({} as TeamHub) : null),
      pushSoon: () => void d.soon++,
    };
    return d;
  }

  it('a follower tells the leader at most once per gap while a hub is configured; the leader pushes when told', async () => {
    const f = desk(true);
    const fl = link();
    const off = relayPushSoon(f, fl, 'follower');
    for (let i = 0; i < 50; i++) f.stored.forEach((s) => s());
    await vi.advanceTimersByTimeAsync(1);
    expect(fl.sent).toEqual([PUSH_SOON_EVENT]);
    f.stored.forEach((s) => s());
    await vi.advanceTimersByTimeAsync(PUSH_GAP_MS);
    expect(fl.sent).toEqual([PUSH_SOON_EVENT, PUSH_SOON_EVENT]);
    off();
    expect(f.stored).toHaveLength(0);

    const none = desk(false);
    const nl = link();
    relayPushSoon(none, nl, 'follower');
    none.stored.forEach((s) => s());
    await vi.advanceTimersByTimeAsync(1_000);
    expect(nl.sent).toEqual([]);

    const leader = desk(true);
    const ll = link();
    relayPushSoon(leader, ll, 'leader');
    ll.listeners.forEach((l) => l('retrieval.searchResults', []));
    expect(leader.soon).toBe(0);
    ll.listeners.forEach((l) => l(PUSH_SOON_EVENT, null));
    expect(leader.soon).toBe(1);
  });
});

describe('DESKMATE_HUB_PUSH_MS', () => {
  it('sets the interval; a bad value is named and the default kept', () => {
    expect(pushEveryFrom({})).toEqual({ ms: PUSH_EVERY_MS });
    expect(pushEveryFrom({ DESKMATE_HUB_PUSH_MS: '600000' })).toEqual({ ms: 600_000 });
    const bad = pushEveryFrom({ DESKMATE_HUB_PUSH_MS: '5' });
    expect(bad.ms).toBe(PUSH_EVERY_MS);
    expect(bad.warning).toMatch(/DESKMATE_HUB_PUSH_MS .* "5"/);
  });
});
