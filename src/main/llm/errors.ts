// One error type for everything that can go wrong talking to Kimi, with a sentence the support agent understands.
//
// The streaming transport (wire.ts) raises the errors below: the openai SDK's error classes re-made here with the
// same names, fields and messages, so a serving process never loads the SDK (~150 ES modules, ~1.8 MB of heap per
// process; it is imported only for models/ping and the `sdk` transport, client.ts). `classifyError` treats these and
// the SDK's own errors alike: ours by class, the SDK's by the class names of their prototype chain.
import { redactSecrets } from './redact';
import { retryAfterFromHeaders, retryAfterFromMessage } from './retry-after';
import type { ErrorCode } from '../../shared/errors';

export type LlmErrorKind =
  | 'network'
  | 'timeout'
  | 'server'
  | 'overloaded'
  | 'rate_limit'
  | 'auth'
  | 'quota'
  | 'content_filter'
  | 'context_overflow'
  | 'invalid_request'
  | 'not_found'
  | 'stream_error'
  | 'aborted';

/** Kinds worth sending again (only while no token has streamed). */
export const TRANSIENT_KINDS: ReadonlySet<LlmErrorKind> = new Set<LlmErrorKind>([
  'network',
  'timeout',
  'server',
  'overloaded',
  'rate_limit',
  'stream_error',
]);

export interface LlmErrorInit {
  kind: LlmErrorKind;
  message: string;
  status?: number;
  upstreamType?: string;
  retryAfterMs?: number;
  agentMessage?: string;
  /** Which deadline fired, for `timeout`. */
  phase?: 'connect' | 'first_token' | 'idle';
  retryable?: boolean;
  /** For `context_overflow`: the token limit the upstream stated ("exceeded model token limit: 8192"). */
  limitTokens?: number;
}

export class LlmError extends Error {
  readonly kind: LlmErrorKind;
  readonly retryable: boolean;
  readonly status?: number;
  readonly upstreamType?: string;
  readonly retryAfterMs?: number;
  readonly phase?: 'connect' | 'first_token' | 'idle';
  readonly limitTokens?: number;
  /** One or two short sentences for the support agent; never contains a key. */
  readonly agentMessage: string;

  constructor(init: LlmErrorInit) {
    super(redactSecrets(init.message));
    this.name = 'LlmError';
    this.kind = init.kind;
    this.retryable = init.retryable ?? TRANSIENT_KINDS.has(init.kind);
    if (init.status !== undefined) this.status = init.status;
    if (init.upstreamType !== undefined) this.upstreamType = init.upstreamType;
    if (init.retryAfterMs !== undefined) this.retryAfterMs = init.retryAfterMs;
    if (init.phase !== undefined) this.phase = init.phase;
    if (init.limitTokens !== undefined) this.limitTokens = init.limitTokens;
    this.agentMessage = redactSecrets(init.agentMessage ?? agentMessageFor(init.kind, init));
  }
}

const SAVED = 'Your question is saved.';

function seconds(ms: number | undefined): string {
  return ms === undefined ? 'a minute' : `${Math.max(1, Math.ceil(ms / 1000))} seconds`;
}

/** The default sentence for each kind. */
export function agentMessageFor(kind: LlmErrorKind, detail: Partial<LlmErrorInit> = {}): string {
  switch (kind) {
    case 'network':
      return `Can't reach Kimi — check the internet connection. ${SAVED}`;
    case 'timeout':
      return detail.phase === 'idle'
        ? `Kimi stopped sending the answer midway. ${SAVED}`
        : `Kimi took too long to answer. ${SAVED} Try again.`;
    case 'server':
      return `Kimi's service had an error. ${SAVED} Try again in a moment.`;
    case 'overloaded':
      return `Kimi is busy right now. ${SAVED} Try again in a moment.`;
    case 'rate_limit':
      return `Too many requests to Kimi from this account — wait ${seconds(detail.retryAfterMs)} and try again. ${SAVED}`;
    case 'auth':
      return detail.status === 403
        ? `This Kimi key isn't allowed to do that — ask your admin to check the key's permissions. ${SAVED}`
        : `The Kimi API key was rejected — ask your admin to check it in Settings. ${SAVED}`;
    case 'quota':
      return `The Kimi account is out of credit — ask your admin to top up. ${SAVED}`;
    case 'content_filter':
      return `Kimi refused this request as high-risk content. Rephrase the question or answer it yourself. ${SAVED}`;
    case 'context_overflow':
      return `The conversation and documents are too long for the model even after trimming. Start a new session or ask a shorter question. ${SAVED}`;
    case 'invalid_request':
      return `Kimi rejected the request (a Deskmate setting or bug) — tell your admin. ${SAVED}`;
    case 'not_found':
      return detail.upstreamType === 'url.not_found'
        ? `The Kimi address (base URL) looks wrong — ask your admin to check it. ${SAVED}`
        : `The chosen Kimi model isn't available to this account — pick another model in Settings. ${SAVED}`;
    case 'stream_error':
      return `Kimi's answer broke off with an error. ${SAVED} Try again.`;
    case 'aborted':
      return 'Stopped.';
  }
}

