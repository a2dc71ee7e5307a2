/**
 * A fake Kimi (Moonshot) server for tests and benchmarks: node:http on 127.0.0.1, port 0, speaking Moonshot's
 * real shapes (SSE chunks, usage in `choices[0].usage` or top-level with `cached_tokens`, error bodies, the
 * non-OpenAI `url.not_found` 404) with a fault queue consumed one fault per chat request.
 *
 * ```ts
 * const kimi = await startFakeKimi({ script: { answer: 'Hello [Doc-1]', ttftMs: 20 } });
 * process.env.KIMI_BASE_URL = kimi.url;            // http://127.0.0.1:PORT/v1
 * kimi.enqueue(faults.overloaded(), faults.server(503)); // fail twice, then answer
 * kimi.enqueue(faults.drop(3));                     // next request: socket destroyed after 3 chunks
 * kimi.requests[0].body; kimi.aborted;              // every request recorded; client aborts counted
 * await kimi.close();
 * ```
 * Routes: POST /v1/chat/completions (stream or not), GET /v1/models, POST /v1/tokenizers/estimate-token-count;
 * anything else → 404 `{"code":5,"error":"url.not_found",…}`. Validates like the real API: unknown model → 404,
 * temperature other than 1 on fixed-sampling models → 400, empty system/assistant content → 400, prompt + max_tokens
 * over the model window → 400 overflow. Partial mode: when the last message is `{role:'assistant', partial:true}`
 * and the answer starts with its content, only the rest is streamed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeFault, FakeKimiScript, RecordedRequest, StreamFault } from './fake-kimi-faults';
import { faults } from './fake-kimi-faults';
import { groundedAnswer } from './fake-kimi-grounded';
import { framedWriter, piecesOf, Ticker } from './fake-kimi-stream';

export { faults };
export type { FakeFault, FakeKimiScript, RecordedRequest, StreamFault };

export interface FakeKimiOptions {
  script?: Partial<FakeKimiScript>;
  /** Ids answered by /v1/models and accepted by chat (others → 404). */
  models?: string[];
  /** Models that reject temperature ≠ 1 and any top_p. */
  fixedSamplingModels?: string[];
  /** Model windows for the overflow check (prompt ≈ characters / 4, plus max_tokens). */
  contextWindows?: Record<string, number>;
  /** When set, chat and models require `Authorization: Bearer <apiKey>` (else 401). */
  apiKey?: string;
  /**
   * 'script' (default): answer with `script.answer`. 'grounded': answer only from the documents in the request's
   * knowledge block, citing them, or with the system prompt's fixed no-information sentence (fake-kimi-grounded.ts).
   */
  mode?: 'script' | 'grounded';
}

export interface FakeKimi {
  /** Base URL including /v1, e.g. http://127.0.0.1:40123/v1 */
  url: string;
  port: number;
  requests: RecordedRequest[];
  /** Requests whose client closed the connection before the answer finished. */
  readonly aborted: number;
  /** Chat requests answered so far (faulted or not). */
  readonly chatCount: number;
  setScript(script: Partial<FakeKimiScript>): void;
  /** Queue faults; each chat request consumes the first one (if any). */
  enqueue(...f: FakeFault[]): void;
  clearFaults(): void;
  /** Resolve once `cond()` holds (polls every 5 ms), reject after `timeoutMs`. */
  waitFor(cond: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export const FAKE_MODELS = ['moonshot-v1-8k', 'moonshot-v1-32k', 'moonshot-v1-128k', 'kimi-k2.5', 'kimi-k2.6', 'kimi-k3'];
const FIXED = ['kimi-k2.5', 'kimi-k2.6', 'kimi-k3'];
const WINDOWS: Record<string, number> = {
  'moonshot-v1-8k': 8_192,
  'moonshot-v1-32k': 32_768,
  'moonshot-v1-128k': 131_072,
  'kimi-k2.5': 262_144,
  'kimi-k2.6': 262_144,
  'kimi-k3': 1_048_576,
};

const DEFAULT_SCRIPT: FakeKimiScript = {
  ttftMs: 0,
  interChunkMs: 0,
  chunkChars: 4,
  answer: 'The X200 laptop can be returned within 30 days [Doc-1].',
  reasoning: '',
  usageShape: 'choice',
  cachedTokens: 0,
  emptyChoicesChunk: false,
  finishReason: 'stop',
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const wait = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...extra });
  res.end(text);
}

