// Where the Kimi API key lives. Desktop: encrypted with Electron safeStorage (secrets-electron.ts). Headless:
// the environment (KIMI_API_KEY / MOONSHOT_API_KEY), or a key typed into browser-mode settings, kept in memory only.
// The key never leaves the main process: nothing here is ever serialised into a route result, a log or the ledger.

export type SecretSource = 'safeStorage' | 'env' | 'memory' | 'none';

export interface SecretStore {
  get(): string | undefined;
  /** Stores a key (empty/undefined clears it). */
  set(key: string | undefined): void;
  source(): SecretSource;
}

/** Env key as the fallback; a key set at run time overrides it for this process only. */
export function createMemorySecretStore(envKey: string | undefined): SecretStore {
  let key: string | undefined;
  return {
    get: () => key ?? envKey,
    set(k) {
      key = k && k.trim() ? k.trim() : undefined;
    },
    source: () => (key ? 'memory' : envKey ? 'env' : 'none'),
  };
}
