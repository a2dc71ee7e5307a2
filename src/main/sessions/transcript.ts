// A session's transcript for export: Markdown (headings per turn, answers as written) or plain text (Markdown
// markers removed). Pure: takes the session and its turns, returns the file name and text.
import type { SessionSummary, Turn } from '../../shared/domain';

export type TranscriptFormat = 'markdown' | 'text';

const WHO: Record<Turn['speaker'], string> = { customer: 'Customer', agent: 'Agent', assistant: 'Deskmate' };

/** Markdown emphasis, headings, code and table rules removed; citations and list bullets kept. */
export function plainFromMarkdown(text: string): string {
  return text
    .replace(/^\s*```.*$/gm, '')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/gm, '')
    .replace(/^\s*\|(.*)\|\s*$/gm, (_m, inner: string) => inner.split('|').map((c) => c.trim()).join(' | '))
    .replace(/\*\*(.+?)\*\*/gs, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^(\s*)[*+]\s+/gm, '$1- ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function fileSafe(s: string): string {
  return s.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'session';
}

function statusNote(t: Turn): string {
  if (t.status === 'offline') return ' (offline answer from the local catalog)';
  if (t.status === 'interrupted') return ' (interrupted)';
  if (t.status === 'error') return ' (failed)';
  if (t.status === 'queued') return ' (waiting to be asked online)';
  return '';
}

export function transcript(session: SessionSummary, turns: readonly Turn[], format: TranscriptFormat): { fileName: string; text: string } {
  const title = session.title || 'Untitled session';
  const head =
    format === 'markdown'
      ? [`# ${title}`, '', ...(session.customerId ? [`- Customer / ticket: ${session.customerId}`] : []), ...(session.agentId ? [`- Agent: ${session.agentId}`] : []), `- Started: ${session.createdAt}`, `- Last activity: ${session.updatedAt}`, '']
      : [title, '='.repeat(Math.min(60, Math.max(3, title.length))), ...(session.customerId ? [`Customer / ticket: ${session.customerId}`] : []), ...(session.agentId ? [`Agent: ${session.agentId}`] : []), `Started: ${session.createdAt}`, `Last activity: ${session.updatedAt}`, ''];
  const body = turns
    .filter((t) => t.text.trim() !== '')
    .flatMap((t) => {
      const who = `${WHO[t.speaker]}${statusNote(t)} — ${t.createdAt}`;
      return format === 'markdown' ? [`## ${who}`, '', t.text.trim(), ''] : [`${who}`, plainFromMarkdown(t.text), ''];
    });
  const ext = format === 'markdown' ? 'md' : 'txt';
  return { fileName: `deskmate-${fileSafe(title)}-${session.createdAt.slice(0, 10)}.${ext}`, text: `${[...head, ...body].join('\n').trimEnd()}\n` };
}
