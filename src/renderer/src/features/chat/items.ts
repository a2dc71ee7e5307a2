// The rows of the conversation: stored turns in order, each answer being written shown in place of its stored
// turn (or right after its question while it has none yet). Pure.
import type { Turn } from '../../../../shared/domain';
import type { PendingAnswer } from '../../stores/chat';

/** The request writing a stored `streaming` answer turn, by the request id the engine stored in its meta. */
export function liveRequestOf(turn: Turn, pending: Readonly<Record<string, PendingAnswer>>): PendingAnswer | undefined {
  if (turn.speaker !== 'assistant' || turn.status !== 'streaming') return undefined;
  const id = turn.meta?.requestId;
  return typeof id === 'string' ? pending[id] : undefined;
}

export interface TurnItem {
  /** Stable React/virtual-list key: `t<turnId>` or `r<requestId>`. */
  key: string;
  turnId: number | null;
  /** The answer being written shown in this row, if any. */
  requestId: string | null;
  /** The customer turn this answer replies to (regenerate / ask online). */
  questionTurnId: number | null;
}

export function deriveItems(turns: readonly Turn[], pending: Readonly<Record<string, PendingAnswer>>, sessionId: string | null): TurnItem[] {
  const mine = Object.values(pending).filter((p) => p.sessionId === sessionId && sessionId !== null);
  const byAnswer = new Map<number, PendingAnswer>();
  for (const p of mine) if (p.answerTurnId !== null) byAnswer.set(p.answerTurnId, p);
  // a stored answer still being written names its request (meta.requestId) before any progress arrives
  const placed = new Set<string>();
  for (const t of turns) {
    const p = liveRequestOf(t, pending);
    if (p && p.sessionId === sessionId && !byAnswer.has(t.id)) byAnswer.set(t.id, p);
  }
  for (const [id, p] of byAnswer) if (turns.some((t) => t.id === id)) placed.add(p.requestId);
  const ids = new Set(turns.map((t) => t.id));
  const floating = mine.filter((p) => !placed.has(p.requestId) && (p.answerTurnId === null || !ids.has(p.answerTurnId)));
  const afterQuestion = new Map<number, PendingAnswer[]>();
  const atEnd: PendingAnswer[] = [];
  for (const p of floating) {
    if (p.questionTurnId !== null && ids.has(p.questionTurnId)) {
      const list = afterQuestion.get(p.questionTurnId) ?? [];
      list.push(p);
      afterQuestion.set(p.questionTurnId, list);
    } else atEnd.push(p);
  }
  const items: TurnItem[] = [];
  let lastQuestion: number | null = null;
  for (const t of turns) {
    if (t.speaker === 'customer') lastQuestion = t.id;
    const live = byAnswer.get(t.id);
    items.push({
      key: `t${t.id}`,
      turnId: t.id,
      requestId: live ? live.requestId : null,
      questionTurnId: t.speaker === 'assistant' ? lastQuestion : null,
    });
    for (const p of afterQuestion.get(t.id) ?? []) {
      items.push({ key: `r${p.requestId}`, turnId: null, requestId: p.requestId, questionTurnId: p.questionTurnId });
    }
  }
  for (const p of atEnd) items.push({ key: `r${p.requestId}`, turnId: null, requestId: p.requestId, questionTurnId: p.questionTurnId });
  return items;
}

/** A cheap signature of the row list, so the list re-renders only when rows come or go. */
export function itemsSignature(items: readonly TurnItem[]): string {
  return items.map((i) => `${i.key}:${i.requestId ?? ''}:${i.questionTurnId ?? ''}`).join('|');
}
