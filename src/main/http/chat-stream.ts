// `POST /v1/chat/stream`: the seed-compatible streaming endpoint, a thin adapter over the engine.
// Events: metrics (at first token) → content* → citations → done, or error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AnswerResult } from '../../shared/answer';
import { isRetryable, type ErrorCode } from '../../shared/errors';
import type { AskRequest, Engine } from '../engine-api';
import { readJson } from './body';
import { sendError, sendJson } from './respond';
import { formatEvent, Heartbeat, HEADERS_WAIT_MS, SseStream } from './sse';
import type { StreamMetrics } from './metrics';

export const ChatStreamRequest = z.object({
  session_id: z.string().trim().min(1, 'must not be blank').max(200),
  conversation_context: z
    .array(z.object({ role: z.enum(['user', 'assistant', 'system']), content: z.string().max(200_000) }))
    .max(1_000)
    .default([]),
  query: z.string().trim().min(1, 'must not be blank').max(20_000),
  retrieved_documents: z.array(z.string().max(200_000)).max(200).optional(),
  /** The agent asking (not the customer): stored as the session's agent and on the question turn. */
  user_id: z.string().trim().max(200),
  /** The customer this session is for (team hub: earlier turns at other desks join the history). */
  customer_id: z.string().trim().min(1).max(200).optional(),
  stream: z.boolean().optional(),
});
export type ChatStreamRequest = z.output<typeof ChatStreamRequest>;

/** SSE `error` / JSON `error`: `type` is a shared error code (src/shared/errors.ts, docs/http-api.md). */
export function errorPayload(result: AnswerResult): { type: ErrorCode; message: string; retryable: boolean } {
  const type: ErrorCode = result.error?.type ?? (result.status === 'interrupted' ? 'dropped' : 'internal');
  const message = result.error?.message ?? (result.status === 'interrupted' ? 'the answer stopped before it was complete' : 'the answer failed');
  return { type, message, retryable: isRetryable(type) };
}

export function donePayload(result: AnswerResult): Record<string, number | string | null> {
  const streamMs = result.ttftMs === null ? result.latencyMs : result.latencyMs - result.ttftMs;
  const tps = streamMs > 0 ? result.usage.completionTokens / (streamMs / 1000) : 0;
  return {
    total_tokens: result.usage.totalTokens,
    total_latency_ms: Math.round(result.latencyMs),
    tokens_per_second: Math.round(tps * 10) / 10,
    cost_usd: result.costUsd,
    mode: result.mode,
  };
}

export function toAskRequest(body: ChatStreamRequest): AskRequest {
  return {
    sessionId: body.session_id,
    ...(body.customer_id ? { customerId: body.customer_id } : {}),
    ...(body.user_id ? { agentId: body.user_id } : {}),
    text: body.query,
    ...(body.retrieved_documents?.length ? { extraDocuments: body.retrieved_documents } : {}),
    ...(body.conversation_context.length ? { conversationContext: body.conversation_context } : {}),
  };
}


/** How long the last piece of an answer may wait to go out with the closing events (while the answer is stored). */
export const END_MERGE_MS = 60;

/** Live streams per `base` of window: the window is base × live / WINDOW_STREAMS, within [1, WINDOW_MAX] × base. */
export const WINDOW_STREAMS = 50;
export const WINDOW_MAX = 5;

/**
 * The content window under load: `base` ms up to 50 live streams in this process, growing with them to at most 5×
 * (by default 200 ms at 100 streams, ~420 ms at 210 — one process's share of 200 req/s of 2-s answers — and 500 ms at
 * 250+). Each window costs a write to the client (a system call that also wakes it) and a paced read of the upstream
 * with its parse and the engine's work for one delta: at the peak, fewer and larger pieces leave CPU for answering.
 * The first piece is never delayed, and a desk with few streams keeps the 100-ms cadence.
 */
