// The attempt loop the engine calls: one streamed answer, retried only while nothing has streamed, with one
// AttemptRecord per attempt (the engine writes each as a ledger row).
import { DEFAULT_RETRY_POLICY, backoffDelay, sleep as realSleep, type RetryPolicy } from './backoff';
import type { Timeouts } from './config';
import { LlmError, classifyError, type LlmErrorKind } from './errors';
import type { ChatRequest, Clock, KimiClient, StreamEvent, StreamOptions, Usage } from './types';

export type AttemptOutcome = 'ok' | 'retried' | 'interrupted' | 'aborted' | 'error';
export type CompletionStatus = 'complete' | 'interrupted' | 'error' | 'aborted';

export interface AttemptRecord {
  /** 1-based. */
  attempt: number;
  model: string;
  /** Epoch ms (from the clock) when the request was sent. */
  startedAt: number;
  /** Request sent → first streamed token (answer or reasoning); null when none came. */
  ttftMs: number | null;
  latencyMs: number;
  /** Reported by the server, or estimated (see `estimated`); zeros when the attempt failed before any token. */
  usage: Usage;
  estimated: boolean;
  tokensPerSecond: number | null;
  /** Longest silence between two streamed tokens (feeds the `auto` idle deadline); null with < 2 tokens. */
  maxGapMs: number | null;
  outcome: AttemptOutcome;
  errorKind?: LlmErrorKind;
  /** Moonshot's error type (e.g. `rate_limit_reached_error`), else the kind. */
  errorType?: string;
  status?: number;
  /** For `retried`: how long we waited before the next attempt. */
  retryDelayMs?: number;
  /** For `retried` after a context overflow: the next attempt used the shrunk request. */
  shrunk?: boolean;
}

export interface RetryNotice {
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  kind: LlmErrorKind;
  /** What to show the agent while waiting ("Kimi is busy right now…"). */
  agentMessage: string;
}

export interface CompletionResult {
  status: CompletionStatus;
  /** The answer text (partial when interrupted or aborted). */
  text: string;
  reasoning: string;
  /** Of the attempt that produced the text (or the last attempt). */
  usage: Usage;
  estimated: boolean;
  finishReason: string | null;
  /** runCompletion start → first token, retries included (what the agent waited); null when none came. */
  ttftMs: number | null;
  /** runCompletion start → end. */
  latencyMs: number;
  attempts: AttemptRecord[];
  /** The request the final attempt sent (shrunk after an overflow); what `continueRequest` should extend. */
  request: ChatRequest;
  error?: LlmError;
}

export interface RunCompletionOptions {
  client: KimiClient;
  request: ChatRequest;
  signal?: AbortSignal;
  timeouts: Timeouts;
  policy?: Partial<RetryPolicy>;
  onDelta(text: string): void;
  onReasoning?(text: string): void;
  onAttempt(record: AttemptRecord): void;
  /** Before each backoff wait, so the agent is told (rate limit, busy, network). */
  onRetry?(notice: RetryNotice): void;
  /**
   * After a context-overflow 400: a request smaller than the refused one (the error may state the limit), or
   * null when nothing can be cut. Called at most once.
   */
  shrink?: (refused: LlmError) => ChatRequest | null;
  /** See StreamOptions.readPaceMs (serve's content window: the upstream is read about that often). */
  readPaceMs?: () => number;
  /** Token counter for estimates; default ~4 characters per token. */
  countTokens?: (text: string) => number;
  clock?: Clock;
}

const ZERO: Usage = { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0 };

export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

/** Estimated usage of a request whose stream produced `output` but no usage report. */
export function estimateUsage(req: ChatRequest, output: string, count: (t: string) => number = estimateTokens): Usage {
  let promptTokens = 0;
  for (const m of req.messages) promptTokens += count(m.content) + 4;
  const completionTokens = count(output);
  return { promptTokens, completionTokens, cachedTokens: 0, totalTokens: promptTokens + completionTokens };
}

/**
 * Moonshot partial mode: ask the model to continue `partialText` (the whole answer so far). A trailing partial
 * assistant message already in the request is replaced. An empty prefix gives the request without one (a plain
 * re-ask: Moonshot rejects empty assistant content).
 */
export function continueRequest(request: ChatRequest, partialText: string): ChatRequest {
  const messages = request.messages.slice();
  const last = messages[messages.length - 1];
  if (last && last.role === 'assistant' && last.partial) messages.pop();
  if (partialText.trim() !== '') messages.push({ role: 'assistant', content: partialText, partial: true });
  return { ...request, messages };
}

