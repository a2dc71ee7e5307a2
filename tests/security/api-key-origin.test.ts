// Issue 8 (1): the API key goes only to the origin it was entered for. A second fake server on another port plays
// the attacker's "base URL": it must never receive an Authorization header carrying the key — not from
// testConnection, not from the background probe, not from an answer, not from a later CLI run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDesk } from '../../src/main/desk';
import { createMemorySecretStore } from '../../src/main/settings/secrets';
import { startFakeKimi, type FakeKimi } from '../support/fake-kimi';
import { runCli } from '../support/cli';
import { startSecDesk, type SecDesk } from './harness';

const KEY = 'sk-origin-bound-secret-key-0042';
let good: FakeKimi;
let evil: FakeKimi;
const dirs: string[] = [];
const desks: SecDesk[] = [];

beforeAll(async () => {
  good = await startFakeKimi({ apiKey: KEY, script: { answer: 'Fine [Doc-1].', ttftMs: 1 } });
  evil = await startFakeKimi({ script: { answer: 'Thanks for the key.', ttftMs: 1 } });
});
afterEach(async () => {
  for (const d of desks.splice(0)) await d.close();
});
afterAll(async () => {
  await good?.close();
  await evil?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'deskmate-sec-key-'));
  dirs.push(d);
  return d;
};
/** Requests that reached the attacker's server carrying the key (anywhere in the headers). */
const leaked = (): number => evil.requests.filter((r) => JSON.stringify(r.headers).includes(KEY)).length;

