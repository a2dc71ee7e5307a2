// The Kimi client: the official openai SDK pointed at Moonshot (or any OpenAI-compatible server), its own retries
// off, with our deadlines (connect / first token / idle) and Moonshot's wire quirks handled by normaliseStream.
import type OpenAI from 'openai';
import { LlmError, classifyError } from './errors';
import { resolveModel, type ResolvedModel } from './models';
import { ChunkNormaliser, normaliseStream } from './stream';
import type { ChatRequest, Clock, KimiClient, PingResult, StreamEvent, StreamOptions } from './types';
import { createWireClient, type WireCall, type WireClient } from './wire';
import { buildChatBody, encodeChatBody } from './body';

export { buildChatBody };

export interface KimiClientOptions {
  baseUrl: string;
  /** Undefined → a placeholder is sent (local servers ignore it; Moonshot answers 401 → `auth`). */
  apiKey: string | undefined;
  fetch?: typeof fetch;
  clock?: Clock;
  /** Window for models not in MODEL_TABLE (only used to decide sampling parameters here). */
  fallbackWindow?: number;
  /** How answers stream: 'wire' (default without a custom fetch: node:http + a small SSE parser, ~5x less CPU per
   * chunk) or 'sdk' (the openai SDK's stream; always with a custom fetch). Env DESKMATE_KIMI_TRANSPORT=sdk. */
  transport?: 'wire' | 'sdk';
}

const NO_KEY = 'not-set';
const DEFAULT_LIST_TIMEOUT_MS = 10_000;

type Phase = 'first_token' | 'idle';

