import { describe, expect, it } from 'vitest';
import { baseUrlProblem, formatWindow, keyStatus, modelOptions } from './settings-form';

describe('settings form', () => {
  it('lists the models with their window and keeps a configured model the list lacks', () => {
    const opts = modelOptions(
      [
        { id: 'kimi-k2.6', contextWindow: 262_144, known: true, note: null },
        { id: 'kimi-new', contextWindow: 0, known: false, note: null },
      ],
      'moonshot-v1-8k',
      (w) => `${w} tokens`,
      'unknown',
    );
    expect(opts).toEqual([
      { id: 'moonshot-v1-8k', label: 'moonshot-v1-8k' },
      { id: 'kimi-k2.6', label: 'kimi-k2.6 — 256K tokens' },
      { id: 'kimi-new', label: 'kimi-new — unknown' },
    ]);
    expect(formatWindow(1_048_576)).toBe('1M');
    expect(formatWindow(8_192)).toBe('8K');
    // a size that is not a whole K is written the app language's way, not always US-style
    expect(formatWindow(100_000, 'en-US')).toBe('100,000');
    expect(formatWindow(100_000, 'de-DE')).toBe('100.000');
    expect(modelOptions([{ id: 'odd', contextWindow: 100_000, known: true, note: null }], 'odd', (w) => w, '?', 'fr-FR')[0].label).toBe(`odd — ${new Intl.NumberFormat('fr-FR').format(100_000)}`);
  });

  it('accepts only http(s) base URLs', () => {
    expect(baseUrlProblem('https://api.moonshot.ai/v1')).toBeNull();
    expect(baseUrlProblem('http://127.0.0.1:9999/v1')).toBeNull();
    expect(baseUrlProblem('api.moonshot.ai')).toBe('not a URL');
    expect(baseUrlProblem('ftp://x/v1')).toMatch(/http/);
    expect(baseUrlProblem(' ')).toBe('empty');
  });

  it('says where the key comes from without ever showing it', () => {
    expect(keyStatus({ set: true, source: 'safeStorage' })).toEqual({ key: 'settings.apiKeySet', sourceKey: 'settings.apiKeySource.safeStorage' });
    expect(keyStatus({ set: false, source: 'none' }).key).toBe('settings.apiKeyNotSet');
  });
});

describe('price rows', () => {
  it('reads dollars per 1M tokens, a comma as decimal point, and an empty cached price as the input price', async () => {
    const { parsePrice } = await import('./settings-form');
    expect(parsePrice({ input: '0.95', cachedInput: '0,16', output: '4' })).toEqual({ ok: true, price: { input: 0.95, cachedInput: 0.16, output: 4 } });
    expect(parsePrice({ input: '3', cachedInput: ' ', output: '15' })).toEqual({ ok: true, price: { input: 3, cachedInput: 3, output: 15 } });
    expect(parsePrice({ input: '-1', cachedInput: '', output: '1' })).toEqual({ ok: false, field: 'input' });
    expect(parsePrice({ input: '1', cachedInput: 'abc', output: '1' })).toEqual({ ok: false, field: 'cachedInput' });
    expect(parsePrice({ input: '1', cachedInput: '1', output: '' })).toEqual({ ok: false, field: 'output' });
    expect(parsePrice({ input: '1e9', cachedInput: '1', output: '1' })).toEqual({ ok: false, field: 'input' });
  });
});
