import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The OS user-data folder Electron uses for an app named "Deskmate" (app.getPath('userData')),
 * so the desktop app, the CLI and the HTTP server share one cache by default.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.DESKMATE_DATA_DIR) return env.DESKMATE_DATA_DIR;
  const home = homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Deskmate');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Deskmate');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Deskmate');
}

export function databasePath(dataDir: string): string {
  return join(dataDir, 'deskmate.sqlite');
}
