// Error codes (routes, transport, and the engine's shared vocabulary in src/shared/errors.ts) → words an agent
// understands, in the UI language. Codes are looked up, never matched against free text.
import { hasKey, translate, type Language } from '../i18n';

/** The i18n key suffix for a code, or null when none fits. */
export function errorKind(code: string): string | null {
  if (code !== 'title' && hasKey(`errors.${code}`)) return code;
  return null;
}

export function errorText(lang: Language, code: string, message: string): string {
  if (code === 'invalid_input') return translate(lang, 'errors.invalid_input', { message });
  if (code === 'not_found' && /session/i.test(message)) return translate(lang, 'errors.not_found_session');
  const kind = errorKind(code);
  if (kind) return translate(lang, `errors.${kind}`);
  return message ? message : translate(lang, 'errors.generic', { message: code });
}
