import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSafeStorageSecretStore, type SafeStorageLike } from '../../src/main/secrets-electron';

// Reversible but not plain text, like the OS keychain-backed safeStorage.
const fakeSafeStorage = (available = true): SafeStorageLike => ({
  isEncryptionAvailable: () => available,
  encryptString: (s) => Buffer.from([...Buffer.from(s, 'utf8')].map((b) => b ^ 0x5a)),
  decryptString: (b) => Buffer.from([...b].map((x) => x ^ 0x5a)).toString('utf8'),
});

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'deskmate-secrets-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('safeStorage secret store', () => {
  it('stores the key encrypted, reads it back in a new process, and clears it', () => {
    const file = join(tmp(), 'sub', 'api-key.bin');
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file, envKey: 'env-key' });
    expect(store.source()).toBe('env');
    store.set('  sk-secret-123  ');
    expect(store.get()).toBe('sk-secret-123');
    expect(store.source()).toBe('safeStorage');
    expect(readFileSync(file).toString('utf8')).not.toContain('sk-secret');
    const again = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file });
    expect(again.get()).toBe('sk-secret-123');
    again.set('');
    expect(existsSync(file)).toBe(false);
    expect(again.get()).toBeUndefined();
    expect(again.source()).toBe('none');
  });

  it('exposes no method or property that returns the key other than get()', () => {
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file: join(tmp(), 'k.bin') });
    store.set('sk-very-secret');
    expect(Object.keys(store).sort()).toEqual(['get', 'origin', 'set', 'source']);
    expect(JSON.stringify(store)).not.toContain('sk-very-secret');
    expect(String(store.source())).not.toContain('sk-very-secret');
    expect(String(store.origin())).not.toContain('sk-very-secret');
  });

  it('keeps the origin the key was entered for; a key stored before that has none (the desk binds it)', () => {
    const file = join(tmp(), 'k.bin');
    createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file }).set('sk-bound', 'https://api.moonshot.ai');
    const again = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file });
    expect(again.get()).toBe('sk-bound');
    expect(again.origin()).toBe('https://api.moonshot.ai');
    // the format before keys were bound: the plain key, encrypted
    writeFileSync(file, fakeSafeStorage().encryptString('sk-legacy'));
    const legacy = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file });
    expect(legacy.get()).toBe('sk-legacy');
    expect(legacy.origin()).toBeUndefined();
  });

  it('keeps the key in memory only when encryption is unavailable, and says so', () => {
    const warnings: string[] = [];
    const file = join(tmp(), 'k.bin');
    const store = createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(false), file, warn: (m) => warnings.push(m) });
    store.set('sk-mem');
    expect(store.get()).toBe('sk-mem');
    expect(store.source()).toBe('memory');
    expect(existsSync(file)).toBe(false);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('the API key');
  });

  it('names what it holds in that warning (the hub URL store does not speak of an API key)', () => {
    const warnings: string[] = [];
    createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(false), file: join(tmp(), 'hub-url.bin'), warn: (m) => warnings.push(m), what: 'the team hub URL' });
    expect(warnings).toEqual(['Secure storage is not available on this system: the team hub URL is kept in memory until the app closes.']);
  });

  it('treats an undecryptable file as no key', () => {
    const file = join(tmp(), 'k.bin');
    createSafeStorageSecretStore({ safeStorage: fakeSafeStorage(), file }).set('sk-1');
    const broken: SafeStorageLike = {
      ...fakeSafeStorage(),
      decryptString: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    };
    const store = createSafeStorageSecretStore({ safeStorage: broken, file, envKey: 'env' });
    expect(store.get()).toBe('env');
    expect(store.source()).toBe('env');
  });
});
