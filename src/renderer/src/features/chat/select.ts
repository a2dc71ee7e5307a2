// Selectors over the chat store: what one row shows, and which context breakdown the meter shows. Pure; they
// return stored references (not new objects) so zustand subscribers re-render only when their row changed.
import type { ContextBreakdown } from '../../../../shared/answer';
import type { Turn } from '../../../../shared/domain';
import type { ChatState, PendingAnswer } from '../../stores/chat';
import { viewFromResult, viewFromTurn, type AnswerView } from './answer-view';
import { liveRequestOf } from './items';

const indexCache = new WeakMap<readonly Turn[], Map<number, Turn>>();
export function turnById(turns: readonly Turn[], id: number): Turn | undefined {
  let idx = indexCache.get(turns);
  if (!idx) {
    idx = new Map(turns.map((t) => [t.id, t]));
    indexCache.set(turns, idx);
  }
  return idx.get(id);
}

const viewCache = new WeakMap<Turn, AnswerView>();
/** viewFromTurn, memoised per stored turn object (selectors must return the same object for the same turn). */
export function storedView(turn: Turn): AnswerView {
  let v = viewCache.get(turn);
  if (!v) viewCache.set(turn, (v = viewFromTurn(turn)));
  return v;
}

export function pendingForTurn(pending: Readonly<Record<string, PendingAnswer>>, turn: Turn | undefined): PendingAnswer | undefined {
  if (!turn) return undefined;
  for (const p of Object.values(pending)) if (p.answerTurnId === turn.id) return p;
  return liveRequestOf(turn, pending);
}

export interface RowData {
  turn: Turn | undefined;
  pending: PendingAnswer | undefined;
  result: ChatState['results'][number] | undefined;
}

/** The raw parts of a row (`t<turnId>` or `r<requestId>`): compare shallowly. */
export function rowData(s: Pick<ChatState, 'turns' | 'pending' | 'results'>, key: string): RowData {
  if (key.startsWith('t')) {
    const id = Number(key.slice(1));
    const turn = turnById(s.turns, id);
    return { turn, pending: pendingForTurn(s.pending, turn), result: s.results[id] };
  }
  const p = s.pending[key.slice(1)];
  return { turn: undefined, pending: p, result: p?.result ?? undefined };
}

/** An answer row as shown: the live text while it is written, the final result once known, else the stored turn. */
export function answerView(d: RowData): AnswerView | null {
  const live = d.pending && d.pending.phase !== 'done' ? d.pending : undefined;
  if (live) {
    const base = d.turn ? storedView(d.turn) : null;
    return {
      text: live.text,
      status: 'streaming',
      mode: base?.mode ?? 'online',
      citations: [],
      sentDocs: live.sentDocs,
      unsupported: [],
      noInformation: false,
      escalation: null,
      error: null,
      context: live.context,
      metrics: null,
      feedback: null,
    };
  }
  const result = d.result ?? d.pending?.result ?? undefined;
  if (result) {
    const v = viewFromResult(result);
    // the stored turn has the final status (a queued question's answer, a later edit)
    return d.turn ? { ...v, status: d.turn.status === 'streaming' ? v.status : d.turn.status, feedback: storedView(d.turn).feedback } : v;
  }
  return d.turn ? storedView(d.turn) : null;
}

/** The breakdown the context meter shows: the newest request of the open session. */
export function latestContext(s: Pick<ChatState, 'turns' | 'pending' | 'sessionId'>): ContextBreakdown | null {
  let best: { at: number; ctx: ContextBreakdown } | null = null;
  for (const p of Object.values(s.pending)) {
    if (p.sessionId === s.sessionId && p.context) {
      const at = p.answerTurnId ?? Number.MAX_SAFE_INTEGER;
      if (!best || at >= best.at) best = { at, ctx: p.context };
    }
  }
  if (best) return best.ctx;
  for (let i = s.turns.length - 1; i >= 0; i--) {
    const t = s.turns[i]!;
    if (t.speaker === 'assistant') {
      const ctx = storedView(t).context;
      if (ctx) return ctx;
    }
  }
  return null;
}
