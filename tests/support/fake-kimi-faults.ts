// Fault descriptions for the fake Kimi server, with presets carrying Moonshot's real error types and messages.

/** A JSON error answered instead of the completion. */
export interface HttpFault {
  kind: 'http';
  status: number;
  /** The JSON body; default `{"error":{"type":type,"message":message}}`. */
  body?: unknown;
  type?: string;
  message?: string;
  /** Sent as the `Retry-After` header (seconds) when set. */
  retryAfter?: string;
}

/** Faults inside a streaming answer. `afterChunks` counts content/reasoning chunks already sent (0 = before any). */
export type StreamFault =
  /** `data: {"error":{type,message}}` inside the HTTP 200 stream, then the stream ends. */
  | { kind: 'stream_error'; afterChunks: number; type?: string; message?: string }
  /** Stop sending but keep the socket open (until the client gives up or the server closes). */
  | { kind: 'stall'; afterChunks: number }
  /** socket.destroy() mid-stream. */
  | { kind: 'drop'; afterChunks: number }
  /** A `data:` line that is not JSON, then the stream goes on. */
  | { kind: 'malformed'; afterChunks: number }
  /** Finish normally but send no usage at all. */
  | { kind: 'no_usage' }
  /** End the HTTP response cleanly after N chunks without finish_reason or [DONE]. */
  | { kind: 'end_early'; afterChunks: number };

/** Never send response headers (a connect-phase hang). */
export interface HeaderStallFault {
  kind: 'stall_headers';
}

/** Change the timing or the text of one request only. */
export interface ScriptFault {
  kind: 'script';
  script: Partial<FakeKimiScript>;
}

export type FakeFault = HttpFault | StreamFault | HeaderStallFault | ScriptFault;

/** What the server answers, and how fast. Every field can be changed with setScript(). */
export interface FakeKimiScript {
  /** Delay from request to the first chunk (headers go out at once). */
  ttftMs: number;
  /** Delay between chunks; derived from tokensPerSecond when that is set. */
  interChunkMs: number;
  tokensPerSecond?: number;
  /** Characters per content chunk (~1 token per 4 characters). */
  chunkChars: number;
  /** The answer, or a function of the request (e.g. echo which [Doc-N] blocks it saw). */
  answer: string | ((req: RecordedRequest) => string);
  /** Streamed as `delta.reasoning_content` before the answer (thinking models). */
  reasoning: string | ((req: RecordedRequest) => string);
  /**
   * Where usage goes: `choice` (Moonshot's examples: last chunk's choices[0].usage), `top-level` (a final chunk
   * with `choices: []` and `usage`), `both`, or `auto` (top-level when the request asks for include_usage).
   */
  usageShape: 'choice' | 'top-level' | 'both' | 'auto';
  /** Fixed prompt token count; default ~ request characters / 4. */
  promptTokens?: number;
  cachedTokens: number;
  /** Also send a chunk with empty `choices` before the answer. */
  emptyChoicesChunk: boolean;
  finishReason: string;
}

export interface RecordedRequest {
  method: string;
  path: string;
  /** Lower-case names; `authorization` is kept so tests can assert it was sent. Never print it. */
  headers: Record<string, string>;
  /** Parsed JSON body (undefined for GET or non-JSON). */
  body: unknown;
  receivedAt: number;
  /** The client closed the connection before the answer finished. */
  aborted: boolean;
  /** The answer was written to the end. */
  completed: boolean;
  /** The fault applied to this request, if any. */
  fault?: FakeFault;
}

const err = (status: number, type: string, message: string, retryAfter?: string): HttpFault =>
  retryAfter === undefined ? { kind: 'http', status, type, message } : { kind: 'http', status, type, message, retryAfter };

/** Presets with Moonshot's types and messages (see /work/shared/reference/moonshot-api.md). */
export const faults = {
  overloaded: (retryAfter?: string) =>
    err(429, 'engine_overloaded_error', 'The engine is currently overloaded, please try again later', retryAfter),
  rateLimit: (seconds = 1, retryAfter?: string) =>
    err(429, 'rate_limit_reached_error', `Your account org-fake request reached max concurrency: 1, please try again after ${seconds} seconds`, retryAfter),
  rateLimitRpm: () => err(429, 'rate_limit_reached_error', 'Your account org-fake request reached max RPM: 3, please try again after 20 seconds'),
  quota429: () => err(429, 'exceeded_current_quota_error', 'You exceeded your current token quota: 0, please check your account balance'),
  suspended429: () => err(429, 'exceeded_current_quota_error', 'Your account org-fake is suspended due to insufficient balance, please recharge your account'),
  auth: () => err(401, 'invalid_authentication_error', 'Invalid Authentication'),
  incorrectKey: () => err(401, 'incorrect_api_key_error', 'Incorrect API key provided'),
  quota403: () => err(403, 'exceeded_current_quota_error', 'Your account org-fake is not active, current state: suspended, please check your account balance'),
  permission: () => err(403, 'permission_denied_error', 'The API you are accessing is not open'),
  overflow: (max = 262144) => err(400, 'invalid_request_error', `Invalid request: Your request exceeded model token limit: ${max}`),
  inputTooLong: () => err(400, 'invalid_request_error', 'Input token length too long'),
  invalidTemperature: () => err(400, 'invalid_request_error', 'invalid temperature: only 1 is allowed for this model'),
  emptyAssistant: (position = 1) =>
    err(400, 'invalid_request_error', `Invalid request: the message at position ${position} with role 'assistant' must not be empty`),
  contentFilter: () => err(400, 'content_filter', 'The request was rejected because it was considered high risk'),
  modelNotFound: () => err(404, 'resource_not_found_error', 'Not found the model or Permission denied'),
  server: (status = 500) => err(status, 'server_error', status === 503 ? 'Service Unavailable' : 'Internal Server Error'),
  urlNotFound: (): HttpFault => ({ kind: 'http', status: 404, body: { code: 5, error: 'url.not_found', message: '没找到对象', method: 'POST', scode: '0x5', status: false } }),
  streamError: (afterChunks = 0, type = 'server_error', message = 'The engine encountered an internal error'): StreamFault => ({ kind: 'stream_error', afterChunks, type, message }),
  stall: (afterChunks: number): StreamFault => ({ kind: 'stall', afterChunks }),
  drop: (afterChunks: number): StreamFault => ({ kind: 'drop', afterChunks }),
  malformed: (afterChunks = 0): StreamFault => ({ kind: 'malformed', afterChunks }),
  noUsage: (): StreamFault => ({ kind: 'no_usage' }),
  endEarly: (afterChunks: number): StreamFault => ({ kind: 'end_early', afterChunks }),
  stallHeaders: (): HeaderStallFault => ({ kind: 'stall_headers' }),
  script: (script: Partial<FakeKimiScript>): ScriptFault => ({ kind: 'script', script }),
} as const;