export function windowFor(base: number, live: number): number {
  return Math.round(base * Math.min(WINDOW_MAX, Math.max(1, live / WINDOW_STREAMS)));
}

/** How much earlier than its window a paced read may come back (timers fire to the ms, late rather than early). */
const PACE_JITTER_MS = 5;

/**
 * How long a paced read of the upstream waits: about `windowMs`, ending on a multiple of `grid` ms of the process's
 * clock, so every stream of the process reads (and writes its piece) at the same instants — one timer wake-up and one
 * turn of the event loop serve all the streams due then, instead of one each at scattered times.
 */
export function alignedPace(windowMs: number, grid: number, now: number): number {
  if (grid <= 0) return windowMs;
  return Math.max(1, Math.ceil((now + windowMs - grid / 2) / grid) * grid - now);
}

/** A stream the server can end at shutdown. */
export interface InflightStream {
  abort(reason: 'shutdown'): void;
  finished: Promise<void>;
}

export interface ChatStreamDeps {
  engine: Engine;
  metrics: StreamMetrics;
  heartbeat: Heartbeat;
  inflight: Set<InflightStream>;
  limit: number;
  coalesce: boolean;
  /** 0: merge deltas of the same tick; N: at most one content event per N ms after the first. */
  coalesceWindowMs: number;
  now: () => number;
  /** How long the headers may wait for the first event (default HEADERS_WAIT_MS; 0: at once). */
  headersWaitMs?: number;
}

