import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { openDesk } from '../../src/main/desk';
import { SessionStore } from '../../src/main/sessions/store';
import { SessionSummary, Turn } from '../../src/shared/domain';

const dirs: string[] = [];

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(args);

function seeded(): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskmate-sessions-cli-'));
  dirs.push(dataDir);
  const desk = openDesk({ dataDir });
  let t = Date.parse('2026-03-01T09:00:00.000Z');
  let n = 0;
  const store = new SessionStore(desk.db, () => new Date((t += 1000)), () => `sess-${++n}`);
  const a = store.createSession({ customerId: 'C-1' });
  store.addTurn(a.id, { speaker: 'customer', text: 'Can I return the X200 laptop?' });
  store.addTurn(a.id, { speaker: 'assistant', text: 'Yes, within 30 days [Doc-1].\nKeep the receipt.', status: 'interrupted' });
  const b = store.createSession({ customerId: 'C-2' });
  store.addTurn(b.id, { speaker: 'customer', text: 'Headphones crackle on the left side', status: 'queued' });
  desk.close();
  return dataDir;
}

describe('deskmate sessions', () => {
  it('lists newest first as a table and as JSON, and searches', async () => {
    const dataDir = seeded();
    const r = await run(['--data-dir', dataDir, 'sessions']);
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^updated \(UTC\)\s+turns\s+customer\s+id\s+title$/);
    expect(lines[1]).toMatch(/^2026-03-01 09:00:05\s+1\s+C-2\s+sess-2\s+Headphones crackle on the left side$/);
    expect(lines[2]).toMatch(/^2026-03-01 09:00:03\s+2\s+C-1\s+sess-1\s+Can I return the X200 laptop\?$/);
    const json = await run(['--data-dir', dataDir, 'sessions', 'list', '--query', 'receipt', '--json']);
    const found = SessionSummary.array().parse(JSON.parse(json.out));
    expect(found.map((s) => s.id)).toEqual(['sess-1']);
    const limited = await run(['--data-dir', dataDir, 'sessions', '--limit', '1', '--json']);
    expect(JSON.parse(limited.out)).toHaveLength(1);
    const none = await run(['--data-dir', dataDir, 'sessions', '-q', 'nothing-like-this']);
    expect(none.out).toBe('no sessions\n');
  });

  it('shows one session with speaker, status and time of each turn', async () => {
    const dataDir = seeded();
    const r = await run(['--data-dir', dataDir, 'sessions', 'show', 'sess-1']);
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'session sess-1: "Can I return the X200 laptop?" — customer C-1, 2 turns',
        '#1  2026-03-01 09:00:02  customer: Can I return the X200 laptop?',
        '#2  2026-03-01 09:00:03  assistant [interrupted]: Yes, within 30 days [Doc-1].',
        '    Keep the receipt.',
        '',
      ].join('\n'),
    );
    const json = await run(['--data-dir', dataDir, 'sessions', 'show', 'sess-2', '--json']);
    const parsed = JSON.parse(json.out) as { session: unknown; turns: unknown[] };
    expect(SessionSummary.parse(parsed.session).id).toBe('sess-2');
    expect(Turn.array().parse(parsed.turns).map((t) => t.status)).toEqual(['queued']);
  });

  it('reports misuse and unknown ids clearly', async () => {
    const dataDir = seeded();
    const missing = await run(['--data-dir', dataDir, 'sessions', 'show', 'nope']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('deskmate: session not found: "nope"\n');
    const noId = await run(['--data-dir', dataDir, 'sessions', 'show']);
    expect(noId.code).toBe(2);
    expect(noId.err).toContain('give a session id');
    const badLimit = await run(['--data-dir', dataDir, 'sessions', '--limit', 'lots']);
    expect(badLimit.code).toBe(2);
    expect(badLimit.err).toContain('--limit must be an integer');
    const sub = await run(['--data-dir', dataDir, 'sessions', 'purge']);
    expect(sub.err).toContain('unknown subcommand "purge"');
  });
});