/** Deadline of a whole answer (every attempt and wait included), when the timeouts give none: 3 minutes. */
export const DEFAULT_ANSWER_MS = 180_000;

function deadlineError(ms: number): LlmError {
  const s = Math.round(ms / 1000);
  return new LlmError({
    kind: 'timeout',
    retryable: false,
    message: `timeout: the answer took longer than ${s} s (answer deadline)`,
    agentMessage: `Kimi took longer than the ${s}-second answer deadline, so the answer was stopped; what arrived is kept.`,
  });
}

function firstTokenError(ms: number): LlmError {
  return new LlmError({ kind: 'timeout', phase: 'first_token', message: `timeout: no token within ${ms} ms of the question (retries included)` });
}

export async function runCompletion(o: RunCompletionOptions): Promise<CompletionResult> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...o.policy };
  const doSleep = policy.sleep ?? realSleep;
  const clock = o.clock ?? { now: () => Date.now() };
  const count = o.countTokens ?? estimateTokens;
  const started = clock.now();
  // The whole answer has a deadline (a stream trickling one token every few seconds never trips the idle timeout),
  // and the first token's deadline counts from the question, retries included: a stalled upstream answers within
  // the profile's figures on every path, not once per attempt.
  const answerMs = o.timeouts.answerMs ?? DEFAULT_ANSWER_MS;
  let overDeadline = false;
  /**
   * What ends with the question (the caller's signal) or the answer deadline. A pushed stream (streamChatTo) gets the
   * caller's signal and is stopped at the deadline through `bindStop`; this AbortController (~4 µs, and a listener on
   * the caller's signal) is made only for what needs a signal: a retry's wait, a pulled stream (streamChat).
   */
  let deadline: AbortController | null = null;
  const onOuterAbort = (): void => deadline!.abort();
  const deadlineSignal = (): AbortSignal => {
    if (!deadline) {
      deadline = new AbortController();
      if (overDeadline || o.signal?.aborted) deadline.abort();
      else o.signal?.addEventListener('abort', onOuterAbort, { once: true });
    }
    return deadline.signal;
  };
  /** Ends the pushed stream in flight (set by its bindStop). */
  let stopAttempt: (() => void) | null = null;
  const deadlineTimer = setTimeout(() => {
    overDeadline = true;
    deadline?.abort();
    stopAttempt?.();
  }, answerMs);
  try {
    return await attemptLoop();
  } finally {
    clearTimeout(deadlineTimer);
    if (deadline) o.signal?.removeEventListener('abort', onOuterAbort);
  }

  async function attemptLoop(): Promise<CompletionResult> {
  const attempts: AttemptRecord[] = [];
  let request = o.request;
  let shrunk = false;
  let firstTokenAt: number | null = null;
  let retries = 0;
  const report = (r: AttemptRecord): void => {
    attempts.push(r);
    o.onAttempt(r);
  };

  const finish = (r: Omit<CompletionResult, 'attempts' | 'latencyMs' | 'ttftMs' | 'request'>): CompletionResult => ({
    ...r,
    ttftMs: firstTokenAt === null ? null : firstTokenAt - started,
    latencyMs: clock.now() - started,
    attempts,
    request,
  });

  for (let attempt = 1; ; attempt++) {
    const t0 = clock.now();
    // What is left of the first-token deadline (all of it counts from the question until a token arrived).
    const firstLeft = firstTokenAt === null ? o.timeouts.firstTokenMs - (t0 - started) : o.timeouts.firstTokenMs;
    const timeouts = { ...o.timeouts, firstTokenMs: Math.max(1, firstLeft), connectMs: Math.max(1, Math.min(o.timeouts.connectMs, firstLeft)) };
    let text = '';
    let reasoning = '';
    let ttft: number | null = null;
    let lastTokenAt = 0;
    let maxGap: number | null = null;
    let usage: Usage | undefined;
    let finishReason: string | null = null;
    let failure: LlmError | undefined;
    // Called per event, straight from the socket's callbacks when the client pushes (streamChatTo).
    const onEvent = (ev: StreamEvent): void => {
      if (ev.type === 'delta' || ev.type === 'reasoning') {
        const now = clock.now();
        if (ttft === null) {
          ttft = now - t0;
          firstTokenAt ??= now;
        } else if (maxGap === null || now - lastTokenAt > maxGap) {
          maxGap = now - lastTokenAt;
        }
        lastTokenAt = now;
        if (ev.type === 'delta') {
          text += ev.text;
          o.onDelta(ev.text);
        } else {
          reasoning += ev.text;
          o.onReasoning?.(ev.text);
        }
      } else if (ev.type === 'usage') usage = ev.usage;
      else finishReason = ev.reason;
    };
    try {
      const pace = o.readPaceMs ? { readPaceMs: o.readPaceMs } : {};
      if (o.client.streamChatTo && !deadline && !overDeadline) {
        const so: StreamOptions = { timeouts, ...pace, bindStop: (stop) => (stopAttempt = stop) };
        if (o.signal) so.signal = o.signal;
        try {
          await o.client.streamChatTo(request, so, onEvent);
        } finally {
          stopAttempt = null;
        }
      } else {
        const so: StreamOptions = { signal: deadlineSignal(), timeouts, ...pace };
        if (o.client.streamChatTo) await o.client.streamChatTo(request, so, onEvent);
        else for await (const ev of o.client.streamChat(request, so)) onEvent(ev);
      }
      if (finishReason === null) {
        failure = new LlmError({ kind: 'stream_error', upstreamType: 'ended_early', message: 'stream ended without a finish reason' });
      }
    } catch (err) {
      failure = classifyError(err);
    }
    if (overDeadline && !o.signal?.aborted) failure = deadlineError(answerMs);
    else if (o.signal?.aborted && failure) failure = new LlmError({ kind: 'aborted', message: 'request aborted' });

    const latencyMs = clock.now() - t0;
    const streamed = ttft !== null;
    const estimated = usage === undefined && streamed;
    const attemptUsage = usage ?? (streamed ? estimateUsage(request, text + reasoning, count) : ZERO);
    const genMs = ttft === null ? 0 : latencyMs - ttft;
    const record: AttemptRecord = {
      attempt,
      model: request.model,
      startedAt: t0,
      ttftMs: ttft,
      latencyMs,
      usage: attemptUsage,
      estimated,
      tokensPerSecond: genMs > 0 && attemptUsage.completionTokens > 0 ? (attemptUsage.completionTokens * 1000) / genMs : null,
      maxGapMs: maxGap,
      outcome: 'ok',
    };
    const base = { text, reasoning, usage: attemptUsage, estimated, finishReason };

    if (!failure) {
      report(record);
      return finish({ ...base, status: 'complete' });
    }
    record.errorKind = failure.kind;
    record.errorType = failure.upstreamType ?? failure.kind;
    if (failure.status !== undefined) record.status = failure.status;

    const end = (outcome: AttemptOutcome, status: CompletionStatus): CompletionResult => {
      record.outcome = outcome;
      report(record);
      return finish({ ...base, status, error: failure });
    };
    if (failure.kind === 'aborted') return end('aborted', 'aborted');
    // Something streamed: never re-send silently. Keep the partial answer; the agent may continue it.
    if (streamed) return end('interrupted', 'interrupted');
    if (failure.kind === 'context_overflow' && o.shrink && !shrunk) {
      shrunk = true;
      const smaller = o.shrink(failure);
      if (!smaller) return end('error', 'error');
      record.outcome = 'retried';
      record.shrunk = true;
      report(record);
      request = smaller;
      continue;
    }
    if (!failure.retryable || attempt >= policy.maxAttempts) return end('error', 'error');
    retries += 1;
    const delay = backoffDelay(retries, failure, policy);
    if (delay === null) return end('error', 'error');
    // No retry that could not get a token before the first-token deadline: say which deadline it was.
    const left = o.timeouts.firstTokenMs - (clock.now() - started);
    if (left <= delay) {
      if (failure.kind === 'timeout') failure = firstTokenError(o.timeouts.firstTokenMs);
      return end('error', 'error');
    }
    record.outcome = 'retried';
    record.retryDelayMs = delay;
    report(record);
    o.onRetry?.({ attempt, delayMs: delay, kind: failure.kind, agentMessage: failure.agentMessage });
    await doSleep(delay, deadlineSignal());
    if (o.signal?.aborted) {
      return finish({ ...base, status: 'aborted', error: new LlmError({ kind: 'aborted', message: 'aborted while waiting to retry' }) });
    }
    if (overDeadline) return finish({ ...base, status: 'error', error: deadlineError(answerMs) });
  }
  }
}
