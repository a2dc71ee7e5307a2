// Pure helpers for the charts: scales, "nice" axis ticks and value formats.
import { formatDateTime, formatNumber, type Language } from '../../i18n';

export type Scale = (v: number) => number;

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps everything to r0. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  if (span === 0) return () => r0;
  return (v) => r0 + ((v - d0) / span) * (r1 - r0);
}

/** A step of 1, 2, 2.5 or 5 × 10^k that splits [0, max] into about `count` intervals. */
export function niceStep(max: number, count: number): number {
  if (!(max > 0) || count < 1) return 1;
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  const mult = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  return mult * mag;
}

/** Ticks from 0 up to the first multiple of the step at or above `max` (always at least [0, step]). */
export function niceTicks(max: number, count = 4): number[] {
  const step = niceStep(max, count);
  const top = max > 0 ? Math.ceil(max / step - 1e-9) * step : step;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top + step * 1e-9; i++) ticks.push(roundTo(i * step, step));
  return ticks;
}

function roundTo(v: number, step: number): number {
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  return Number(v.toFixed(Math.min(digits, 12)));
}

// Every value is written the app language's way (Intl with LOCALES: en-US, zh-CN, ko-KR), never a fixed US format.

/** 850 ms, 1.25 s, 12 s (zh: 850毫秒, 1.25秒; ko: 850ms, 1.25초). */
export function formatMs(ms: number | null, lang: Language): string {
  if (ms === null || !Number.isFinite(ms)) return '–';
  if (Math.abs(ms) < 1000) return formatNumber(lang, Math.round(ms), { style: 'unit', unit: 'millisecond', unitDisplay: 'short' });
  const s = ms / 1000;
  const digits = Math.abs(s) < 10 ? 2 : Math.abs(s) < 100 ? 1 : 0;
  return formatNumber(lang, s, { style: 'unit', unit: 'second', unitDisplay: 'short', maximumFractionDigits: digits });
}

/** US dollars (prices are in USD) that stay readable from $0.000012 to $12,345, in the language's currency style. */
export function formatUsd(usd: number | null, lang: Language): string {
  if (usd === null || !Number.isFinite(usd)) return '–';
  const money = (min: number, max: number) => formatNumber(lang, usd, { style: 'currency', currency: 'USD', minimumFractionDigits: min, maximumFractionDigits: max });
  if (usd === 0) return money(0, 0);
  const abs = Math.abs(usd);
  if (abs >= 100) return money(0, 0);
  if (abs >= 1) return money(2, 2);
  const digits = Math.min(10, Math.max(2, 1 - Math.floor(Math.log10(abs))));
  return money(digits > 2 ? 0 : 2, digits);
}

export function formatRate(tokensPerSecond: number | null, lang: Language): string {
  if (tokensPerSecond === null || !Number.isFinite(tokensPerSecond)) return '–';
  const digits = tokensPerSecond < 10 ? 1 : 0;
  return `${formatNumber(lang, tokensPerSecond, { minimumFractionDigits: digits, maximumFractionDigits: digits })} tok/s`;
}

export function formatCount(n: number, lang: Language): string {
  return formatNumber(lang, n);
}

/** `part` of `whole` as a percentage with at most one decimal (12.5%); '–' when there is nothing to divide. */
export function formatShare(part: number, whole: number, lang: Language): string {
  return whole > 0 ? formatNumber(lang, part / whole, { style: 'percent', maximumFractionDigits: 1 }) : '–';
}

/** A bucket as the language writes dates: `2026-11-27` → 11/27 (ko 11. 27.), `2026-11-27T13:00` → 13:00;
 * `long` adds the year (tooltips, the values list). Buckets are the viewer's local days and hours. */
export function formatBucket(bucket: string, lang: Language, long = false): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(bucket);
  if (!m) return bucket;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0)));
  const opts: Intl.DateTimeFormatOptions =
    m[4] === undefined
      ? long
        ? { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' }
        : { month: 'numeric', day: 'numeric', timeZone: 'UTC' }
      : long
        ? { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }
        : { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' };
  return formatDateTime(lang, d, opts);
}
