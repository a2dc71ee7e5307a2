// Keeps API keys out of every message we log, store or show.

const PATTERNS: readonly RegExp[] = [
  /\bsk-[A-Za-z0-9_\-*.]{4,}/g,
  /\bBearer\s+[A-Za-z0-9_\-.~+/=]{8,}/gi,
  /(api[_-]?key["'\s:=]+)[A-Za-z0-9_\-.]{8,}/gi,
];

/** Replace anything that looks like a key (`sk-…`, a bearer token, `api_key=…`) with a marker. */
export function redactSecrets(text: string, extraSecrets: readonly string[] = []): string {
  let out = text;
  for (const s of extraSecrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  out = out.replace(PATTERNS[0], 'sk-[redacted]');
  out = out.replace(PATTERNS[1], 'Bearer [redacted]');
  out = out.replace(PATTERNS[2], '$1[redacted]');
  return out;
}