/** Create one client per baseUrl + key and reuse it: the SDK instance keeps the connection pool warm. */
export function createKimiClient(opts: KimiClientOptions): KimiClient {
  // The SDK (~150 ES modules) is loaded on first use — models/ping or the `sdk` transport — so a serving process
  // that only streams over the wire transport never loads it.
  let sdkInstance: Promise<OpenAI> | null = null;
  const sdk = (): Promise<OpenAI> =>
    (sdkInstance ??= import('openai').then(
      ({ default: OpenAISdk }) =>
        new OpenAISdk({
          baseURL: opts.baseUrl,
          apiKey: opts.apiKey ?? NO_KEY,
          organization: null,
          project: null,
          maxRetries: 0,
          logLevel: 'off',
          ...(opts.fetch ? { fetch: opts.fetch } : {}),
        }),
    ));
  const clock: Clock = opts.clock ?? { now: () => performance.now() };
  const wire = !opts.fetch && (opts.transport ?? 'wire') === 'wire' ? createWireClient(opts.baseUrl, opts.apiKey ?? NO_KEY) : null;
  const modelCache = new Map<string, ResolvedModel>();
  const modelInfo = (id: string): ResolvedModel => {
    let m = modelCache.get(id);
    if (!m) {
      m = resolveModel(id, { fallbackWindow: opts.fallbackWindow });
      modelCache.set(id, m);
    }
    return m;
  };

  const timeoutError = (fired: Phase, timeouts: StreamOptions['timeouts']): LlmError => {
    const what = fired === 'idle' ? `no chunk for ${timeouts.idleMs} ms` : `no token within ${timeouts.firstTokenMs} ms`;
    return new LlmError({ kind: 'timeout', phase: fired, message: `timeout: ${what}` });
  };

  /**
   * The wire transport, pushed: the normaliser and the deadlines run in the socket's callbacks and `emit` is called
   * there (no promise per chunk). The idle deadline is one timer per stream that, when it fires, looks at the time
   * of the last token and re-arms for what is left (no timer work per chunk).
   */
  function streamWire(w: WireClient, req: ChatRequest, so: StreamOptions, emit: (ev: StreamEvent) => void): Promise<void> {
    const { signal, timeouts } = so;
    if (signal?.aborted) return Promise.reject(new LlmError({ kind: 'aborted', message: 'aborted before sending' }));
    return new Promise<void>((resolve, reject) => {
      let phase: Phase = 'first_token';
      let fired: Phase | null = null;
      let lastAt = 0;
      let settled = false;
      let call: WireCall | null = null;
      /** Stopped by the caller through `bindStop` (like an abort of `signal`). */
      let halted = false;
      const normaliser = new ChunkNormaliser();
      const stopped = (): LlmError | null => {
        if (fired) return timeoutError(fired, timeouts);
        if (signal?.aborted || halted) return new LlmError({ kind: 'aborted', message: 'request aborted' });
        return null;
      };
      const onTimer = (): void => {
        timer = null;
        if (settled) return;
        if (phase === 'idle') {
          const left = timeouts.idleMs - (performance.now() - lastAt);
          if (left >= 1) {
            timer = setTimeout(onTimer, left);
            return;
          }
        }
        fired = phase;
        call?.abort();
      };
      let timer: NodeJS.Timeout | null = setTimeout(onTimer, timeouts.firstTokenMs);
      const onAbort = (): void => call?.abort();
      signal?.addEventListener('abort', onAbort, { once: true });
      so.bindStop?.(() => {
        if (settled) return;
        halted = true;
        call?.abort();
      });
      const settle = (err?: unknown): void => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        timer = null;
        signal?.removeEventListener('abort', onAbort);
        if (err === undefined) resolve();
        else reject(stopped() ?? classifyError(err));
      };
      const onEvent = (ev: StreamEvent): void => {
        emit(ev);
        if (ev.type === 'delta' || ev.type === 'reasoning') {
          lastAt = performance.now();
          if (phase === 'first_token') {
            phase = 'idle';
            if (timer) clearTimeout(timer);
            timer = setTimeout(onTimer, timeouts.idleMs);
          }
        }
      };
      try {
        const body = encodeChatBody(req, modelInfo(req.model));
        const pace = so.readPaceMs;
        // Never paced past a quarter of the idle deadline (a held read must not look like silence).
        const paceMs = pace ? (): number => (phase === 'idle' ? Math.min(pace(), timeouts.idleMs / 4) : 0) : undefined;
        call = w.open(body, { connectMs: Math.max(1, Math.round(timeouts.connectMs)), ...(paceMs ? { paceMs } : {}) }, {
          chunk: (obj) => normaliser.push(obj, onEvent),
          // A plain content chunk (wire.ts ContentShortcut): what the normaliser would make of it.
          content: (text) => {
            if (text) onEvent({ type: 'delta', text });
          },
          end: () => {
            if (settled) return;
            const why = stopped();
            if (why) return settle(why);
            try {
              normaliser.end(onEvent);
            } catch (err) {
              return settle(err);
            }
            settle();
          },
          fail: (err) => settle(err),
        });
      } catch (err) {
        settle(err);
      }
    });
  }

  /** A pushed stream as an async iterable (the `streamChat` interface of the wire transport). */
  async function* pulled(
    start: (emit: (ev: StreamEvent) => void, signal: AbortSignal) => Promise<void>,
    outer: AbortSignal | undefined,
  ): AsyncGenerator<StreamEvent, void, undefined> {
    const ctrl = new AbortController();
    const onAbort = (): void => ctrl.abort();
    if (outer?.aborted) ctrl.abort();
    else outer?.addEventListener('abort', onAbort, { once: true });
    const queue: StreamEvent[] = [];
    let state = 'running' as 'running' | 'done' | 'failed';
    let failure: unknown;
    let wake: (() => void) | null = null;
    const notify = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    void start((ev) => {
      queue.push(ev);
      notify();
    }, ctrl.signal).then(
      () => {
        state = 'done';
        notify();
      },
      (err: unknown) => {
        state = 'failed';
        failure = err;
        notify();
      },
    );
    let finished = false;
    try {
      for (;;) {
        if (queue.length > 0) {
          for (const ev of queue.splice(0, queue.length)) yield ev;
          continue;
        }
        if (state === 'failed') throw failure;
        if (state === 'done') break;
        await new Promise<void>((r) => (wake = r));
      }
      finished = true;
    } finally {
      outer?.removeEventListener('abort', onAbort);
      // The consumer broke off: the upstream request must not stay open.
      if (!finished) ctrl.abort();
    }
  }

  async function* streamChat(req: ChatRequest, so: StreamOptions): AsyncGenerator<StreamEvent, void, undefined> {
    if (wire) {
      const w = wire;
      yield* pulled((emit, signal) => streamWire(w, req, { ...so, signal }, emit), so.signal);
      return;
    }
    const { signal, timeouts } = so;
    if (signal?.aborted) throw new LlmError({ kind: 'aborted', message: 'aborted before sending' });
    const ctrl = new AbortController();
    const onAbort = (): void => ctrl.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let phase: Phase = 'first_token';
    let fired: Phase | null = null;
    let timer = setTimeout(() => {
      fired = phase;
      ctrl.abort();
    }, timeouts.firstTokenMs);
    let completed = false;
    const stopped = (): LlmError | null => {
      if (fired) return timeoutError(fired, timeouts);
      if (signal?.aborted) return new LlmError({ kind: 'aborted', message: 'request aborted' });
      return null;
    };
    try {
      const body = buildChatBody(req, modelInfo(req.model));
      const connectMs = Math.max(1, Math.round(timeouts.connectMs));
      const stream: AsyncIterable<unknown> = await (await sdk()).chat.completions.create(body, { signal: ctrl.signal, timeout: connectMs, maxRetries: 0 });
      // The SDK ends iteration silently when its request is aborted: turn that into the reason we aborted.
      async function* guarded(): AsyncGenerator<unknown, void, undefined> {
        yield* stream;
        const why = stopped();
        if (why) throw why;
      }
      for await (const ev of normaliseStream(guarded())) {
        if (ev.type === 'delta' || ev.type === 'reasoning') {
          if (phase === 'first_token') {
            phase = 'idle';
            clearTimeout(timer);
            timer = setTimeout(() => {
              fired = phase;
              ctrl.abort();
            }, timeouts.idleMs);
          } else {
            timer.refresh();
          }
        }
        yield ev;
        if (phase === 'idle') timer.refresh();
      }
      completed = true;
    } catch (err) {
      throw stopped() ?? classifyError(err);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (!completed) ctrl.abort();
    }
  }

  async function listModels(lo: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string[]> {
    try {
      const page = await (await sdk()).models.list({
        ...(lo.signal ? { signal: lo.signal } : {}),
        timeout: lo.timeoutMs ?? DEFAULT_LIST_TIMEOUT_MS,
        maxRetries: 0,
      });
      return page.data.map((m) => m.id).filter((id): id is string => typeof id === 'string');
    } catch (err) {
      throw classifyError(err);
    }
  }

  async function ping(lo: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<PingResult> {
    const started = clock.now();
    try {
      const models = await listModels(lo);
      return { ok: true, latencyMs: clock.now() - started, models };
    } catch (err) {
      return { ok: false, latencyMs: clock.now() - started, models: [], error: classifyError(err) };
    }
  }

  const client: KimiClient = { baseUrl: opts.baseUrl, streamChat, listModels, ping };
  if (wire) {
    const w = wire;
    client.streamChatTo = (req, so, emit) => streamWire(w, req, so, emit);
  }
  return client;
}

/** One client per baseUrl + key for the life of the process (creating the SDK per call costs TTFT). */
export function createKimiClientCache(make: (o: KimiClientOptions) => KimiClient = createKimiClient) {
  const clients = new Map<string, KimiClient>();
  return {
    get(o: KimiClientOptions): KimiClient {
      const key = `${o.baseUrl}\u0000${o.apiKey ?? ''}\u0000${o.fallbackWindow ?? ''}`;
      let c = clients.get(key);
      if (!c) {
        c = make(o);
        clients.set(key, c);
      }
      return c;
    },
    clear(): void {
      clients.clear();
    },
  };
}
