// Error codes and engine error types → words an agent understands.
import { hasKey, translate, type Language } from '../i18n';

export function errorText(lang: Language, code: string, message: string): string {
  if (code === 'invalid_input') return translate(lang, 'errors.invalid_input', { message });
  if (code === 'not_found' && /session/i.test(message)) return translate(lang, 'errors.not_found_session');
  const key = `errors.${code}`;
  if (code !== 'title' && hasKey(key)) return translate(lang, key);
  return translate(lang, 'errors.generic', { message: message || code });
}