export async function handleChatStream(req: IncomingMessage, res: ServerResponse, deps: ChatStreamDeps): Promise<void> {
  const started = deps.now();
  const body = await readJson(req, deps.limit);
  if (!body.ok) {
    const headers: Record<string, string> = body.status === 413 ? { Connection: 'close' } : {};
    sendError(res, body.status, body.status === 413 ? 'payload_too_large' : 'invalid_request', body.message, body.status === 400 ? 'body' : undefined, headers);
    return;
  }
  const parsed = ChatStreamRequest.safeParse(body.value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : undefined;
    sendError(res, 400, 'invalid_request', field ? `${field}: ${issue!.message}` : (issue?.message ?? 'invalid body'), field);
    return;
  }
  const ask = toAskRequest(parsed.data);
  const controller = new AbortController();
  let shutdown = false;
  let finishedOk = false;
  res.on('close', () => {
    if (!finishedOk) controller.abort(new Error('client disconnected'));
  });

  if (parsed.data.stream === false) {
    const result = await deps.engine.ask(ask, { signal: controller.signal });
    finishedOk = true;
    deps.metrics.record({ completed: result.status === 'complete', ttftMs: result.ttftMs, latencyMs: result.latencyMs });
    if (res.destroyed) return;
    sendJson(res, 200, {
      answer: result.answer,
      status: result.status,
      citations: result.citations,
      metrics: { time_to_first_token_ms: result.ttftMs },
      ...donePayload(result),
      error: result.status === 'complete' ? null : errorPayload(result),
    });
    return;
  }

  // The headers go with the first event (metrics + first content), or alone after HEADERS_WAIT_MS.
  const sse = new SseStream(res, deps.headersWaitMs ?? HEADERS_WAIT_MS);
  sse.open();
  const stopBeat = deps.heartbeat.add(sse);
  let resolveFinished: () => void = () => {};
  const handle: InflightStream = {
    abort() {
      shutdown = true;
      controller.abort(new Error('server shutting down'));
    },
    finished: new Promise<void>((r) => (resolveFinished = r)),
  };
  deps.inflight.add(handle);

  let metricsSent = false;
  let contentSent = false;
  let pending = '';
  let scheduled = false;
  // `metrics` goes out with the first `content`, in one write.
  let head = '';
  const sendMetrics = (ttft: number): void => {
    if (metricsSent) return;
    metricsSent = true;
    head = formatEvent('metrics', { time_to_first_token_ms: Math.round(ttft) });
  };
  const takeHead = (): string => {
    const h = head;
    head = '';
    return h;
  };
  // Content after the first piece: at most one write per window (less half a grid step: paced reads end on the grid).
  // A delta that comes that long after the last write goes out on the next turn of the loop (with paced upstream
  // reads, see readPaceMs below, that is every delta: one read, one write, no timer); else it waits for the rest.
  // When the answer's stream ends in the meantime (the last read held the last text and the end: onStreamEnd comes in
  // the same turn), the piece goes with the closing events instead — one write — or on its own after END_MERGE_MS if
  // storing the answer takes longer. The upstream is read about once per window after the first token (what arrived
  // meanwhile is one delta), on the process's grid of `coalesceWindowMs` (alignedPace).
  const paced = deps.coalesce && deps.coalesceWindowMs > 0;
  const windowMs = (): number => windowFor(deps.coalesceWindowMs, deps.inflight.size);
  const readPace = (): number => alignedPace(windowMs(), deps.coalesceWindowMs, deps.now());
  let lastWriteAt = 0;
  let streamEnded = false;
  let endTimer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    scheduled = false;
    if (streamEnded && endTimer) return;
    if (pending) {
      sse.write(takeHead() + formatEvent('content', pending));
      lastWriteAt = deps.now();
    }
    pending = '';
  };
  const onStreamEnd = (): void => {
    streamEnded = true;
    if (pending && deps.coalesce) {
      endTimer = setTimeout(() => {
        endTimer = null;
        flush();
      }, END_MERGE_MS);
    }
  };
  const onDelta = (delta: string): void => {
    if (!delta) return;
    sendMetrics(deps.now() - started);
    if (!contentSent || !deps.coalesce) {
      contentSent = true;
      sse.write(takeHead() + formatEvent('content', delta));
      lastWriteAt = deps.now();
      return;
    }
    pending += delta;
    if (scheduled) return;
    scheduled = true;
    // A paced read comes at least a window less half the grid after the last (alignedPace): it goes out now.
    const slack = paced ? deps.coalesceWindowMs / 2 + PACE_JITTER_MS : 0;
    const wait = deps.coalesceWindowMs > 0 ? windowMs() - slack - (deps.now() - lastWriteAt) : 0;
    if (wait < 1) setImmediate(flush);
    else setTimeout(flush, wait);
  };

  let result: AnswerResult | undefined;
  let failure: string | undefined;
  try {
    result = await deps.engine.ask(ask, {
      signal: controller.signal,
      callbacks: { onFirstToken: (ms) => sendMetrics(ms), onDelta, onStreamEnd, ...(paced ? { readPaceMs: readPace } : {}) },
    });
  } catch (err) {
    failure = err instanceof Error ? err.message : String(err);
  }
  // The rest of the answer, the closing events and the end of the response: one write.
  if (endTimer) clearTimeout(endTimer);
  endTimer = null;
  let tail = pending ? formatEvent('content', pending) : '';
  pending = '';
  try {
    if (shutdown) {
      tail += formatEvent('error', { type: 'shutdown', message: 'the server is shutting down; the partial answer was kept', retryable: true });
    } else if (!result) {
      tail += formatEvent('error', { type: 'internal', message: failure ?? 'internal error', retryable: false });
    } else if (result.status === 'complete') {
      if (!contentSent && result.answer) {
        sendMetrics(result.ttftMs ?? deps.now() - started);
        tail += formatEvent('content', result.answer);
      }
      tail += formatEvent('citations', result.citations) + formatEvent('done', donePayload(result));
    } else {
      tail += formatEvent('error', errorPayload(result));
    }
    finishedOk = true;
    deps.metrics.record({
      completed: result?.status === 'complete' && !shutdown,
      ttftMs: result?.ttftMs ?? null,
      latencyMs: result?.latencyMs ?? deps.now() - started,
    });
  } finally {
    stopBeat();
    sse.end(takeHead() + tail);
    deps.inflight.delete(handle);
    resolveFinished();
  }
}
