import { describe, expect, it } from 'vitest';
import { en } from '../../src/renderer/src/i18n/en';
import { zh } from '../../src/renderer/src/i18n/zh';
import { ko } from '../../src/renderer/src/i18n/ko';
import { interpolate, languageStore, preferredLanguage, translate, translator } from '../../src/renderer/src/i18n';
import { errorText } from '../../src/renderer/src/app/errors';

describe('i18n', () => {
  it('has every English key in Chinese and Korean, translated and with the same placeholders', () => {
    for (const [name, dict] of [['zh', zh], ['ko', ko]] as const) {
      for (const [key, text] of Object.entries(en)) {
        const other = (dict as Record<string, string>)[key];
        expect(other, `${name} ${key}`).toBeTypeOf('string');
        const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        expect(vars(other!), `${name} ${key}`).toEqual(vars(text));
      }
    }
  });

  it('translates the screens’ strings too, and falls back to English, then to the key', () => {
    expect(translate('zh', 'nav.chat')).toBe('对话');
    expect(translate('ko', 'settings.title')).not.toBe('settings.title');
    expect(translate('zh', 'no.such.key')).toBe('no.such.key');
  });

  it('fills placeholders', () => {
    expect(translate('en', 'meter.used', { used: '21k', window: '262k' })).toBe('21k of 262k tokens');
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });

  it('picks the first supported browser language', () => {
    expect(preferredLanguage(['fr-FR', 'zh-CN', 'en'])).toBe('zh');
    expect(preferredLanguage(['ko-KR'])).toBe('ko');
    expect(preferredLanguage(['de'])).toBe('en');
  });

  it('switches the language for every translator user through the store', () => {
    const seen: string[] = [];
    const off = languageStore.subscribe((s) => seen.push(translator(s.language)('nav.settings')));
    languageStore.getState().setLanguage('ko');
    languageStore.getState().setLanguage('zh');
    languageStore.getState().setLanguage('en');
    off();
    expect(seen).toEqual(['설정', '设置', 'Settings']);
  });

  it('words errors for an agent', () => {
    expect(errorText('en', 'quota', 'insufficient balance')).toMatch(/out of credit/);
    expect(errorText('zh', 'network', '')).toMatch(/无法连接/);
    expect(errorText('en', 'invalid_input', 'text: the question is empty')).toContain('the question is empty');
    expect(errorText('ko', 'quota', 'The Kimi account is out of credit.')).toMatch(/잔액/);
    expect(errorText('en', 'overloaded', '')).toMatch(/overloaded/);
    expect(errorText('en', 'dropped', '')).toMatch(/connection dropped/);
    expect(errorText('en', 'stopped', '')).toMatch(/^Stopped/);
    // codes are looked up, not guessed from free text: a raw Moonshot type is shown as the message it came with
    expect(errorText('en', 'exceeded_current_quota_error', 'Out of credit upstream')).toBe('Out of credit upstream');
    expect(errorText('en', 'weird_code', 'Upstream said no')).toBe('Upstream said no');
    expect(errorText('en', 'weird_code', '')).toBe('Something went wrong: weird_code');
  });
});
