import { describe, expect, it } from 'vitest';
import { createLatencyTracker } from '../../src/main/llm/latency';
import { AUTO_BOUNDS, DEFAULT_BASE_URL, PROFILE_TIMEOUTS, kimiConfigFromEnv, timeoutsFor } from '../../src/main/llm/config';
import { MODEL_TABLE, resolveModel } from '../../src/main/llm/models';

describe('model table', () => {
  it('has the documented windows and sampling rules', () => {
    const w = Object.fromEntries(MODEL_TABLE.map((m) => [m.id, m.contextWindow]));
    expect(w).toMatchObject({ 'moonshot-v1-8k': 8_192, 'moonshot-v1-32k': 32_768, 'moonshot-v1-128k': 131_072, 'kimi-k2.6': 262_144, 'kimi-k3': 1_048_576 });
    expect(resolveModel('moonshot-v1-32k')).toMatchObject({ fixedSampling: false, temperatureRange: [0, 1], known: true });
    expect(resolveModel('kimi-k2.6').fixedSampling).toBe(true);
    expect(resolveModel('kimi-k3')).toMatchObject({ fixedSampling: true, thinking: true });
    for (const m of MODEL_TABLE) expect(m.maxOutput).toBeLessThan(m.contextWindow / 2);
  });

  it('unknown models get a conservative window and a note saying so', () => {
    const m = resolveModel('llama-local');
    expect(m).toMatchObject({ known: false, contextWindow: 32_768, fixedSampling: false });
    expect(m.note).toMatch(/Unknown model "llama-local".*conservative 32,768/);
    const c = resolveModel('llama-local', { fallbackWindow: 128_000 });
    expect(c.contextWindow).toBe(128_000);
    expect(c.note).toMatch(/configured 128,000/);
    expect(resolveModel('kimi-k2.7-preview').fixedSampling).toBe(true);
    expect(resolveModel('kimi-k2-0905-preview').fixedSampling).toBe(false);
  });

  it('notes a known model missing from the account list', () => {
    expect(resolveModel('kimi-k3', { listed: ['kimi-k2.6'] }).note).toMatch(/not in this account's model list/);
    expect(resolveModel('kimi-k3', { listed: ['kimi-k3'] }).note).toBeUndefined();
  });
});

describe('kimiConfigFromEnv', () => {
  it('defaults', () => {
    expect(kimiConfigFromEnv({})).toEqual({
      baseUrl: DEFAULT_BASE_URL,
      apiKey: undefined,
      model: 'kimi-k2.6',
      profile: 'auto',
      fallbackWindow: 32_768,
      warnings: [],
      fromEnv: { baseUrl: false, model: false, profile: false },
    });
  });

  it('reads every variable; KIMI_API_KEY wins over MOONSHOT_API_KEY', () => {
    const c = kimiConfigFromEnv({
      KIMI_BASE_URL: 'http://127.0.0.1:9000/v1/',
      KIMI_API_KEY: ' sk-a ',
      MOONSHOT_API_KEY: 'sk-b',
      KIMI_MODEL: 'moonshot-v1-8k',
      DESKMATE_PROFILE: 'Mobile',
      KIMI_CONTEXT_WINDOW: '65_536',
    });
    expect(c).toMatchObject({ baseUrl: 'http://127.0.0.1:9000/v1', apiKey: 'sk-a', model: 'moonshot-v1-8k', profile: 'mobile', fallbackWindow: 65_536 });
    expect(c.fromEnv).toEqual({ baseUrl: true, model: true, profile: true });
    expect(kimiConfigFromEnv({ MOONSHOT_API_KEY: 'sk-b', KIMI_API_KEY: '' }).apiKey).toBe('sk-b');
  });

  it('bad values fall back with a warning that never contains the key', () => {
    const c = kimiConfigFromEnv({ KIMI_BASE_URL: 'ftp://x', DESKMATE_PROFILE: 'turbo', KIMI_CONTEXT_WINDOW: 'lots', KIMI_API_KEY: 'sk-secret-1234' });
    expect(c.baseUrl).toBe(DEFAULT_BASE_URL);
    expect(c.profile).toBe('auto');
    expect(c.fromEnv).toEqual({ baseUrl: false, model: false, profile: false });
    expect(c.fallbackWindow).toBe(32_768);
    expect(c.warnings).toHaveLength(3);
    expect(c.warnings.join(' ')).not.toContain('sk-secret');
  });
});

describe('timeoutsFor', () => {
  it('fixed profiles', () => {
    expect(timeoutsFor('fast', undefined, {})).toEqual({ connectMs: 5_000, firstTokenMs: 20_000, idleMs: 15_000, answerMs: 180_000 });
    expect(timeoutsFor('mobile', undefined, {})).toEqual({ connectMs: 15_000, firstTokenMs: 45_000, idleMs: 30_000, answerMs: 180_000 });
  });

  it('the answer deadline comes from DESKMATE_ANSWER_DEADLINE_S (clamped), else 180 s', () => {
    expect(timeoutsFor('fast', undefined, { DESKMATE_ANSWER_DEADLINE_S: '30' }).answerMs).toBe(30_000);
    expect(timeoutsFor('auto', undefined, { DESKMATE_ANSWER_DEADLINE_S: '99999' }).answerMs).toBe(3_600_000);
    expect(timeoutsFor('auto', undefined, { DESKMATE_ANSWER_DEADLINE_S: 'soon' }).answerMs).toBe(180_000);
  });

  it('auto: mobile values until enough samples, then 3 × p95 within bounds', () => {
    expect(timeoutsFor('auto', undefined, {})).toEqual({ ...PROFILE_TIMEOUTS.mobile, answerMs: 180_000 });
    expect(timeoutsFor('auto', { ttftMs: [100, 200] }, {})).toEqual({ ...PROFILE_TIMEOUTS.mobile, answerMs: 180_000 });
    const t = timeoutsFor('auto', { ttftMs: [4_000, 5_000, 6_000, 5_500, 4_500], connectMs: [50, 60, 70, 80, 90], gapMs: [3_000, 3_000, 3_000, 3_000, 4_000] });
    expect(t.firstTokenMs).toBe(18_000);
    expect(t.connectMs).toBe(AUTO_BOUNDS.connectMs[0]);
    expect(t.idleMs).toBe(12_000);
    expect(timeoutsFor('auto', { ttftMs: [90_000, 90_000, 90_000, 90_000, 90_000] }).firstTokenMs).toBe(60_000);
  });

  it('auto: the p95 of 20 samples in any order, invalid ones left out; a frozen array gives the same as a plain one', () => {
    // 20 valid samples 1000..20000 shuffled (+ NaN, Infinity, a negative): p95 = the 19th smallest = 19000 → 57 s.
    const xs = [7, 3, 19, 1, 12, 20, 5, 14, 9, 2, 17, 11, 4, 16, 8, 13, 6, 18, 10, 15].map((k) => k * 1_000 + 0.25);
    const noisy = [...xs.slice(0, 5), NaN, ...xs.slice(5), Infinity, -3];
    expect(timeoutsFor('auto', { ttftMs: noisy }, {}).firstTokenMs).toBe(Math.round(19_000.25 * 3));
    const frozen = Object.freeze(noisy.slice());
    expect(timeoutsFor('auto', { ttftMs: frozen }, {}).firstTokenMs).toBe(Math.round(19_000.25 * 3));
    // asked again (the remembered p95 of that array)
    expect(timeoutsFor('auto', { ttftMs: frozen }, {}).firstTokenMs).toBe(Math.round(19_000.25 * 3));
    // more samples than the insertion sort takes (the typed-array sort): 1..300 reversed → p95 = the 285th smallest
    const many = Array.from({ length: 300 }, (_, k) => (300 - k) * 10);
    expect(timeoutsFor('auto', { gapMs: many }, {}).idleMs).toBe(Math.min(AUTO_BOUNDS.idleMs[1], 2_850 * 3));
    // only invalid samples: the mobile value
    expect(timeoutsFor('auto', { gapMs: Object.freeze([NaN, -1, -2, Infinity, NaN]) }, {}).idleMs).toBe(PROFILE_TIMEOUTS.mobile.idleMs);
  });
});

describe('createLatencyTracker', () => {
  it('one frozen snapshot per change, the last `size` samples of each series', () => {
    const t = createLatencyTracker(5);
    const a = t.observed();
    expect(t.observed()).toBe(a);
    for (let k = 1; k <= 7; k++) t.add({ ttftMs: k * 1_000, maxGapMs: k === 3 ? null : k * 100 });
    const b = t.observed();
    expect(b).not.toBe(a);
    expect(t.observed()).toBe(b);
    expect(b.ttftMs).toEqual([3_000, 4_000, 5_000, 6_000, 7_000]);
    expect(b.gapMs).toEqual([200, 400, 500, 600, 700]);
    expect(Object.isFrozen(b.ttftMs)).toBe(true);
    expect(timeoutsFor('auto', b, {}).firstTokenMs).toBe(21_000);
    t.add({ ttftMs: 9_000, maxGapMs: null });
    const c = t.observed();
    expect(c.ttftMs).toEqual([4_000, 5_000, 6_000, 7_000, 9_000]);
    expect(b.ttftMs).toEqual([3_000, 4_000, 5_000, 6_000, 7_000]);
    expect(timeoutsFor('auto', c, {}).firstTokenMs).toBe(27_000);
  });
});
