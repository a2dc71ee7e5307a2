// `deskmate ask` as a user runs it: a child process, a real data dir (with the demo catalog), the fake Kimi server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { faults, startFakeKimi, type FakeKimi } from '../support/fake-kimi';

const BIN = join(__dirname, '..', '..', 'bin', 'deskmate.js');

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

let kimi: FakeKimi;
beforeAll(async () => {
  kimi = await startFakeKimi({ script: { answer: 'Opened laptops can be returned within 15 days with a 15% restocking fee [Doc-1].' } });
});
afterAll(() => kimi.close());

describe('deskmate ask', () => {
  it('answers online against the fake Kimi server with the documented --json shape, and continues the session', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-ask-'));
    const env = { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-cli-test-key', DESKMATE_PROFILE: 'fast' };
    const r = await run(['--data-dir', dataDir, 'ask', '--json', 'Can I return the ThinkPad X1 Carbon Gen 12 after opening it?'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & { citations: { productId: string }[]; usage: Record<string, unknown> };
    for (const key of ['answer', 'mode', 'status', 'citations', 'unsupportedCitations', 'noInformation', 'escalation', 'usage', 'costUsd', 'ttftMs', 'latencyMs', 'attempts', 'sessionId', 'error']) {
      expect(out).toHaveProperty(key);
    }
    expect(out).toMatchObject({ mode: 'online', status: 'complete', noInformation: false, attempts: 1, error: null });
    expect(out.usage).toMatchObject({ estimated: false });
    expect(out.citations[0].productId).toMatch(/^LP-TP-X1C-/);
    expect(r.stdout).not.toContain('sk-cli-test-key');

    const again = await run(['--data-dir', dataDir, 'ask', '--json', '--session', String(out.sessionId), 'And is it in stock?'], env);
    expect(JSON.parse(again.stdout)).toMatchObject({ sessionId: out.sessionId, status: 'complete' });
    const sessions = await run(['--data-dir', dataDir, 'sessions', 'show', String(out.sessionId), '--json'], env);
    expect(sessions.stdout).toContain('And is it in stock?');
  });

  it('answers offline at once and exits 1 with the one reason on a quota error, keeping the question', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-ask-'));
    kimi.enqueue(faults.quota403());
    const r = await run(['--data-dir', dataDir, 'ask', 'Is the MX Master 3S in stock?'], { KIMI_BASE_URL: kimi.url, KIMI_API_KEY: 'sk-x' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Offline answer/);
    expect(r.stdout).toMatch(/Why offline: .*(credit|balance|quota|account)/i);
    expect(r.stdout.match(/credit/g)).toHaveLength(1);
    const q = await run(['--data-dir', dataDir, 'sessions', '--json'], {});
    expect(q.stdout).toContain('Is the MX Master 3S in stock?');
  });

  it('answers offline from the demo catalog with no key, labelled, and says how to re-ask', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-ask-'));
    const r = await run(['--data-dir', dataDir, 'ask', 'What is the return policy for the ThinkPad X1 Carbon Gen 12?'], {});
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Offline answer — composed from the catalog/);
    expect(r.stdout).toContain('15% restocking fee');
    expect(r.stdout).toMatch(/\[Doc-\d\]/);
    expect(r.stdout).toMatch(/--reask \d+/);
  });

  it('says which configuration it could not use', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-ask-'));
    const r = await run(['--data-dir', dataDir, 'ask', '--offline', 'Is the MX Master 3S in stock?'], { KIMI_BASE_URL: 'notaurl', DESKMATE_PROFILE: 'turbo' });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('KIMI_BASE_URL is not an http(s) URL');
    expect(r.stderr).toContain('DESKMATE_PROFILE must be fast, mobile or auto');
  });

  it('refuses misuse with one line and exit 2', async () => {
    const r = await run(['ask'], {});
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('missing QUESTION');
  });
});
