// Where the Kimi API key lives. Desktop: encrypted with Electron safeStorage (secrets-electron.ts). Headless:
// the environment (KIMI_API_KEY / MOONSHOT_API_KEY), or a key typed into browser-mode settings, kept in memory only.
// The key never leaves the main process: nothing here is ever serialised into a route result, a log or the ledger.
// A key entered at run time is bound to the origin (scheme://host:port) of the base URL it was entered for; the desk
// sends it nowhere else (see key-binding.ts).

export type SecretSource = 'safeStorage' | 'env' | 'memory' | 'none';

export interface SecretStore {
  get(): string | undefined;
  /** Stores a key for `origin` (empty/undefined clears it). */
  set(key: string | undefined, origin?: string): void;
  source(): SecretSource;
  /** The origin a stored (not env) key was entered for; undefined for an env key, no key, or a key stored before
   * keys were bound (the desk binds that one to the base URL in effect when it first reads it). */
  origin(): string | undefined;
}

/** Env key as the fallback; a key set at run time overrides it for this process only. */
export function createMemorySecretStore(envKey: string | undefined): SecretStore {
  let key: string | undefined;
  let keyOrigin: string | undefined;
  return {
    get: () => key ?? envKey,
    set(k, origin) {
      key = k && k.trim() ? k.trim() : undefined;
      keyOrigin = key ? origin : undefined;
    },
    source: () => (key ? 'memory' : envKey ? 'env' : 'none'),
    origin: () => (key ? keyOrigin : undefined),
  };
}
