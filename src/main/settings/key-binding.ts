// The API key goes only to the origin it was entered for. A key typed into settings is bound to the origin of the
// base URL in effect at that moment; the environment's key to the environment's base URL (KIMI_BASE_URL, else the
// default). Changing the base URL to another origin drops a stored key (the agent enters it again). Every sender
// (answers, the background probe, testConnection, models.list) asks `boundKey` first.
import type { SecretSource, SecretStore } from './secrets';

/** `scheme://host:port` of an http(s) URL (default ports dropped), or null when it is not one. */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

export interface KeyBinding {
  secrets: SecretStore;
  /** The base URL requests go to now. */
  baseUrl: () => string;
  /** The base URL the environment's key belongs to (KIMI_BASE_URL or the default). */
  envBaseUrl: string;
}

/** The origin the current key belongs to, or null (no key, or a stored key of unknown origin). */
export function keyOrigin(b: KeyBinding): string | null {
  if (b.secrets.get() === undefined) return null;
  if (b.secrets.source() === 'env') return originOf(b.envBaseUrl);
  return b.secrets.origin() ?? null;
}

/** The key to send to the current base URL, or undefined when none was entered for its origin. */
export function boundKey(b: KeyBinding): string | undefined {
  const key = b.secrets.get();
  if (key === undefined) return undefined;
  const origin = keyOrigin(b);
  return origin !== null && origin === originOf(b.baseUrl()) ? key : undefined;
}

/** What settings report about the key: set only when it may be sent to the current base URL. */
export function keyState(b: KeyBinding): { set: boolean; source: SecretSource } {
  return boundKey(b) === undefined ? { set: false, source: 'none' } : { set: true, source: b.secrets.source() };
}

/** Binds a stored key of unknown origin (stored before keys were bound) to the base URL in effect now. */
export function bindLegacyKey(b: KeyBinding): void {
  const src = b.secrets.source();
  if ((src === 'safeStorage' || src === 'memory') && b.secrets.origin() === undefined) {
    const origin = originOf(b.baseUrl());
    if (origin) b.secrets.set(b.secrets.get(), origin);
  }
}

/** After the base URL changed: a stored key entered for another origin is dropped (never sent there). */
export function dropKeyOnOriginChange(b: KeyBinding, previousBaseUrl: string): boolean {
  if (originOf(previousBaseUrl) === originOf(b.baseUrl())) return false;
  const src = b.secrets.source();
  if (src === 'safeStorage' || src === 'memory') {
    b.secrets.set(undefined);
    return true;
  }
  return false;
}

/** Why no key is sent, in the agent's words (null when one is). */
export function missingKeyReason(b: KeyBinding): string | null {
  if (boundKey(b) !== undefined) return null;
  const origin = keyOrigin(b);
  const target = originOf(b.baseUrl()) ?? b.baseUrl();
  if (b.secrets.get() === undefined || origin === null) return 'No API key is set.';
  return `No API key is set for ${target}: the key you have was entered for ${origin}. Enter the key for ${target} to use it.`;
}
