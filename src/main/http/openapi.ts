// `GET /v1/openapi.json`: an OpenAPI 3.1 description of the seed-compatible endpoints and the contract transport.
import { z } from 'zod';
import { ChatStreamRequest } from './chat-stream';

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['type', 'message'],
      properties: { type: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
};

const jsonError = (description: string): Record<string, unknown> => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function requestSchema(): Record<string, unknown> {
  try {
    return z.toJSONSchema(ChatStreamRequest, { io: 'input', target: 'draft-2020-12' }) as Record<string, unknown>;
  } catch {
    return { type: 'object' };
  }
}

const sseDescription = [
  'Server-sent events, in this order: `metrics` (at the first token) → `content`* → `citations` → `done`, or `error`.',
  '- `metrics`: `{"time_to_first_token_ms": number}`',
  '- `content`: a JSON string, the next piece of the answer',
  '- `citations`: `[{"n": number, "productId": string, "name": string}]`',
  '- `done`: `{"total_tokens", "total_latency_ms", "tokens_per_second", "cost_usd", "mode": "online"|"offline"}`',
  '- `error`: `{"type", "message", "retryable"}` (`type` "shutdown" when the server stops mid-answer)',
  'Comment lines (`: heartbeat`) every 15 s keep idle connections open.',
].join('\n');

export function openApiDocument(version: string): Record<string, unknown> {
  const auth = [{ bearer: [] }];
  const common = { '401': jsonError('missing or wrong token'), '403': jsonError('Host header is not this server (DNS rebinding guard), or a cross-origin browser request') };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Deskmate loopback API',
      version,
      description: 'Grounded, cited answers for support agents over a local catalog cache and Kimi. Binds 127.0.0.1; every request needs the bearer token `deskmate serve` prints.',
    },
    servers: [{ url: '/' }],
    security: auth,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
      },
      schemas: { Error: errorBody, ChatStreamRequest: requestSchema() },
    },
    paths: {
      '/v1/chat/stream': {
        post: {
          summary: 'Answer one customer question, streamed',
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ChatStreamRequest' } } } },
          responses: {
            '200': {
              description: sseDescription,
              content: { 'text/event-stream': { schema: { type: 'string' } }, 'application/json': { schema: { type: 'object', description: 'when "stream": false' } } },
            },
            '400': jsonError('malformed JSON, wrong types or a blank query; `field` names the culprit'),
            '413': jsonError('body over the limit (1 MiB)'),
            ...common,
          },
        },
      },
      '/v1/health': {
        get: {
          summary: 'Server, upstream and streaming figures',
          responses: {
            '200': {
              description: '`{"status", "upstream": {"baseUrl","reachable","lastError"}, "streaming_metrics": {"total_streams","avg_time_to_first_token_ms","avg_total_latency_ms"}}` (averages are EMAs, alpha 0.1), plus `server` (this process): {active_streams, event_loop_delay_ms: {p50, p99, max}, rss_mb, pid}; with several serving processes `streaming_metrics` covers all of them and `cluster` gives {processes, active_streams, rss_mb, event_loop_delay_p99_ms, per_process}',
              content: { 'application/json': { schema: { type: 'object' } } },
            },
            ...common,
          },
        },
      },
      '/v1/pricing': {
        get: { summary: 'The pricing table (USD per 1M tokens) and comparisons', responses: { '200': { description: 'pricing', content: { 'application/json': { schema: { type: 'object' } } } }, ...common } },
      },
      '/v1/usage': {
        get: {
          summary: 'Usage report from the ledger',
          parameters: [
            { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
            { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' } },
          ],
          responses: {
            '200': { description: 'JSON report, or CSV with `Accept: text/csv`', content: { 'application/json': { schema: { type: 'object' } }, 'text/csv': { schema: { type: 'string' } } } },
            '400': jsonError('bad since/until'),
            ...common,
          },
        },
      },
      '/v1/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' }, ...common } } },
      '/api/invoke/{route}': {
        post: {
          summary: 'Contract transport (browser mode): one route of src/shared/contract.ts',
          parameters: [{ name: 'route', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: '`{ok: true, data}` or `{ok: false, error: {code, message, field?}}`' }, '404': { description: 'unknown route' }, '413': { description: 'body over the limit (200 MiB for catalog.importText, else 1 MiB)' }, ...common, '403': jsonError('Host header is not this server, or the route is refused over HTTP (`local_only`: its contract `transports` omit http)') },
        },
      },
      '/api/events': { get: { summary: 'Contract events as SSE (`event: NAME`, `data: JSON`)', responses: { '200': { description: 'text/event-stream' }, ...common } } },
    },
  };
}
