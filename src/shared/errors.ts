// The one error-code vocabulary every surface shares: the engine's results and stored turn meta, HTTP SSE
// `error.type`, the JSON of `deskmate ask --json`, IPC chat.done, and the renderer (which picks its words by code,
// never by matching free text). Moonshot's own error types stay in the ledger and in `upstream` for diagnosis.
import { z } from 'zod';

export const ERROR_CODES = [
  'network',
  'dropped',
  'timeout',
  'server',
  'overloaded',
  'rate_limit',
  'quota',
  'auth',
  'content_filter',
  'overflow',
  'invalid_request',
  'not_found',
  'stream_error',
  'stopped',
  'no_api_key',
  'storage',
  'shutdown',
  'internal',
] as const;

export const ErrorCode = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** What each code means (docs/http-api.md lists the same table). */
export const ERROR_CODE_DOCS: Readonly<Record<ErrorCode, string>> = {
  network: 'Kimi could not be reached before any answer text arrived (offline answer given, question queued).',
  dropped: 'The connection broke after part of the answer arrived; the partial answer is kept and is continued once the network is back.',
  timeout: 'Kimi did not answer (or stopped sending) within the deadline.',
  server: "Kimi's service returned a server error.",
  overloaded: 'Kimi is overloaded; try again shortly.',
  rate_limit: 'Too many requests for this account; try again after the stated wait.',
  quota: 'The Kimi account is out of credit; asking again fails until the balance changes.',
  auth: 'The Kimi API key was rejected or lacks permission; asking again fails until the key changes.',
  content_filter: 'Kimi refused the request as high-risk content.',
  overflow: 'The conversation and documents do not fit the model window even after trimming.',
  invalid_request: 'Kimi rejected the request as malformed (a setting or a Deskmate bug).',
  not_found: 'The model or the Kimi base URL does not exist for this account.',
  stream_error: 'The answer stream broke with an error from Kimi.',
  stopped: 'The agent (or the HTTP client) stopped the answer; the partial answer is kept.',
  no_api_key: 'No Kimi API key is set; the answer was composed from the catalog.',
  storage: 'The local database could not store the answer (busy or full); the text is kept in memory.',
  shutdown: 'Deskmate was shutting down; the partial answer was kept.',
  internal: 'An unexpected error inside Deskmate.',
};

/** Codes a client may simply try again (soon). */
export const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'network',
  'dropped',
  'timeout',
  'server',
  'overloaded',
  'rate_limit',
  'stream_error',
  'shutdown',
  'storage',
]);

/** Codes where asking again cannot work until the key or the account balance changes. */
export const BLOCKING_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['quota', 'auth', 'no_api_key']);

export const isRetryable = (code: ErrorCode): boolean => RETRYABLE_CODES.has(code);

/** An error as every surface carries it. `upstream` is Moonshot's own type, for diagnosis only. */
export const AnswerErrorInfo = z.object({
  type: ErrorCode,
  message: z.string(),
  upstream: z.string().optional(),
});
export type AnswerErrorInfo = z.infer<typeof AnswerErrorInfo>;

/** Reads a stored code leniently: older turns stored Moonshot types or `aborted`/`context_overflow`. */
export function toErrorCode(raw: string): ErrorCode {
  const parsed = ErrorCode.safeParse(raw);
  if (parsed.success) return parsed.data;
  if (raw === 'aborted') return 'stopped';
  if (raw === 'context_overflow') return 'overflow';
  if (/quota|balance|suspended/i.test(raw)) return 'quota';
  if (/auth|permission|api_key/i.test(raw)) return 'auth';
  if (/rate_limit/i.test(raw)) return 'rate_limit';
  if (/overload/i.test(raw)) return 'overloaded';
  if (/content_filter|risk/i.test(raw)) return 'content_filter';
  if (/overflow|context_length|token_limit/i.test(raw)) return 'overflow';
  if (/not_found/i.test(raw)) return 'not_found';
  if (/invalid_request/i.test(raw)) return 'invalid_request';
  if (/server/i.test(raw)) return 'server';
  if (/timeout/i.test(raw)) return 'timeout';
  return 'internal';
}
