// Pure helpers of the settings screen: the model choices, base URL validation, the key status line.
import type { z } from 'zod';
import type { ModelEntry, Settings } from '../../../../shared/contract';

export type ModelChoice = z.infer<typeof ModelEntry>;

export interface ModelOption {
  id: string;
  label: string;
}

/** The models of `/v1/models` (via models.list), plus the configured one when the list lacks it. */
export function modelOptions(
  models: readonly ModelChoice[],
  current: string,
  windowLabel: (n: string) => string,
  unknownLabel: string,
  locale = 'en-US',
): ModelOption[] {
  const opts = models.map((m) => ({
    id: m.id,
    label: `${m.id} — ${m.known ? windowLabel(formatWindow(m.contextWindow, locale)) : unknownLabel}`,
  }));
  if (current && !opts.some((o) => o.id === current)) opts.unshift({ id: current, label: current });
  return opts;
}

/** 262,144 → "256K", 1,048,576 → "1M", 8,192 → "8K"; any other size written the app language's way (a locale of LOCALES). */
export function formatWindow(tokens: number, locale = 'en-US'): string {
  if (tokens >= 1_048_576 && tokens % 1_048_576 === 0) return `${tokens / 1_048_576}M`;
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  return new Intl.NumberFormat(locale).format(tokens);
}

/** null when the text is an http(s) URL (what settings.set accepts), else a short reason. */
export function baseUrlProblem(text: string): string | null {
  const s = text.trim();
  if (!s) return 'empty';
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return 'not a URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must start with http:// or https://';
  return null;
}

/** The translation key of the key status line and its source label key. */
export function keyStatus(s: Settings['apiKey']): { key: string; sourceKey: string } {
  return s.set
    ? { key: 'settings.apiKeySet', sourceKey: `settings.apiKeySource.${s.source}` }
    : { key: 'settings.apiKeyNotSet', sourceKey: 'settings.apiKeySource.none' };
}

/** A price row as typed (USD per 1M tokens). */
export interface PriceDraft {
  input: string;
  cachedInput: string;
  output: string;
}

export type ParsedPrice =
  | { ok: true; price: { input: number; cachedInput: number; output: number } }
  | { ok: false; field: keyof PriceDraft };

/** Numbers ≥ 0 (a comma is read as a decimal point); an empty cached-input price means the input price. */
export function parsePrice(d: PriceDraft): ParsedPrice {
  const num = (s: string): number | null => {
    const v = s.trim().replace(',', '.');
    if (!/^\d+(\.\d+)?$|^\.\d+$/.test(v)) return null;
    const n = Number(v);
    return Number.isFinite(n) && n <= 100_000 ? n : null;
  };
  const input = num(d.input);
  if (input === null) return { ok: false, field: 'input' };
  const cachedInput = d.cachedInput.trim() === '' ? input : num(d.cachedInput);
  if (cachedInput === null) return { ok: false, field: 'cachedInput' };
  const output = num(d.output);
  if (output === null) return { ok: false, field: 'output' };
  return { ok: true, price: { input, cachedInput, output } };
}
