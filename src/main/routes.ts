// The one table both IPC and HTTP dispatch through: contract route name -> validated handler call.
import { z } from 'zod';
import {
  events,
  isRouteName,
  routes,
  transportAllowed,
  type EventName,
  type EventPayload,
  type InvokeResult,
  type RouteName,
  type RouteOutput,
  type Routes,
  type Transport,
} from '../shared/contract';

export type RouteParsedInput<R extends RouteName> = z.output<Routes[R]['input']>;

export interface InvokeContext {
  transport: Transport;
}

export type Handlers = {
  [R in RouteName]: (input: RouteParsedInput<R>, ctx: InvokeContext) => Promise<RouteOutput<R>> | RouteOutput<R>;
};

/** An error a handler throws on purpose: its code and message reach the caller as they are. */
export class DeskError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export type EventListener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export interface EventBus {
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void;
  subscribe(listener: EventListener): () => void;
}

export function createEventBus(): EventBus {
  const listeners = new Set<EventListener>();
  return {
    emit(event, payload) {
      for (const l of listeners) {
        try {
          l(event, payload);
        } catch {
          // one broken subscriber (a closed window, a gone SSE client) must not stop the others
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** Validates an event payload against the contract (used by transports in tests and debug builds). */
export function parseEvent<E extends EventName>(event: E, payload: unknown): EventPayload<E> {
  return events[event].parse(payload) as EventPayload<E>;
}

export function zodIssueText(err: z.ZodError): { message: string; field?: string } {
  const issue = err.issues[0];
  const field = issue && issue.path.length ? issue.path.join('.') : undefined;
  return { message: field ? `${field}: ${issue!.message}` : (issue?.message ?? 'invalid input'), field };
}

/** The refusal of a route the caller's transport may not use (HTTP answers it with 403). */
export function localOnlyError(route: RouteName): { code: string; message: string } {
  return {
    code: 'local_only',
    message:
      route === 'catalog.import'
        ? 'catalog.import reads files by path: desktop app and CLI only, refused over HTTP (upload the file with catalog.importText)'
        : !transportAllowed(route, 'cli')
          ? `${route} is for the desktop app only (it opens a window of the desktop shell)`
          : `${route} is for the desktop app and the CLI only, refused over HTTP`,
  };
}

export type Dispatch = (route: string, rawInput: unknown, ctx: InvokeContext) => Promise<InvokeResult<unknown>>;

/** Handlers never throw across a transport: every outcome is `{ok, data | error}`. */
/** `storage`: names a database failure (full, read-only, damaged) as a code and a message with the path. */
export function createDispatcher(handlers: Handlers, storage?: (err: unknown) => { code: string; message: string } | undefined): Dispatch {
  return async (route, rawInput, ctx) => {
    if (!isRouteName(route)) return { ok: false, error: { code: 'unknown_route', message: `unknown route "${route}"` } };
    if (!transportAllowed(route, ctx.transport)) return { ok: false, error: localOnlyError(route) };
    const spec = routes[route];
    const parsed = spec.input.safeParse(rawInput ?? {});
    if (!parsed.success) return { ok: false, error: { code: 'invalid_input', ...zodIssueText(parsed.error) } };
    try {
      const handler = handlers[route] as (input: unknown, ctx: InvokeContext) => unknown;
      const data = await handler(parsed.data, ctx);
      return { ok: true, data };
    } catch (err) {
      if (err instanceof DeskError) {
        return { ok: false, error: { code: err.code, message: err.message, ...(err.field ? { field: err.field } : {}) } };
      }
      const s = storage?.(err);
      if (s) return { ok: false, error: { code: s.code, message: s.message } };
      return { ok: false, error: { code: 'internal', message: err instanceof Error ? err.message : String(err) } };
    }
  };
}