function moonshotError(res: http.ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { error: { type, message } });
}

interface Msg {
  role: string;
  content: string;
  partial?: boolean;
}

function messagesOf(body: Record<string, unknown>): Msg[] | null {
  if (!Array.isArray(body.messages)) return null;
  const out: Msg[] = [];
  for (const m of body.messages) {
    if (!isRecord(m) || typeof m.role !== 'string') return null;
    out.push({ role: m.role, content: typeof m.content === 'string' ? m.content : '', partial: m.partial === true });
  }
  return out;
}

export async function startFakeKimi(opts: FakeKimiOptions = {}): Promise<FakeKimi> {
  let script: FakeKimiScript = { ...DEFAULT_SCRIPT, ...opts.script };
  const models = opts.models ?? FAKE_MODELS;
  const fixed = new Set(opts.fixedSamplingModels ?? FIXED);
  const windows = { ...WINDOWS, ...opts.contextWindows };
  const queue: FakeFault[] = [];
  const requests: RecordedRequest[] = [];
  let aborted = 0;
  let chatCount = 0;

  function authorised(req: http.IncomingMessage, res: http.ServerResponse): boolean {
    if (opts.apiKey === undefined || req.headers.authorization === `Bearer ${opts.apiKey}`) return true;
    moonshotError(res, 401, 'invalid_authentication_error', 'Invalid Authentication');
    return false;
  }

  /** Validate like Moonshot; answers the error and returns false when invalid. */
  function validate(res: http.ServerResponse, body: Record<string, unknown>, msgs: Msg[]): boolean {
    const model = String(body.model ?? '');
    if (!models.includes(model)) {
      moonshotError(res, 404, 'resource_not_found_error', 'Not found the model or Permission denied');
      return false;
    }
    for (let i = 0; i < msgs.length; i++) {
      const m = msgs[i];
      if ((m.role === 'assistant' || m.role === 'system') && m.content === '') {
        moonshotError(res, 400, 'invalid_request_error', `Invalid request: the message at position ${i} with role '${m.role}' must not be empty`);
        return false;
      }
    }
    if (fixed.has(model)) {
      if (body.temperature !== undefined && body.temperature !== 1) {
        moonshotError(res, 400, 'invalid_request_error', 'invalid temperature: only 1 is allowed for this model');
        return false;
      }
      if (body.top_p !== undefined && body.top_p !== 0.95) {
        moonshotError(res, 400, 'invalid_request_error', 'invalid top_p: only 0.95 is allowed for this model');
        return false;
      }
    } else if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) {
      moonshotError(res, 400, 'invalid_request_error', 'Invalid request: temperature must be in [0, 1]');
      return false;
    }
    const window = windows[model];
    const prompt = promptTokensOf(msgs);
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : 1024;
    if (window !== undefined && prompt > window) {
      moonshotError(res, 400, 'invalid_request_error', 'Input token length too long');
      return false;
    }
    if (window !== undefined && prompt + maxTokens > window) {
      moonshotError(res, 400, 'invalid_request_error', `Invalid request: Your request exceeded model token limit: ${window}`);
      return false;
    }
    return true;
  }

  function promptTokensOf(msgs: Msg[]): number {
    let chars = 0;
    for (const m of msgs) chars += m.content.length + 16;
    return Math.ceil(chars / 4);
  }

  async function chat(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    chatCount += 1;
    const fault = queue.shift();
    if (fault) rec.fault = fault;
    if (!authorised(req, res)) return;
    if (fault?.kind === 'http') {
      const body = fault.body ?? { error: { type: fault.type ?? 'server_error', message: fault.message ?? 'error' } };
      sendJson(res, fault.status, body, fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {});
      return;
    }
    if (fault?.kind === 'stall_headers') return;
    const body = isRecord(rec.body) ? rec.body : null;
    const msgs = body ? messagesOf(body) : null;
    if (!body || !msgs) {
      moonshotError(res, 400, 'invalid_request_error', 'Invalid request: messages must be a list');
      return;
    }
    if (!validate(res, body, msgs)) return;
    const s: FakeKimiScript = fault?.kind === 'script' ? { ...script, ...fault.script } : script;
    const streamFault: StreamFault | undefined = fault && fault.kind !== 'script' ? fault : undefined;
    let answer = opts.mode === 'grounded' && fault?.kind !== 'script' ? groundedAnswer(rec.body) : typeof s.answer === 'function' ? s.answer(rec) : s.answer;
    const last = msgs[msgs.length - 1];
    if (last && last.role === 'assistant' && last.partial && answer.startsWith(last.content)) answer = answer.slice(last.content.length);
    const reasoning = typeof s.reasoning === 'function' ? s.reasoning(rec) : s.reasoning;
    const promptTokens = s.promptTokens ?? promptTokensOf(msgs);
    const completionTokens = Math.ceil((answer.length + reasoning.length) / 4);
    const usage: Record<string, number> = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    if (s.cachedTokens > 0) usage.cached_tokens = Math.min(s.cachedTokens, promptTokens);
    const id = `chatcmpl-fake-${rec.receivedAt}-${requests.length}`;
    const created = Math.floor(Date.now() / 1000);
    const model = String(body.model);
    const gone = (): boolean => res.destroyed || res.writableEnded;
    if (body.stream !== true) {
      if (s.ttftMs > 0) await wait(s.ttftMs);
      if (streamFault?.kind === 'drop') return void req.socket.destroy();
      if (streamFault?.kind === 'stall' || gone()) return;
      const message: Record<string, unknown> = { role: 'assistant', content: answer };
      if (reasoning) message.reasoning_content = reasoning;
      sendJson(res, 200, { id, object: 'chat.completion', created, model, choices: [{ index: 0, message, finish_reason: s.finishReason }], usage });
      return;
    }
    const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
    const shape = s.usageShape === 'auto' ? (includeUsage ? 'top-level' : 'choice') : s.usageShape;
    const interMs = s.tokensPerSecond ? (1000 * s.chunkChars) / 4 / s.tokensPerSecond : s.interChunkMs;
    const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => ({
      id, object: 'chat.completion.chunk', created, model, choices, ...extra,
    });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const write = framedWriter(res);
    const send = (obj: unknown): void => write(`data: ${JSON.stringify(obj)}\n\n`);
    // A content chunk is JSON.stringify(chunk([{ index: 0, delta: { [key]: text }, finish_reason: null }])), built
    // from a prefix serialised once per answer.
    const head = `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model }).slice(0, -1)},"choices":[{"index":0,"delta":{`;
    const pieces = piecesOf(reasoning, answer, s.chunkChars);
    /** Applies a mid-stream fault due after `sent` chunks; returns true when the stream must stop here. */
    const applyFault = (sent: number, atEnd: boolean): boolean => {
      if (!streamFault || streamFault.kind === 'no_usage') return false;
      if (streamFault.afterChunks !== sent && !(atEnd && streamFault.afterChunks > sent)) return false;
      switch (streamFault.kind) {
        case 'stream_error':
          send({ error: { type: streamFault.type ?? 'server_error', message: streamFault.message ?? 'internal error' } });
          res.end();
          return true;
        case 'stall':
          return true;
        case 'drop': {
          // Everything written so far reaches the client, then the socket goes.
          const sock = req.socket;
          sock.write('', () => sock.destroy());
          dropped.add(res);
          return true;
        }
        case 'malformed':
          write(`data: {"id":"${id}","choices":[{"index":0,"delta":{"content":"oops"\n\n`);
          return false;
        case 'end_early':
          res.end();
          return true;
      }
    };
    let i = 0;
    const finish = (): void => {
      if (applyFault(pieces.length, true) || gone()) return;
      const noUsage = streamFault?.kind === 'no_usage';
      const last: Record<string, unknown> = { index: 0, delta: {}, finish_reason: s.finishReason };
      if (!noUsage && (shape === 'choice' || shape === 'both')) last.usage = usage;
      send(chunk([last]));
      if (!noUsage && (shape === 'top-level' || shape === 'both')) send(chunk([], { usage }));
      res.end('data: [DONE]\n\n');
    };
    // One chunk per step; with a pace, the next step is due on the server's shared ticker (no timer per chunk).
    const step = (): void => {
      try {
        for (;;) {
          if (i >= pieces.length) return finish();
          if (applyFault(i, false) || gone()) return;
          write(`${head}${pieces[i]}},"finish_reason":null}]}\n\n`);
          i += 1;
          if (interMs > 0) return ticker.after(interMs, step);
        }
      } catch {
        res.destroy();
      }
    };
    const start = (): void => {
      if (gone()) return;
      if (s.emptyChoicesChunk) send(chunk([]));
      send(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]));
      step();
    };
    if (s.ttftMs > 0) ticker.after(s.ttftMs, start);
    else start();
  }

  const dropped = new WeakSet<http.ServerResponse>();
  const ticker = new Ticker();

  const server = http.createServer((req, res) => {
    const rec: RecordedRequest = {
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      headers: {},
      body: undefined,
      receivedAt: Date.now(),
      aborted: false,
      completed: false,
    };
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') rec.headers[k] = v;
    requests.push(rec);
    res.on('finish', () => (rec.completed = true));
    res.on('close', () => {
      if (!res.writableFinished && !dropped.has(res)) {
        rec.aborted = true;
        aborted += 1;
      }
    });
    const parts: Buffer[] = [];
    req.on('data', (b: Buffer) => parts.push(b));
    req.on('end', () => {
      const raw = Buffer.concat(parts).toString('utf8');
      if (raw) {
        try {
          rec.body = JSON.parse(raw);
        } catch {
          rec.body = raw;
        }
      }
      route(req, res, rec).catch((e: unknown) => {
        if (!res.headersSent) moonshotError(res, 500, 'server_error', `fake server bug: ${String(e)}`);
        else res.destroy();
      });
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse, rec: RecordedRequest): Promise<void> {
    if (rec.method === 'POST' && rec.path === '/v1/chat/completions') return chat(req, res, rec);
    if (rec.method === 'GET' && rec.path === '/v1/models') {
      if (!authorised(req, res)) return;
      const data = models.map((id) => ({ id, object: 'model', created: 1_700_000_000, owned_by: 'moonshot', root: id, parent: null, permission: [] }));
      return sendJson(res, 200, { object: 'list', data });
    }
    if (rec.method === 'POST' && rec.path === '/v1/tokenizers/estimate-token-count') {
      const msgs = isRecord(rec.body) ? messagesOf(rec.body) : null;
      if (!msgs) return moonshotError(res, 400, 'invalid_request_error', 'Invalid request: messages must be a list');
      return sendJson(res, 200, { code: 0, data: { total_tokens: promptTokensOf(msgs) }, scode: '0x0', status: true });
    }
    sendJson(res, 404, { code: 5, error: 'url.not_found', message: '没找到对象', method: rec.method, scode: '0x5', status: false });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests,
    get aborted() {
      return aborted;
    },
    get chatCount() {
      return chatCount;
    },
    setScript(next) {
      script = { ...script, ...next };
    },
    enqueue(...f) {
      queue.push(...f);
    },
    clearFaults() {
      queue.length = 0;
    },
    async waitFor(cond, timeoutMs = 3_000) {
      const until = Date.now() + timeoutMs;
      while (!cond()) {
        if (Date.now() > until) throw new Error('fake-kimi: condition not met in time');
        await wait(5);
      }
    },
    close() {
      ticker.close();
      return new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}
