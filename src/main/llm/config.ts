// Kimi connection settings from the environment, and request timeouts per connection profile.
import { DEFAULT_FALLBACK_WINDOW } from './models';

export type ConnectionProfile = 'fast' | 'mobile' | 'auto';

export interface KimiConfig {
  /** OpenAI-compatible base URL including `/v1`, no trailing slash. */
  baseUrl: string;
  /** Undefined when no key is set (the engine then answers offline). */
  apiKey: string | undefined;
  model: string;
  profile: ConnectionProfile;
  /** Context window assumed for models not in MODEL_TABLE. */
  fallbackWindow: number;
  /** Settings that were present but unusable, in words (never contains the key). */
  warnings: string[];
  /** Which of baseUrl / model / profile the environment set (KIMI_BASE_URL, KIMI_MODEL, DESKMATE_PROFILE). */
  fromEnv: { baseUrl: boolean; model: boolean; profile: boolean };
}

/** Where an effective setting came from, as `deskmate stats` shows it. */
export type SettingSource = 'env' | 'settings' | 'default';

/** The environment variable behind each env-backed setting (for messages and help). */
export const ENV_NAMES = { baseUrl: 'KIMI_BASE_URL', model: 'KIMI_MODEL', profile: 'DESKMATE_PROFILE' } as const;

/**
 * The one precedence rule. Headless (CLI, `serve`): environment > stored settings > default. The desktop app:
 * stored settings (its Settings screen) > environment > default.
 */
export const PRECEDENCE_HELP =
  'Settings precedence: for the CLI and serve, KIMI_BASE_URL / KIMI_MODEL / DESKMATE_PROFILE in the environment win over ' +
  'stored settings (then the defaults). The API key is sent only to the origin it was entered for: the environment key ' +
  "to KIMI_BASE_URL's origin (default https://api.moonshot.ai), a key typed into settings to the base URL's origin at " +
  'that moment; changing the base URL to another origin drops a typed key. `deskmate stats` shows the effective base URL ' +
  'and where it came from.';

export const DEFAULT_BASE_URL = 'https://api.moonshot.ai/v1';
export const DEFAULT_MODEL = 'kimi-k2.6';

function value(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * Reads KIMI_BASE_URL, KIMI_API_KEY (else MOONSHOT_API_KEY), KIMI_MODEL, DESKMATE_PROFILE, KIMI_CONTEXT_WINDOW.
 * Pure: pass `process.env` (or a test object).
 */
export function kimiConfigFromEnv(env: Readonly<Record<string, string | undefined>>): KimiConfig {
  const warnings: string[] = [];
  let baseUrl = value(env, 'KIMI_BASE_URL') ?? DEFAULT_BASE_URL;
  let baseUrlFromEnv = value(env, 'KIMI_BASE_URL') !== undefined;
  try {
    const u = new URL(baseUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    warnings.push(`KIMI_BASE_URL is not an http(s) URL; using ${DEFAULT_BASE_URL}.`);
    baseUrl = DEFAULT_BASE_URL;
    baseUrlFromEnv = false;
  }
  baseUrl = baseUrl.replace(/\/+$/, '');
  const rawProfile = value(env, 'DESKMATE_PROFILE')?.toLowerCase();
  let profile: ConnectionProfile = 'auto';
  if (rawProfile === 'fast' || rawProfile === 'mobile' || rawProfile === 'auto') profile = rawProfile;
  else if (rawProfile !== undefined) warnings.push(`DESKMATE_PROFILE must be fast, mobile or auto; using auto.`);
  const rawWindow = value(env, 'KIMI_CONTEXT_WINDOW');
  let fallbackWindow = DEFAULT_FALLBACK_WINDOW;
  if (rawWindow !== undefined) {
    const n = Number(rawWindow.replace(/[_,]/g, ''));
    if (Number.isInteger(n) && n >= 1_024) fallbackWindow = n;
    else warnings.push(`KIMI_CONTEXT_WINDOW must be a whole number of tokens (at least 1024); using ${DEFAULT_FALLBACK_WINDOW}.`);
  }
  return {
    baseUrl,
    apiKey: value(env, 'KIMI_API_KEY') ?? value(env, 'MOONSHOT_API_KEY'),
    model: value(env, 'KIMI_MODEL') ?? DEFAULT_MODEL,
    profile,
    fallbackWindow,
    warnings,
    fromEnv: { baseUrl: baseUrlFromEnv, model: value(env, 'KIMI_MODEL') !== undefined, profile: rawProfile === profile },
  };
}

/** Deadlines of one attempt, in milliseconds. */
export interface Timeouts {
  /** Request sent → response headers (Moonshot sends headers as soon as it accepts the request). */
  connectMs: number;
  /** Request sent → first streamed token (answer or reasoning). Long prompts need most of this. */
  firstTokenMs: number;
  /** Longest silence between two streamed tokens once the answer has started. */
  idleMs: number;
  /**
   * The whole answer, every attempt and wait included (default 180 s; env DESKMATE_ANSWER_DEADLINE_S). A stream that
   * trickles a token every few seconds never trips `idleMs`; this ends it, keeping what arrived.
   */
  answerMs?: number;
}

/** The deadlines the `auto` profile adapts from observations. */
type AdaptiveKey = 'connectMs' | 'firstTokenMs' | 'idleMs';

/** The answer deadline from DESKMATE_ANSWER_DEADLINE_S (seconds, clamped to 5–3600), else 180 s. */
export function answerDeadlineMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.DESKMATE_ANSWER_DEADLINE_S);
  return Number.isFinite(v) && v > 0 ? Math.round(Math.min(3600, Math.max(5, v)) * 1000) : 180_000;
}

