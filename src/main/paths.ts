import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
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

/** The data folder is private: 0700, and every file in it 0600 (ignored where the file system has no modes). */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Creates the data folder 0700 or, when it exists with group/other access, narrows it and every file directly in
 * it (database, -wal, -shm, http-token, api-key.bin, anything else) to 0700/0600. Returns one warning per fix.
 */
export function secureDataDir(dataDir: string): string[] {
  const warnings: string[] = [];
  if (process.platform === 'win32') return warnings;
  mkdirSync(dataDir, { recursive: true, mode: DIR_MODE });
  const fix = (path: string, want: number, what: string): void => {
    try {
      const mode = statSync(path).mode & 0o777;
      if ((mode & 0o077) === 0) return;
      chmodSync(path, want);
      warnings.push(`${what} ${path} was readable by others (mode ${mode.toString(8).padStart(4, '0')}); changed it to ${want.toString(8).padStart(4, '0')}.`);
    } catch {
      // gone in between, or a file system without modes
    }
  };
  fix(dataDir, DIR_MODE, 'data folder');
  for (const entry of readdirSync(dataDir, { withFileTypes: true })) {
    if (entry.isFile()) fix(join(dataDir, entry.name), FILE_MODE, 'data file');
    else if (entry.isDirectory()) fix(join(dataDir, entry.name), DIR_MODE, 'data folder');
  }
  return warnings;
}
