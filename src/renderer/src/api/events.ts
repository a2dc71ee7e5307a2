// Event payloads are checked against the contract before any store sees them: a malformed or unknown event is
// dropped (and reported), never half-applied.
import { events, isEventName, type EventName, type EventPayload } from '../../../shared/contract';

export function parseEventPayload<E extends EventName>(event: E, payload: unknown): EventPayload<E> | null {
  if (!isEventName(event)) return null;
  const r = events[event].safeParse(payload);
  return r.success ? (r.data as EventPayload<E>) : null;
}

export type InvalidEventReporter = (event: string, payload: unknown) => void;

/** Turns a thrown or rejected transport failure into the contract's error shape. */
export function transportError(err: unknown): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code: 'transport', message: err instanceof Error ? err.message : String(err) } };
}
