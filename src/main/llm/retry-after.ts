// Reading "wait this long" hints: the Retry-After / retry-after-ms headers and Moonshot's "try again after S seconds".

export interface HeaderGetter {
  get(name: string): string | null;
}

/** Milliseconds from `retry-after-ms`, or `Retry-After` in seconds or as an HTTP date. */
export function retryAfterFromHeaders(headers: HeaderGetter | null | undefined, now: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '') {
    const n = Number(ms);
    if (Number.isFinite(n) && n >= 0) return Math.round(n);
  }
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  const secs = Number(ra);
  if (Number.isFinite(secs) && secs >= 0) return Math.round(secs * 1000);
  const date = Date.parse(ra);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

const AFTER_RE = /try again (?:after|in)\s+(\d+(?:\.\d+)?)\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?)?/i;

/** Milliseconds from "…please try again after 1 seconds" style messages. */
export function retryAfterFromMessage(message: string): number | undefined {
  const m = AFTER_RE.exec(message);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 's').toLowerCase();
  if (unit.startsWith('ms') || unit.startsWith('milli')) return Math.round(n);
  if (unit.startsWith('m')) return Math.round(n * 60_000);
  return Math.round(n * 1000);
}
