// How one stored turn becomes one chat message of the request (or none).
import { z } from 'zod';
import type { Turn } from '../../shared/domain';
import { citationMarkers } from './citations';

export type ChatRole = 'system' | 'user' | 'assistant';
export interface ChatMessage {
  role: ChatRole;
  content: string;
  /** `content` as the strings it joins (the knowledge block; see llm/types.ts ChatMessage.parts). */
  parts?: readonly string[];
}

/** Citations the engine stored on an assistant turn (`turn.meta.citations`). */
const StoredCitation = z.object({
  n: z.number().int().optional(),
  productId: z.string(),
  name: z.string().optional(),
});
const StoredCitations = z.array(StoredCitation);
export type StoredCitation = z.infer<typeof StoredCitation>;

export function turnCitations(turn: Turn): StoredCitation[] {
  const parsed = StoredCitations.safeParse(turn.meta?.citations);
  return parsed.success ? parsed.data : [];
}

/**
 * Earlier answers cite `[Doc-N]` in the numbering of THEIR request; left as is they would collide with this
 * request's numbering. They become `(source: name)` when the turn's stored citations say which, else vanish.
 */
export function neutraliseCitations(text: string, citations: readonly StoredCitation[]): string {
  if (!/doc/i.test(text)) return text;
  return text.replace(citationMarkers(), (m) => {
    const names = [...m.matchAll(/\d+/g)]
      .map((d) => citations.find((c) => c.n === Number(d[0])))
      .map((c) => (c ? (c.name ?? c.productId) : null))
      .filter((x): x is string => x !== null);
    return names.length > 0 ? `(source: ${[...new Set(names)].join(', ')})` : '';
  });
}

/** Statuses whose text belongs in the conversation sent to the model. */
function eligible(turn: Turn): boolean {
  if (turn.speaker === 'customer') return true;
  return turn.status === 'complete' || turn.status === 'interrupted' || turn.status === 'offline';
}

/**
 * The chat message for a stored turn: customer → user; assistant → assistant; agent → assistant prefixed
 * "Agent:". Null when the turn must not be sent (failed or in-progress answers, empty text — Moonshot rejects
 * empty assistant messages).
 */
export function turnMessage(turn: Turn): ChatMessage | null {
  if (!eligible(turn)) return null;
  const text = turn.text.trim();
  if (text.length === 0) return null;
  if (turn.speaker === 'customer') return { role: 'user', content: text };
  if (turn.speaker === 'agent') return { role: 'assistant', content: `Agent: ${text}` };
  const body = neutraliseCitations(text, turnCitations(turn));
  const content = turn.status === 'interrupted' ? `${body}\n[answer interrupted]` : body;
  return content.trim().length > 0 ? { role: 'assistant', content } : null;
}

/** Cache key of a turn's rendering: changes whenever the turn's text changes (id + version + length). */
export function turnKey(turn: Turn): string {
  return `turn:${turn.id}:${turn.updatedAt}:${turn.status}:${turn.text.length}`;
}
