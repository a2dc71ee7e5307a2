import type { SessionSummary, Turn } from '../../shared/domain';
import { SessionStore } from '../sessions/store';
import { SessionNotFoundError } from '../sessions/errors';
import { table } from '../usage/format';
import { intOption, print, printJson, UsageError, type Command, type CommandContext } from './types';

/** `2026-03-01T09:00:01.000Z` → `2026-03-01 09:00:01` (UTC). */
function when(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

function oneLine(s: string, max: number): string {
  const flat = s.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat;
}

export function formatSessions(list: readonly SessionSummary[]): string {
  if (list.length === 0) return 'no sessions';
  return table(
    ['updated (UTC)', 'turns', 'customer', 'id', 'title'],
    list.map((s) => [when(s.updatedAt), s.turnCount, s.customerId ?? '–', s.id, oneLine(s.title, 60) || '(untitled)']),
    'lrlll',
  );
}

export function formatTurns(s: SessionSummary, turns: readonly Turn[]): string {
  const head = `session ${s.id}: ${s.title ? `"${s.title}"` : '(untitled)'} — customer ${s.customerId ?? '–'}, ${s.turnCount} turns`;
  const width = Math.max(0, ...turns.map((t) => String(t.seq).length));
  const lines = turns.map((t) => {
    const tag = t.status === 'complete' ? '' : ` [${t.status}]`;
    const prefix = `#${String(t.seq).padStart(width)}  ${when(t.createdAt)}  ${t.speaker}${tag}: `;
    const [first, ...rest] = t.text.split('\n');
    return [prefix + first, ...rest.map((l) => ' '.repeat(width + 3) + l)].join('\n');
  });
  return [head, ...lines].join('\n');
}

function list(ctx: CommandContext): number {
  const store = new SessionStore(ctx.desk().db);
  const query = typeof ctx.values.query === 'string' ? ctx.values.query : undefined;
  const found = store.listSessions({ query, limit: intOption(ctx, 'limit', 20, 1, 1000), offset: intOption(ctx, 'offset', 0, 0) });
  if (ctx.json) printJson(ctx, found);
  else print(ctx, formatSessions(found));
  return 0;
}

function show(ctx: CommandContext): number {
  const id = ctx.positionals[1];
  if (!id) throw new UsageError('sessions show: give a session id (see `deskmate sessions list`)');
  const store = new SessionStore(ctx.desk().db);
  const session = store.getSession(id);
  if (!session) throw new SessionNotFoundError(id);
  const turns = store.getTurns(id);
  if (ctx.json) printJson(ctx, { session, turns });
  else print(ctx, formatTurns(session, turns));
  return 0;
}

export const sessionsCommand: Command = {
  name: 'sessions',
  summary: 'List or search customer sessions, or show one with its turns',
  usage: 'sessions [list] [--query Q] [--limit N] [--offset N] [--json]\n       deskmate sessions show ID [--json]',
  options: {
    query: { type: 'string', short: 'q' },
    limit: { type: 'string' },
    offset: { type: 'string' },
  },
  help: [
    '--query Q   match title, customer id, session id, or turn text holding every word of Q',
    '--limit N   sessions to list, newest activity first (default 20, max 1000)',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const sub = ctx.positionals[0] ?? 'list';
    const max = sub === 'show' ? 2 : 1;
    if (ctx.positionals.length > max) throw new UsageError(`sessions ${sub}: unexpected argument "${ctx.positionals[max]}"`);
    if (sub === 'list') return list(ctx);
    if (sub === 'show') return show(ctx);
    throw new UsageError(`sessions: unknown subcommand "${sub}" (try: list, show)`);
  },
};