/** The openai SDK's `APIError` (core/error.mjs), same constructor, fields and message. */
export class APIError extends Error {
  readonly status: number | undefined;
  readonly headers: Headers | undefined;
  readonly error: object | undefined;
  readonly requestID: string | null | undefined;
  readonly code: unknown;
  readonly param: unknown;
  readonly type: unknown;

  constructor(status: number | undefined, error: object | undefined, message: string | undefined, headers: Headers | undefined) {
    super(APIError.makeMessage(status, error, message));
    this.status = status;
    this.headers = headers;
    this.requestID = headers?.get('x-request-id');
    this.error = error;
    const data = error as Record<string, unknown> | undefined;
    this.code = data?.['code'];
    this.param = data?.['param'];
    this.type = data?.['type'];
  }

  private static makeMessage(status: number | undefined, error: object | undefined, message: string | undefined): string {
    const m = (error as { message?: unknown } | undefined)?.message;
    const msg = m ? (typeof m === 'string' ? m : JSON.stringify(m)) : error ? JSON.stringify(error) : message;
    if (status && msg) return `${status} ${msg}`;
    if (status) return `${status} status code (no body)`;
    if (msg) return msg;
    return '(no status code or body)';
  }

  /** An HTTP error response (`errorResponse`: its parsed JSON body, whose `error` member is kept). Without a status
   * or headers, a connection error (the SDK's `generate`; its per-status subclasses add nothing we read). */
  static generate(status: number | undefined, errorResponse: object | undefined, message: string | undefined, headers: Headers | undefined): APIError {
    if (!status || !headers) return new APIConnectionError({ message, cause: errorResponse instanceof Error ? errorResponse : new Error(JSON.stringify(errorResponse)) });
    return new APIError(status, (errorResponse as { error?: object } | undefined)?.['error'], message, headers);
  }
}

export class APIUserAbortError extends APIError {
  constructor({ message }: { message?: string } = {}) {
    super(undefined, undefined, message || 'Request was aborted.', undefined);
  }
}

export class APIConnectionError extends APIError {
  constructor({ message, cause }: { message?: string | undefined; cause?: Error | undefined }) {
    super(undefined, undefined, message || 'Connection error.', undefined);
    if (cause) this.cause = cause;
  }
}

export class APIConnectionTimeoutError extends APIConnectionError {
  constructor({ message }: { message?: string } = {}) {
    super({ message: message ?? 'Request timed out.' });
  }
}

type ApiClass = 'APIUserAbortError' | 'APIConnectionTimeoutError' | 'APIConnectionError' | 'APIError';

/** Which of the four classes `err` is, most specific first: ours by class, the openai SDK's (whose subclasses —
 * BadRequestError, RateLimitError, … — all extend its APIError) by the names along its prototype chain. */
function apiClassOf(err: Error): ApiClass | null {
  if (err instanceof APIUserAbortError) return 'APIUserAbortError';
  if (err instanceof APIConnectionTimeoutError) return 'APIConnectionTimeoutError';
  if (err instanceof APIConnectionError) return 'APIConnectionError';
  if (err instanceof APIError) return 'APIError';
  let found: ApiClass | null = null;
  for (let p: unknown = Object.getPrototypeOf(err); p && p !== Error.prototype; p = Object.getPrototypeOf(p)) {
    const name: unknown = (p as { constructor?: { name?: unknown } }).constructor?.name;
    if (name === 'APIUserAbortError' || name === 'APIConnectionTimeoutError' || name === 'APIConnectionError') return name;
    if (name === 'APIError') found = 'APIError';
  }
  return found;
}

