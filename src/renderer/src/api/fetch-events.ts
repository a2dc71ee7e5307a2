// The event stream read through `fetch` (so it can carry `Authorization: Bearer`, which EventSource cannot),
// shaped like the part of EventSource the HTTP client uses. Any end or failure leaves it CLOSED and calls onerror;
// the client reconnects with backoff.
import type { EventSourceLike } from './http-client';

export type StreamFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; credentials: 'omit'; cache: 'no-store'; signal: AbortSignal },
) => Promise<{ status: number; body: ReadableStream<Uint8Array> | null }>;

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 2;

type Listener = (ev: { data: string }) => void;

export function fetchEventSource(url: string, opts: { fetch: StreamFetch; token: string | null }): EventSourceLike {
  const controller = new AbortController();
  const listeners = new Map<string, Set<Listener>>();
  let closedByUs = false;
  const es: EventSourceLike & { readyState: number } = {
    readyState: CONNECTING,
    onopen: null,
    onerror: null,
    addEventListener(type, l) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      set.add(l);
    },
    removeEventListener(type, l) {
      listeners.get(type)?.delete(l);
    },
    close() {
      closedByUs = true;
      es.readyState = CLOSED;
      controller.abort();
    },
  };
  const fail = (): void => {
    if (closedByUs || es.readyState === CLOSED) return;
    es.readyState = CLOSED;
    controller.abort();
    es.onerror?.(undefined as never);
  };
  const dispatch = (block: string): void => {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':') || line === '') continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length === 0) return;
    for (const l of [...(listeners.get(event) ?? [])]) l({ data: data.join('\n') });
  };
  void (async () => {
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const res = await opts.fetch(url, { method: 'GET', headers, credentials: 'omit', cache: 'no-store', signal: controller.signal });
      if (res.status !== 200 || !res.body) return fail();
      es.readyState = OPEN;
      es.onopen?.(undefined as never);
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      let buf = '';
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buf += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
        let end: number;
        while ((end = buf.indexOf('\n\n')) >= 0) {
          dispatch(buf.slice(0, end));
          buf = buf.slice(end + 2);
        }
      }
      fail();
    } catch {
      fail();
    }
  })();
  return es;
}
