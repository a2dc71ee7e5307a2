// The input side of a turn: what callers give the store (new turns, patches, an answer's final state) and its
// checks, apart from the store's SQL (store.ts).
import type { Speaker, Turn, TurnStatus } from '../../shared/domain';
import { checkSpeaker, checkStatus, checkText, serialiseMeta, type TurnMeta } from './rows';

export interface NewTurn {
  speaker: Speaker;
  text: string;
  status?: TurnStatus;
  meta?: TurnMeta;
}

export interface TurnPatch {
  text?: string;
  status?: TurnStatus;
  /** Merged shallowly into the stored meta (a key set to undefined is removed). */
  meta?: TurnMeta;
}

/** An answer's final state, written whole (no read of the stored row): the caller knows its full meta. */
export interface TurnFinal {
  sessionId: string;
  text: string;
  status: TurnStatus;
  meta: TurnMeta;
}

export interface QueuedQuestion {
  turn: Turn;
  sessionId: string;
}

/** A new turn with its fields checked and its meta serialised. */
export interface CheckedTurn {
  speaker: Speaker;
  text: string;
  status: TurnStatus;
  meta: string | null;
}

export function checkTurn(input: NewTurn): CheckedTurn {
  return {
    speaker: checkSpeaker(input.speaker),
    text: checkText(input.text),
    status: checkStatus(input.status ?? 'complete'),
    meta: input.meta === undefined ? null : serialiseMeta(input.meta),
  };
}

export function checkPatch(patch: TurnPatch): TurnPatch {
  if (patch.text !== undefined) checkText(patch.text);
  if (patch.status !== undefined) checkStatus(patch.status);
  if (patch.meta !== undefined) serialiseMeta(patch.meta);
  return patch;
}

