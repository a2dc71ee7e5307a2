// Agent-editable settings, persisted in the database. Three layers: defaults, the environment, stored values; with
// `envWins` (the headless CLI and serve) the environment's values win over stored ones, else stored ones win.
import type { Db, Migration } from '../db';
import type { ConnectionProfile, SettingSource } from '../llm/config';

export interface StoredSettings {
  baseUrl: string;
  model: string;
  factual: boolean;
  profile: ConnectionProfile;
  language: 'en' | 'zh' | 'ko';
}

export const settingsMigrations: Migration[] = [
  {
    version: 1,
    name: 'settings key/value table',
    up: (db) => db.exec('CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)'),
  },
];

const KEYS: ReadonlyArray<keyof StoredSettings> = ['baseUrl', 'model', 'factual', 'profile', 'language'];

export class SettingsStore {
  private cache: StoredSettings | undefined;

  private sourceCache: Record<keyof StoredSettings, SettingSource> | undefined;

  constructor(
    private readonly db: Db,
    private readonly defaults: StoredSettings,
    private readonly layers: { env?: Partial<StoredSettings>; envWins?: boolean } = {},
  ) {}

  get(): StoredSettings {
    if (this.cache) return this.cache;
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored: Record<string, unknown> = {};
    for (const r of rows) {
      try {
        stored[r.key] = JSON.parse(r.value);
      } catch {
        // a hand-edited bad value falls back to the default
      }
    }
    const merged = { ...this.defaults };
    const sources = Object.fromEntries(KEYS.map((k) => [k, 'default'])) as Record<keyof StoredSettings, SettingSource>;
    const env = this.layers.env ?? {};
    const put = (k: keyof StoredSettings, v: unknown, source: SettingSource): void => {
      if (v === undefined || typeof v !== typeof this.defaults[k]) return;
      (merged as Record<string, unknown>)[k] = v;
      sources[k] = source;
    };
    for (const k of KEYS) {
      if (!this.layers.envWins) put(k, env[k], 'env');
      put(k, stored[k], 'settings');
      if (this.layers.envWins) put(k, env[k], 'env');
    }
    this.cache = merged;
    this.sourceCache = sources;
    return merged;
  }

  /** Where each effective value came from. */
  sources(): Record<keyof StoredSettings, SettingSource> {
    this.get();
    return this.sourceCache!;
  }

  /** True when the environment fixes `key` in this process (headless), so storing another value changes nothing. */
  fixedByEnv(key: keyof StoredSettings): boolean {
    return this.layers.envWins === true && this.layers.env?.[key] !== undefined;
  }

  set(patch: Partial<StoredSettings>): StoredSettings {
    const upsert = this.db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    );
    this.db.transaction(() => {
      for (const k of KEYS) {
        const v = patch[k];
        if (v !== undefined) upsert.run(k, JSON.stringify(typeof v === 'string' && k === 'baseUrl' ? v.replace(/\/+$/, '') : v));
      }
    })();
    this.cache = undefined;
    this.sourceCache = undefined;
    return this.get();
  }
}
