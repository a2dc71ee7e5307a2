// settings.set of a value the environment fixes (headless: KIMI_BASE_URL, KIMI_MODEL, DESKMATE_PROFILE win) is
// refused with the variable's name, instead of being stored and silently ignored. Re-sending the same value is fine.
import type { Desk } from '../desk';
import { ENV_NAMES } from '../llm/config';
import { DeskError } from '../routes';
import type { StoredSettings } from './store';

export function refuseEnvFixed(desk: Pick<Desk, 'settings'>, patch: Partial<StoredSettings>): void {
  const current = desk.settings.get();
  for (const key of Object.keys(ENV_NAMES) as (keyof typeof ENV_NAMES)[]) {
    const v = patch[key];
    if (v === undefined || !desk.settings.fixedByEnv(key)) continue;
    const same = key === 'baseUrl' ? String(v).replace(/\/+$/, '') === current.baseUrl : v === current[key];
    if (same) continue;
    throw new DeskError(
      'set_by_environment',
      `${key} is set by ${ENV_NAMES[key]} in this server's environment (the environment wins for the CLI and serve); change or unset ${ENV_NAMES[key]} and restart to change it`,
      key,
    );
  }
}