describe('the API key is bound to the origin it was entered for', () => {
  it('serve without KIMI_BASE_URL: a key typed for one origin is dropped when baseUrl moves to another (testConnection, probe, answers)', async () => {
    const s = await startSecDesk();
    desks.push(s);
    expect((await s.invoke('settings.set', { baseUrl: good.url })).json.ok).toBe(true);
    const typed = await s.invoke('settings.setApiKey', { apiKey: KEY });
    expect(typed.json).toMatchObject({ ok: true, data: { apiKey: { set: true, source: 'memory' } } });
    expect((await s.invoke('settings.testConnection', {})).json).toMatchObject({ ok: true, data: { ok: true } });
    expect(good.requests.some((r) => JSON.stringify(r.headers).includes(KEY))).toBe(true); // the recorder sees keys

    // the attack: point the desk elsewhere, then make it talk
    const moved = await s.invoke('settings.set', { baseUrl: evil.url });
    expect(moved.json).toMatchObject({ ok: true, data: { baseUrl: evil.url, apiKey: { set: false, source: 'none' } } });
    const test = await s.invoke('settings.testConnection', {});
    expect(test.json).toMatchObject({ ok: true, data: { ok: false } });
    s.desk.startBackground({ probeMs: 10 });
    s.desk.connectivity.reportFailure('network', 'pretend the upstream went away');
    const ask = await s.invoke('chat.ask', { text: 'What is the return policy?' });
    expect(ask.json.ok).toBe(true);
    await s.invoke('models.list', {});
    await sleep(200);
    expect(leaked()).toBe(0);

    // back to the first origin: the key stays dropped until it is entered again
    const back = await s.invoke('settings.set', { baseUrl: good.url });
    expect(back.json).toMatchObject({ ok: true, data: { apiKey: { set: false } } });
  });

  it('a path change on the same origin keeps the key', async () => {
    const s = await startSecDesk();
    desks.push(s);
    await s.invoke('settings.set', { baseUrl: good.url });
    await s.invoke('settings.setApiKey', { apiKey: KEY });
    const moved = await s.invoke('settings.set', { baseUrl: `${good.url}/` });
    expect(moved.json).toMatchObject({ ok: true, data: { apiKey: { set: true } } });
  });

  it('serve with KIMI_BASE_URL: the environment wins, so settings.set of another baseUrl is refused by name', async () => {
    const s = await startSecDesk({ env: { KIMI_BASE_URL: good.url, KIMI_API_KEY: KEY } });
    desks.push(s);
    const moved = await s.invoke('settings.set', { baseUrl: evil.url });
    expect(moved.json).toMatchObject({ ok: false, error: { code: 'set_by_environment', field: 'baseUrl' } });
    expect(moved.json.error?.message).toContain('KIMI_BASE_URL');
    // the same value (the settings form re-sending it) is accepted
    expect((await s.invoke('settings.set', { baseUrl: good.url, language: 'ko' })).json.ok).toBe(true);
    expect((await s.invoke('settings.testConnection', {})).json).toMatchObject({ ok: true, data: { ok: true } });
    expect(leaked()).toBe(0);
  });

  it('a stored baseUrl never carries the CLI’s environment key elsewhere, and stats says where the base URL came from', async () => {
    const dir = tmp();
    // an earlier browser-mode run (no KIMI_BASE_URL) stored the attacker's base URL
    const before = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
    before.settings.set({ baseUrl: evil.url });
    await before.close();

    // the CLI with KIMI_BASE_URL: the environment wins
    const withEnv = await runCli(['--data-dir', dir, '--json', 'stats'], { KIMI_BASE_URL: good.url, KIMI_API_KEY: KEY });
    expect(withEnv.code).toBe(0);
    expect(JSON.parse(withEnv.out).upstream).toMatchObject({ baseUrl: good.url, source: 'env', apiKey: { set: true, source: 'env' } });
    const ask = await runCli(['--data-dir', dir, '--json', 'ask', 'Is the lamp in stock?'], { KIMI_BASE_URL: good.url, KIMI_API_KEY: KEY });
    expect(JSON.parse(ask.out)).toMatchObject({ mode: 'online' });

    // the CLI with only the key: the stored base URL is used, but the env key belongs to the default origin
    const keyOnly = await runCli(['--data-dir', dir, 'stats'], { KIMI_API_KEY: KEY });
    expect(keyOnly.out).toContain(`base URL:        ${evil.url}  (from stored settings)`);
    expect(keyOnly.out).toMatch(/API key:\s+No API key is set for http:\/\/127\.0\.0\.1:\d+: the key you have was entered for https:\/\/api\.moonshot\.ai/);
    const offline = await runCli(['--data-dir', dir, '--json', 'ask', 'Is the lamp in stock?'], { KIMI_API_KEY: KEY });
    expect(JSON.parse(offline.out)).toMatchObject({ mode: 'offline' });
    const def = await runCli(['--data-dir', tmp(), '--json', 'stats'], {});
    expect(JSON.parse(def.out).upstream).toMatchObject({ baseUrl: 'https://api.moonshot.ai/v1', source: 'default', apiKey: { set: false } });
    expect(leaked()).toBe(0);
    expect(`${withEnv.out}${keyOnly.out}${def.out}`).not.toContain(KEY);
  });

  it('desktop (IPC, stored settings win): moving baseUrl drops the stored key; a key stored for another origin is not sent after a restart', async () => {
    const dir = tmp();
    const secrets = createMemorySecretStore(undefined);
    const desk = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline', transport: 'ipc', secrets });
    await desk.dispatch('settings.set', { baseUrl: good.url }, { transport: 'ipc' });
    await desk.dispatch('settings.setApiKey', { apiKey: KEY }, { transport: 'ipc' });
    expect(secrets.origin()).toBe(new URL(good.url).origin);
    const moved = await desk.dispatch('settings.set', { baseUrl: evil.url }, { transport: 'ipc' });
    expect(moved).toMatchObject({ ok: true, data: { apiKey: { set: false } } });
    expect(secrets.get()).toBeUndefined();
    await desk.close();

    // another process changed the stored base URL while the key (bound to `good`) stayed stored
    const kept = createMemorySecretStore(undefined);
    kept.set(KEY, new URL(good.url).origin);
    const again = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline', transport: 'ipc', secrets: kept });
    expect(again.kimi()).toBeNull();
    const r = await again.dispatch('settings.testConnection', {}, { transport: 'ipc' });
    expect(r).toMatchObject({ ok: true, data: { ok: false } });
    await again.close();
    expect(leaked()).toBe(0);
  });
});
