// The contract over HTTP (browser mode): `POST /api/invoke/:route` → `{ok, data|error}` exactly as IPC answers,
// and `GET /api/events` → every bus event as SSE `event: NAME\ndata: JSON`.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InvokeResult } from '../../shared/contract';
import { isRouteName, transportAllowed } from '../../shared/contract';
import { localOnlyError, type Dispatch, type EventBus } from '../routes';
import { readJson } from './body';
import { sendJson } from './respond';
import { Heartbeat, SseStream } from './sse';

/** Transport failures use the same `{ok:false, error}` shape so the browser client parses one thing. */
export function sendInvokeError(res: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  const body: InvokeResult<never> = { ok: false, error: { code, message } };
  sendJson(res, status, body, headers);
}

export interface InvokeDeps {
  dispatch: Dispatch;
  limitFor: (route: string) => number;
}

export async function handleInvoke(req: IncomingMessage, res: ServerResponse, route: string, deps: InvokeDeps): Promise<void> {
  if (!isRouteName(route)) {
    sendInvokeError(res, 404, 'unknown_route', `unknown route "${route}"`);
    return;
  }
  if (!transportAllowed(route, 'http')) {
    // refused before the body is read: nothing the caller sent (a path) is looked at, so nothing about it leaks
    const e = localOnlyError(route);
    sendInvokeError(res, 403, e.code, e.message, { Connection: 'close' });
    return;
  }
  const body = await readJson(req, deps.limitFor(route));
  if (!body.ok) {
    if (body.status === 413) sendInvokeError(res, 413, 'payload_too_large', body.message, { Connection: 'close' });
    else sendInvokeError(res, 400, 'invalid_input', body.message);
    return;
  }
  const result = await deps.dispatch(route, body.value ?? {}, { transport: 'http' });
  sendJson(res, 200, result);
}

/** A client this far behind (bytes queued) is dropped; EventSource reconnects and the next snapshot catches it up. */
const MAX_BACKLOG = 8 * 1024 * 1024;

export interface EventsDeps {
  bus: EventBus;
  heartbeat: Heartbeat;
  /** Open event streams, ended at shutdown. */
  open: Set<SseStream>;
}

export function handleEvents(_req: IncomingMessage, res: ServerResponse, deps: EventsDeps): void {
  const sse = new SseStream(res);
  sse.open();
  deps.open.add(sse);
  const stopBeat = deps.heartbeat.add(sse);
  const unsubscribe = deps.bus.subscribe((event, payload) => {
    if (sse.backlog > MAX_BACKLOG) {
      res.destroy();
      return;
    }
    sse.send(event, payload);
  });
  res.on('close', () => {
    unsubscribe();
    stopBeat();
    deps.open.delete(sse);
    sse.end();
  });
}