/** Recent measurements of this machine's connection, for the `auto` profile (ms, any order). */
export interface ObservedLatency {
  connectMs?: readonly number[];
  ttftMs?: readonly number[];
  /** Gaps between consecutive chunks. */
  gapMs?: readonly number[];
}

/**
 * The numbers:
 * - fast (wired/office):   connect 5 s,  first token 20 s, idle 15 s
 * - mobile (tethered/weak): connect 15 s, first token 45 s, idle 30 s
 * - auto: each deadline is 3 × the p95 of recent observations (at least 5 samples), clamped to
 *   connect 3–15 s, first token 10–60 s, idle 8–30 s; without enough samples a deadline uses the mobile value.
 */
export const PROFILE_TIMEOUTS: Readonly<Record<'fast' | 'mobile', Required<Pick<Timeouts, AdaptiveKey>>>> = {
  fast: { connectMs: 5_000, firstTokenMs: 20_000, idleMs: 15_000 },
  mobile: { connectMs: 15_000, firstTokenMs: 45_000, idleMs: 30_000 },
};

export const AUTO_BOUNDS: Readonly<Record<AdaptiveKey, readonly [number, number]>> = {
  connectMs: [3_000, 15_000],
  firstTokenMs: [10_000, 60_000],
  idleMs: [8_000, 30_000],
};

const AUTO_MIN_SAMPLES = 5;

/** p95 of each frozen sample array seen (the latency tracker's snapshots: one per observation change, asked for on
 * every answer). A frozen array cannot change, so its p95 is worked out once. */
const P95_OF = new WeakMap<readonly number[], number>();

/** Reused by p95 (no array, no boxed double per comparison). */
let scratch = new Float64Array(64);

function p95(samples: readonly number[]): number {
  const frozen = Object.isFrozen(samples);
  if (frozen) {
    const known = P95_OF.get(samples);
    if (known !== undefined) return known;
  }
  if (scratch.length < samples.length) scratch = new Float64Array(samples.length);
  const sorted = scratch;
  let n = 0;
  if (samples.length <= 256) {
    // Insertion sort of the valid samples (the tracker keeps 50): ~1 µs, nothing allocated.
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (!(Number.isFinite(s) && s >= 0)) continue;
      let j = n++;
      for (; j > 0 && sorted[j - 1]! > s; j--) sorted[j] = sorted[j - 1]!;
      sorted[j] = s;
    }
  } else {
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      if (Number.isFinite(s) && s >= 0) sorted[n++] = s;
    }
    sorted.subarray(0, n).sort();
  }
  const v = n === 0 ? NaN : sorted[Math.min(n - 1, Math.ceil(n * 0.95) - 1)]!;
  if (frozen) P95_OF.set(samples, v);
  return v;
}

function adapt(samples: readonly number[] | undefined, key: AdaptiveKey): number {
  const [lo, hi] = AUTO_BOUNDS[key];
  if (!samples || samples.length < AUTO_MIN_SAMPLES) return PROFILE_TIMEOUTS.mobile[key];
  const v = p95(samples) * 3;
  if (!Number.isFinite(v)) return PROFILE_TIMEOUTS.mobile[key];
  return Math.round(Math.min(hi, Math.max(lo, v)));
}

export function timeoutsFor(profile: ConnectionProfile, observed?: ObservedLatency, env: NodeJS.ProcessEnv = process.env): Timeouts {
  if (profile !== 'auto') return { ...PROFILE_TIMEOUTS[profile], answerMs: answerDeadlineMs(env) };
  return {
    connectMs: adapt(observed?.connectMs, 'connectMs'),
    firstTokenMs: adapt(observed?.ttftMs, 'firstTokenMs'),
    idleMs: adapt(observed?.gapMs, 'idleMs'),
    answerMs: answerDeadlineMs(env),
  };
}
