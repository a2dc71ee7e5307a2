// The bearer token: generated on first start, kept in `<dataDir>/http-token` (mode 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'http-token');
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The token to use: `DESKMATE_HTTP_TOKEN` if set, else the token file's content, else a new one written there.
 * Returns where it came from so the CLI can say so.
 */
export function loadOrCreateToken(
  file: string,
  env: NodeJS.ProcessEnv = {},
): { token: string; source: 'env' | 'file' | 'created'; file: string } {
  const fromEnv = env.DESKMATE_HTTP_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env', file };
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) {
      chmodSync(file, 0o600);
      return { token: existing, source: 'file', file };
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const token = generateToken();
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'created', file };
}
