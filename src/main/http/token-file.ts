// The bearer token: generated on first start, kept in `<dataDir>/http-token` (mode 0600).
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function tokenPath(dataDir: string): string {
  return join(dataDir, 'http-token');
}

/** Shorter tokens are refused: a token is the only thing between the network and the desk. */
export const MIN_TOKEN_LENGTH = 32;

export class TokenError extends Error {}

function checkToken(token: string, where: string, fix: string): string {
  if (token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    throw new TokenError(`${where} must be at least ${MIN_TOKEN_LENGTH} characters without spaces (it has ${token.length}); ${fix}`);
  }
  return token;
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
  if (fromEnv) return { token: checkToken(fromEnv, 'DESKMATE_HTTP_TOKEN', 'unset it to use a generated one'), source: 'env', file };
  let existing = '';
  try {
    existing = readFileSync(file, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (existing !== '') {
    checkToken(existing, `the token in ${file}`, 'delete the file to have a new one generated');
    chmodSync(file, 0o600);
    return { token: existing, source: 'file', file };
  }
  const token = generateToken();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return { token, source: 'created', file };
}
