// The desktop's API-key store: the key encrypted with Electron safeStorage (OS keychain / DPAPI / libsecret) in
// a file of the user-data folder. It implements SecretStore, whose only reader is the main-process Kimi client:
// no route returns the key, and the file never holds it in plain text.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createMemorySecretStore, type SecretStore } from './settings/secrets';

/** The part of electron's `safeStorage` used here (passed in: this module does not import electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export interface SafeStorageSecretOptions {
  safeStorage: SafeStorageLike;
  /** e.g. `<userData>/api-key.bin` */
  file: string;
  /** KIMI_API_KEY / MOONSHOT_API_KEY, used when nothing is stored. */
  envKey?: string;
  /** Told once when encryption is unavailable (the key is then kept in memory only, never written). */
  warn?: (message: string) => void;
  /** What the store holds, for that warning (default "the API key"; the hub URL store says "the team hub URL"). */
  what?: string;
}

export function createSafeStorageSecretStore(opts: SafeStorageSecretOptions): SecretStore {
  const { safeStorage, file, envKey } = opts;
  if (!safeStorage.isEncryptionAvailable()) {
    opts.warn?.(`Secure storage is not available on this system: ${opts.what ?? 'the API key'} is kept in memory until the app closes.`);
    return createMemorySecretStore(envKey);
  }
  let cached: string | undefined;
  let cachedOrigin: string | undefined;
  let loaded = false;
  const load = (): string | undefined => {
    if (loaded) return cached;
    loaded = true;
    cachedOrigin = undefined;
    if (!existsSync(file)) return (cached = undefined);
    try {
      // `{"key","origin"}`; a plain key is one stored before keys were bound to an origin
      const text = safeStorage.decryptString(readFileSync(file)).trim();
      const parsed = text.startsWith('{') ? (JSON.parse(text) as { key?: unknown; origin?: unknown }) : { key: text };
      cached = typeof parsed.key === 'string' && parsed.key.trim() ? parsed.key.trim() : undefined;
      cachedOrigin = cached && typeof parsed.origin === 'string' ? parsed.origin : undefined;
    } catch {
      // encrypted by another user/machine: treat as not set, the agent enters it again
      cached = undefined;
    }
    return cached;
  };
  return {
    get: () => load() ?? envKey,
    set(key, origin) {
      const k = key?.trim();
      loaded = true;
      if (!k) {
        cached = undefined;
        cachedOrigin = undefined;
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, safeStorage.encryptString(JSON.stringify({ key: k, origin: origin ?? null })), { mode: 0o600 });
      try {
        chmodSync(file, 0o600);
      } catch {
        // not supported on every file system
      }
      cached = k;
      cachedOrigin = origin;
    },
    source: () => (load() ? 'safeStorage' : envKey ? 'env' : 'none'),
    origin: () => (load() ? cachedOrigin : undefined),
  };
}
