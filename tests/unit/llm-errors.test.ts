import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
} from 'openai';
import { describe, expect, it } from 'vitest';
import * as own from '../../src/main/llm/errors';
import { LlmError, classifyError, classifyHttp } from '../../src/main/llm/errors';
import { redactSecrets } from '../../src/main/llm/redact';
import { retryAfterFromHeaders, retryAfterFromMessage } from '../../src/main/llm/retry-after';

const apiError = (status: number, type: string, message: string, headers: Record<string, string> = {}): APIError =>
  APIError.generate(status, { error: { type, message } }, undefined, new Headers(headers));

describe('classifyError', () => {
  it('SDK HTTP errors by status and Moonshot type', () => {
    const table: Array<[APIError, string, boolean]> = [
      [apiError(400, 'invalid_request_error', 'Invalid request: Your request exceeded model token limit: 8192'), 'context_overflow', false],
      [apiError(400, 'invalid_request_error', 'Input token length too long'), 'context_overflow', false],
      [apiError(400, 'invalid_request_error', 'invalid temperature: only 1 is allowed for this model'), 'invalid_request', false],
      [apiError(400, 'content_filter', 'The request was rejected because it was considered high risk'), 'content_filter', false],
      [apiError(401, 'incorrect_api_key_error', 'Incorrect API key provided'), 'auth', false],
      [apiError(403, 'permission_denied_error', 'The API you are accessing is not open'), 'auth', false],
      [apiError(403, 'exceeded_current_quota_error', 'Your account is not active'), 'quota', false],
      [apiError(404, 'resource_not_found_error', 'Not found the model or Permission denied'), 'not_found', false],
      [apiError(429, 'engine_overloaded_error', 'The engine is currently overloaded, please try again later'), 'overloaded', true],
      [apiError(429, 'rate_limit_reached_error', 'max RPM: 3, please try again after 20 seconds'), 'rate_limit', true],
      [apiError(429, 'exceeded_current_quota_error', 'You exceeded your current token quota'), 'quota', false],
      [apiError(500, 'server_error', 'boom'), 'server', true],
      [apiError(504, 'gateway_timeout', 'upstream'), 'server', true],
    ];
    for (const [err, kind, retryable] of table) {
      const e = classifyError(err);
      expect([err.status, e.kind, e.retryable]).toEqual([err.status, kind, retryable]);
      expect(e.agentMessage.length).toBeGreaterThan(5);
    }
    expect(classifyError(apiError(429, 'rate_limit_reached_error', 'please try again after 20 seconds')).retryAfterMs).toBe(20_000);
    expect(classifyError(apiError(429, 'engine_overloaded_error', 'x', { 'retry-after': '3' })).retryAfterMs).toBe(3_000);
  });

  it('connection, timeout and abort errors', () => {
    expect(classifyError(new APIConnectionTimeoutError())).toMatchObject({ kind: 'timeout', phase: 'connect', retryable: true });
    expect(classifyError(new APIConnectionError({ cause: new TypeError('fetch failed') }))).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyError(new APIUserAbortError())).toMatchObject({ kind: 'aborted', retryable: false });
    expect(classifyError(new DOMException('This operation was aborted', 'AbortError')).kind).toBe('aborted');
    const terminated = new TypeError('terminated', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    expect(classifyError(terminated)).toMatchObject({ kind: 'network', retryable: true });
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'))).toMatchObject({ kind: 'stream_error', upstreamType: 'malformed_chunk' });
  });

  it('an error object inside the stream (SDK shape and raw)', () => {
    const inStream = new APIError(undefined, { type: 'server_error', message: 'internal' }, undefined, new Headers());
    expect(classifyError(inStream)).toMatchObject({ kind: 'stream_error', upstreamType: 'server_error', retryable: true });
    expect(classifyError({ error: { type: 'content_filter', message: 'high risk' } })).toMatchObject({ kind: 'content_filter', retryable: false });
  });

  it('the non-OpenAI url.not_found body, raw or through the SDK', () => {
    const body = { code: 5, error: 'url.not_found', message: '没找到对象', method: 'POST', scode: '0x5', status: false };
    expect(classifyError(body)).toMatchObject({ kind: 'not_found', upstreamType: 'url.not_found' });
    const viaSdk = APIError.generate(404, body, undefined, new Headers());
    const e = classifyError(viaSdk);
    expect(e).toMatchObject({ kind: 'not_found', upstreamType: 'url.not_found', status: 404 });
    expect(e.agentMessage).toMatch(/base URL/);
  });

  it('never leaks a key in message or agentMessage', () => {
    const e = classifyError(apiError(401, 'incorrect_api_key_error', 'Incorrect API key provided: sk-abcdef1234567890'));
    expect(e.message).not.toContain('sk-abcdef1234567890');
    expect(e.message).toContain('sk-[redacted]');
    const custom = new LlmError({ kind: 'auth', message: 'Bearer abcdefghijklmnop', agentMessage: 'key sk-zzzzzzzz' });
    expect(custom.message + custom.agentMessage).not.toMatch(/abcdefghijklmnop|sk-zzzzzzzz/);
  });

  it('agent messages say what to do', () => {
    expect(classifyHttp(403, 'exceeded_current_quota_error', 'x').agentMessage).toBe(
      'The Kimi account is out of credit — ask your admin to top up. Your question is saved.',
    );
    expect(classifyHttp(429, 'rate_limit_reached_error', 'please try again after 7 seconds').agentMessage).toMatch(/wait 7 seconds/);
  });
});