/** The fields of an APIError (ours or the SDK's) that classifyError reads. */
type ApiErrorFields = Error & { status?: number; error?: unknown; headers?: { get(name: string): string | null } | null };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

const OVERFLOW_RE = /exceeded model token limit|input token length too long|context length|maximum context|too many tokens/i;
const QUOTA_RE = /exceeded your current (token )?quota|insufficient balance|suspended|not active|account balance/i;

/** Map an HTTP status + Moonshot error {type, message} to an LlmError. */
export function classifyHttp(
  status: number,
  type: string | undefined,
  message: string,
  headers?: { get(name: string): string | null } | null,
): LlmError {
  const base = { status, upstreamType: type, message: `${status} ${type ?? 'error'}: ${message}` };
  if (status === 400 || status === 413 || status === 422) {
    if (type === 'content_filter' || /high risk/i.test(message)) return new LlmError({ ...base, kind: 'content_filter' });
    if (status === 413 || OVERFLOW_RE.test(message)) {
      const limit = /(?:token limit|maximum context length(?: is)?|limit)\D{0,12}(\d{3,9})/i.exec(message);
      return new LlmError(limit ? { ...base, kind: 'context_overflow', limitTokens: Number(limit[1]) } : { ...base, kind: 'context_overflow' });
    }
    return new LlmError({ ...base, kind: 'invalid_request' });
  }
  if (status === 401) return new LlmError({ ...base, kind: 'auth' });
  if (status === 402) return new LlmError({ ...base, kind: 'quota' });
  if (status === 403) {
    if (type === 'exceeded_current_quota_error' || QUOTA_RE.test(message)) return new LlmError({ ...base, kind: 'quota' });
    return new LlmError({ ...base, kind: 'auth' });
  }
  if (status === 404) return new LlmError({ ...base, kind: 'not_found' });
  if (status === 408) return new LlmError({ ...base, kind: 'timeout', phase: 'first_token' });
  if (status === 429) {
    if (type === 'exceeded_current_quota_error' || QUOTA_RE.test(message)) return new LlmError({ ...base, kind: 'quota' });
    const retryAfterMs = retryAfterFromHeaders(headers) ?? retryAfterFromMessage(message);
    const withHint = retryAfterMs === undefined ? base : { ...base, retryAfterMs };
    if (type === 'engine_overloaded_error' || /overloaded/i.test(message)) return new LlmError({ ...withHint, kind: 'overloaded' });
    return new LlmError({ ...withHint, kind: 'rate_limit' });
  }
  if (status === 529) return new LlmError({ ...base, kind: 'overloaded' });
  if (status >= 500) {
    const retryAfterMs = retryAfterFromHeaders(headers);
    return new LlmError(retryAfterMs === undefined ? { ...base, kind: 'server' } : { ...base, kind: 'server', retryAfterMs });
  }
  return new LlmError({ ...base, kind: 'invalid_request' });
}

/** An `{"error":{type,message}}` object that arrived inside an HTTP 200 stream. */
export function classifyStreamErrorObject(error: unknown): LlmError {
  const type = isRecord(error) ? str(error.type) : undefined;
  const message = (isRecord(error) ? str(error.message) : str(error)) ?? 'error inside the stream';
  const base = { upstreamType: type, message: `stream error ${type ?? ''}: ${message}`.replace(' :', ':') };
  if (type === 'content_filter' || /high risk/i.test(message)) return new LlmError({ ...base, kind: 'content_filter' });
  if (type === 'exceeded_current_quota_error' || QUOTA_RE.test(message)) return new LlmError({ ...base, kind: 'quota' });
  if (type === 'invalid_authentication_error' || type === 'incorrect_api_key_error') return new LlmError({ ...base, kind: 'auth' });
  return new LlmError({ ...base, kind: 'stream_error' });
}

