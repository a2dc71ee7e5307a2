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
}

export function createSafeStorageSecretStore(opts: SafeStorageSecretOptions): SecretStore {
  const { safeStorage, file, envKey } = opts;
  if (!safeStorage.isEncryptionAvailable()) {
    opts.warn?.('Secure storage is not available on this system: the API key is kept in memory until the app closes.');
    return createMemorySecretStore(envKey);
  }
  let cached: string | undefined;
  let loaded = false;
  const load = (): string | undefined => {
    if (loaded) return cached;
    loaded = true;
    if (!existsSync(file)) return (cached = undefined);
    try {
      const key = safeStorage.decryptString(readFileSync(file)).trim();
      cached = key || undefined;
    } catch {
      // encrypted by another user/machine: treat as not set, the agent enters it again
      cached = undefined;
    }
    return cached;
  };
  return {
    get: () => load() ?? envKey,
    set(key) {
      const k = key?.trim();
      loaded = true;
      if (!k) {
        cached = undefined;
        rmSync(file, { force: true });
        return;
      }
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, safeStorage.encryptString(k), { mode: 0o600 });
      try {
        chmodSync(file, 0o600);
      } catch {
        // not supported on every file system
      }
      cached = k;
    },
    source: () => (load() ? 'safeStorage' : envKey ? 'env' : 'none'),
  };
}
