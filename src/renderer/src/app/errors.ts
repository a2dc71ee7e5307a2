// Error codes (routes, transport) and engine error types (ours or Moonshot's upstream types) → words an agent
// understands, in the UI language.
import { hasKey, translate, type Language } from '../i18n';

const UPSTREAM: readonly [RegExp, string][] = [
  [/quota|balance|suspended/i, 'quota'],
  [/auth|permission|api_key/i, 'auth'],
  [/rate_limit/i, 'rate_limit'],
  [/overload/i, 'overloaded'],
  [/content_filter|risk/i, 'content_filter'],
  [/overflow|context_length|token_limit/i, 'context_overflow'],
  [/not_found/i, 'not_found'],
  [/invalid_request/i, 'invalid_request'],
  [/server|internal/i, 'server'],
  [/timeout|timed_out/i, 'timeout'],
  [/network|connection|econn|fetch/i, 'network'],
];

/** The i18n key suffix for a code or error type, or null when none fits. */
export function errorKind(code: string): string | null {
  if (code !== 'title' && hasKey(`errors.${code}`)) return code;
  for (const [re, kind] of UPSTREAM) if (re.test(code)) return kind;
  return null;
}

export function errorText(lang: Language, code: string, message: string): string {
  if (code === 'invalid_input') return translate(lang, 'errors.invalid_input', { message });
  if (code === 'not_found' && /session/i.test(message)) return translate(lang, 'errors.not_found_session');
  const kind = errorKind(code);
  if (kind) return translate(lang, `errors.${kind}`);
  return message ? message : translate(lang, 'errors.generic', { message: code });
}
