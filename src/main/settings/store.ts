// Agent-editable settings, persisted in the database; environment values are the defaults.
import type { Db, Migration } from '../db';
import type { ConnectionProfile } from '../llm/config';

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

  constructor(
    private readonly db: Db,
    private readonly defaults: StoredSettings,
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
    for (const k of KEYS) {
      const v = stored[k];
      if (v !== undefined && typeof v === typeof this.defaults[k]) (merged as Record<string, unknown>)[k] = v;
    }
    this.cache = merged;
    return merged;
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
    return this.get();
  }
}
