// `deskmate serve --spread load`: which processes accept new connections, decided from their CPU samples.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPILL, SPILL_ENV, SpillControl, SPLIT_ECONOMY, spillSettings, type SpillSettings } from '../../src/main/http/cluster-spill';

const S: SpillSettings = { up: 0.8, down: 0.7, upMs: 1_000, downMs: 3_000, warmStreams: 1_000 };

/** Feeds `loads` every 250 ms for `ms` from `t`; returns the time after and every answer. */
function feed(c: SpillControl, t: number, ms: number, loads: number[] | ((t: number) => number[]), warm = true): { t: number; seen: number[] } {
  const seen: number[] = [];
  for (const end = t + ms; t < end; t += 250) seen.push(c.sample(t, typeof loads === 'function' ? loads(t) : loads, warm));
  return { t, seen };
}

describe('SpillControl', () => {
  it('starts with every follower accepting, and gathers the load in the leader once it fits there for downMs', () => {
    const c = new SpillControl(1, S);
    expect(c.active).toBe(1);
    // leader 0.35 + follower 0.3 = 0.65; × SPLIT_ECONOMY = 0.52 < 0.7 in one process
    const { seen } = feed(c, 0, 5_000, [0.35, 0.3]);
    const first = seen.indexOf(0);
    expect(first).toBeGreaterThan(0);
    // not before a whole downMs of samples (3 s at 250 ms), and then at once
    expect(first).toBeGreaterThanOrEqual(3_000 / 250);
    expect(first).toBeLessThanOrEqual(3_000 / 250 + 1);
    expect(seen.slice(first).every((a) => a === 0)).toBe(true);
  });

  it('keeps the load spread while the leader is cold (fewer than warmStreams served)', () => {
    const c = new SpillControl(1, S);
    expect(feed(c, 0, 10_000, [0.2, 0.2], false).seen.every((a) => a === 1)).toBe(true);
    expect(feed(c, 10_000, 4_000, [0.2, 0.2], true).seen.at(-1)).toBe(0);
  });

  it('keeps both when the summed load would not fit in one process', () => {
    const c = new SpillControl(1, S);
    // 0.5 + 0.45 = 0.95 × 0.8 = 0.76 > 0.7
    expect(feed(c, 0, 20_000, [0.5, 0.45]).seen.every((a) => a === 1)).toBe(true);
    expect((0.95 * SPLIT_ECONOMY) / 1).toBeGreaterThan(S.down);
  });

  it('spills to one more follower when the mean over upMs is above up, one follower at a time', () => {
    const c = new SpillControl(2, S);
    let t = feed(c, 0, 4_000, [0.1, 0.1, 0.1]).t; // → 1 follower after 3 s (0.3 × 0.8 / 2 < 0.7) …
    t = feed(c, t, 4_000, [0.1, 0.1]).t; // … → 0
    expect(c.active).toBe(0);
    // the leader alone at 0.9: one follower after a whole second, not at the first sample
    const up = feed(c, t, 2_000, () => (c.active === 0 ? [0.9] : [0.6, 0.6]));
    expect(up.seen.slice(0, 3)).toEqual([0, 0, 0]);
    expect(up.seen).toContain(1);
    expect(up.seen).not.toContain(2);
    // both busy (mean 0.85 > 0.8): the second follower after another second
    const more = feed(c, up.t, 1_500, [0.85, 0.85]);
    expect(more.seen.at(-1)).toBe(2);
  });

  it('does not flap on single noisy samples: one sample of 0.95 among 0.5s moves nothing', () => {
    const c = new SpillControl(1, S);
    const t = feed(c, 0, 4_000, [0.3, 0.2]).t;
    expect(c.active).toBe(0);
    const seen = feed(c, t, 20_000, (x) => [Math.round(x / 250) % 8 === 0 ? 0.95 : 0.5]).seen;
    expect(seen.every((a) => a === 0)).toBe(true);
    // nor does one low sample make it gather: 0.6 + 0.55 with a dip to 0.1 (the 3-s mean stays ≥ 0.97 → 0.78 > 0.7)
    const d = new SpillControl(1, S);
    expect(feed(d, 0, 20_000, (x) => (Math.round(x / 250) % 8 === 0 ? [0.05, 0.05] : [0.6, 0.55])).seen.every((a) => a === 1)).toBe(true);
  });

  it('counts a process above one core as one, and a missing sample as idle', () => {
    const c = new SpillControl(1, S);
    // [3] alone would be a mean of 3; as 1 (+ the follower not heard from: 0) the sum is 1 → 0.8 ≥ 0.7: stays
    expect(feed(c, 0, 10_000, [3]).seen.every((a) => a === 1)).toBe(true);
  });
});

describe(`spillSettings (${SPILL_ENV})`, () => {
  it('reads UP,DOWN, the periods and the warm count; defaults when unset', () => {
    expect(spillSettings(undefined)).toEqual(DEFAULT_SPILL);
    expect(spillSettings(' ')).toEqual(DEFAULT_SPILL);
    expect(spillSettings('0.9,0.6')).toEqual({ ...DEFAULT_SPILL, up: 0.9, down: 0.6 });
    expect(spillSettings('0.9,0.6,200,400')).toEqual({ ...DEFAULT_SPILL, up: 0.9, down: 0.6, upMs: 200, downMs: 400 });
    expect(spillSettings('0.9, 0.6, 200, 400, 0')).toEqual({ up: 0.9, down: 0.6, upMs: 200, downMs: 400, warmStreams: 0 });
  });

  it('refuses bad values with an error naming the variable', () => {
    for (const bad of ['0.9', '0.6,0.9', '2,1', 'a,b', '0.9,0.6,100', '0.9,0.6,-1,5', '0.9,0.6,1,2,3,4']) {
      expect(() => spillSettings(bad)).toThrow(new RegExp(`${SPILL_ENV}: "${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}" is not understood`));
    }
  });
});