const NETWORK_CODES = /ECONNRESET|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EPIPE|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|UND_ERR|socket|terminated|other side closed|fetch failed/i;

function errorText(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  const causeText = cause instanceof Error ? `${cause.name} ${cause.message} ${(cause as { code?: unknown }).code ?? ''}` : '';
  return `${err.name} ${err.message} ${(err as { code?: unknown }).code ?? ''} ${causeText}`;
}

/**
 * Anything thrown while talking to Kimi → LlmError: openai SDK errors (HTTP status, connection, timeout, abort,
 * an error object inside the stream), fetch/undici errors, JSON parse failures of a chunk, raw Moonshot error bodies
 * and the non-OpenAI `{"code":5,"error":"url.not_found",...}` body.
 */
export function classifyError(err: unknown): LlmError {
  if (err instanceof LlmError) return err;
  const api = err instanceof Error ? apiClassOf(err) : null;
  if (api === 'APIUserAbortError') return new LlmError({ kind: 'aborted', message: 'request aborted' });
  if (api === 'APIConnectionTimeoutError') {
    return new LlmError({ kind: 'timeout', phase: 'connect', message: 'no response headers before the connect deadline' });
  }
  if (api === 'APIConnectionError') {
    const e = err as Error;
    return new LlmError({ kind: 'network', message: `connection failed: ${e.cause instanceof Error ? errorText(e.cause) : e.message}` });
  }
  if (api === 'APIError') {
    const err2 = err as ApiErrorFields;
    const body: unknown = err2.error;
    if (err2.status === undefined) return classifyStreamErrorObject(body);
    if (typeof body === 'string' || (isRecord(body) && body.code !== undefined && typeof body.error === 'string')) {
      const upstream = typeof body === 'string' ? body : String(body.error);
      return classifyNonOpenAiBody(err2.status, upstream, isRecord(body) ? str(body.message) : undefined);
    }
    const type = isRecord(body) ? str(body.type) ?? str(body.code) : undefined;
    const message = (isRecord(body) ? str(body.message) : undefined) ?? err2.message;
    return classifyHttp(err2.status, type, message, err2.headers);
  }
  if (err instanceof SyntaxError) {
    return new LlmError({ kind: 'stream_error', upstreamType: 'malformed_chunk', message: `malformed chunk: ${err.message}` });
  }
  if (err instanceof Error) {
    if (err.name === 'AbortError') return new LlmError({ kind: 'aborted', message: 'request aborted' });
    if (err.name === 'TimeoutError') return new LlmError({ kind: 'timeout', phase: 'connect', message: err.message });
    const text = errorText(err);
    if (NETWORK_CODES.test(text) || err instanceof TypeError) return new LlmError({ kind: 'network', message: text.trim() });
    return new LlmError({ kind: 'stream_error', message: text.trim() });
  }
  if (isRecord(err)) {
    if (typeof err.error === 'string' && err.code !== undefined) {
      return classifyNonOpenAiBody(typeof err.status === 'number' ? err.status : 404, err.error, str(err.message));
    }
    if (err.error !== undefined) return classifyStreamErrorObject(err.error);
  }
  return new LlmError({ kind: 'stream_error', message: `unexpected error value: ${String(err)}` });
}

function classifyNonOpenAiBody(status: number, upstream: string, message: string | undefined): LlmError {
  const text = `${status} ${upstream}${message ? `: ${message}` : ''}`;
  if (/not_found/i.test(upstream) || status === 404) {
    return new LlmError({ kind: 'not_found', status: status || 404, upstreamType: upstream, message: text });
  }
  return classifyHttp(status || 500, upstream, text);
}

/** The shared error code (src/shared/errors.ts) for an LLM failure; `streamed`: text had arrived before it. */
export function errorCodeOf(kind: LlmErrorKind, opts: { streamed?: boolean } = {}): ErrorCode {
  switch (kind) {
    case 'context_overflow':
      return 'overflow';
    case 'aborted':
      return 'stopped';
    case 'network':
      return opts.streamed ? 'dropped' : 'network';
    case 'timeout':
      return opts.streamed ? 'dropped' : 'timeout';
    default:
      return kind;
  }
}