describe("the wire transport's own copies of the SDK error classes (errors.ts: the SDK is not loaded to serve)", () => {
  const cases: Array<[string, (m: typeof own | typeof import('openai')) => Error]> = [
    ['429 rate limit with Retry-After', (m) => m.APIError.generate(429, { error: { type: 'rate_limit_reached_error', message: 'max RPM: 3' } }, undefined, new Headers({ 'retry-after': '3' }))],
    ['400 overflow', (m) => m.APIError.generate(400, { error: { type: 'invalid_request_error', message: 'exceeded model token limit: 8192' } }, undefined, new Headers())],
    ['500 without a body', (m) => m.APIError.generate(500, undefined, 'Internal Server Error', new Headers())],
    ['404 url.not_found body', (m) => m.APIError.generate(404, { code: 5, error: 'url.not_found', message: 'x' }, undefined, new Headers())],
    ['error object in the stream', (m) => new m.APIError(undefined, { type: 'server_error', message: 'internal' }, undefined, new Headers())],
    ['connection refused', (m) => new m.APIConnectionError({ cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) })],
    ['connect deadline', (m) => new m.APIConnectionTimeoutError()],
    ['aborted', (m) => new m.APIUserAbortError()],
  ];
  it('have the SDK message and classify to the same LlmError, and the SDK errors still classify by class name', async () => {
    const sdk = await import('openai');
    for (const [name, make] of cases) {
      const mine = make(own);
      const theirs = make(sdk);
      expect(mine.message, name).toBe(theirs.message);
      const [a, b] = [classifyError(mine), classifyError(theirs)];
      expect({ ...a, message: a.message, name }).toEqual({ ...b, message: b.message, name });
    }
    expect(classifyError(make429(sdk)).kind).toBe('rate_limit');
    expect(classifyError(new sdk.BadRequestError(400, { type: 'content_filter', message: 'high risk' }, undefined, new Headers())).kind).toBe('content_filter');
    // a class that only shares a name with nothing of the SDK's is not taken for one
    class NotApi extends Error {}
    expect(classifyError(new NotApi('boom')).kind).toBe('stream_error');
  });
});

function make429(m: typeof import('openai')): Error {
  return m.APIError.generate(429, { error: { type: 'rate_limit_reached_error', message: 'slow down' } }, undefined, new Headers());
}

describe('hints and redaction', () => {
  it('reads Retry-After in seconds, ms and as a date; and "try again after" text', () => {
    const h = (o: Record<string, string>) => new Headers(o);
    expect(retryAfterFromHeaders(h({ 'retry-after': '2' }))).toBe(2_000);
    expect(retryAfterFromHeaders(h({ 'retry-after-ms': '150', 'retry-after': '9' }))).toBe(150);
    expect(retryAfterFromHeaders(h({ 'retry-after': new Date(10_000).toUTCString() }), 4_000)).toBe(6_000);
    expect(retryAfterFromHeaders(h({}))).toBeUndefined();
    expect(retryAfterFromMessage('please try again after 1 seconds')).toBe(1_000);
    expect(retryAfterFromMessage('try again in 1.5s')).toBe(1_500);
    expect(retryAfterFromMessage('try again after 2 minutes')).toBe(120_000);
    expect(retryAfterFromMessage('try again later')).toBeUndefined();
  });

  it('redacts key shapes and explicit secrets', () => {
    expect(redactSecrets('key sk-proj-AbC123xyz and Authorization: Bearer eyJhbGciOi.x')).toBe('key sk-[redacted] and Authorization: Bearer [redacted]');
    expect(redactSecrets('api_key=abcdef123456')).toBe('api_key=[redacted]');
    expect(redactSecrets('token moon-1234', ['moon-1234'])).toBe('token [redacted]');
  });
});
