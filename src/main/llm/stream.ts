// Moonshot's streaming wire format → a small event stream. Reads the raw chunk JSON: the openai SDK's types know
// neither the in-choice usage nor `cached_tokens`, but the parsed objects keep them.
import { LlmError, classifyStreamErrorObject } from './errors';
import type { StreamEvent, Usage } from './types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function malformed(why: string): LlmError {
  return new LlmError({ kind: 'stream_error', upstreamType: 'malformed_chunk', message: `malformed chunk: ${why}` });
}

function count(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.round(v) : undefined;
}

/**
 * Read a usage object in any of the shapes seen: Moonshot's (`cached_tokens` at the top of usage), OpenAI-style
 * gateways (`prompt_tokens_details.cached_tokens`). Returns undefined when it carries no counts.
 */
export function parseUsage(raw: unknown): Usage | undefined {
  if (!isRecord(raw)) return undefined;
  const prompt = count(raw.prompt_tokens);
  const completion = count(raw.completion_tokens);
  const total = count(raw.total_tokens);
  if (prompt === undefined && completion === undefined && total === undefined) return undefined;
  const details = isRecord(raw.prompt_tokens_details) ? raw.prompt_tokens_details : undefined;
  const promptTokens = prompt ?? 0;
  const completionTokens = completion ?? Math.max(0, (total ?? 0) - promptTokens);
  const cached = count(raw.cached_tokens) ?? count(details?.cached_tokens) ?? 0;
  return {
    promptTokens,
    completionTokens,
    cachedTokens: Math.min(cached, promptTokens),
    totalTokens: total ?? promptTokens + completionTokens,
  };
}

function mergeUsage(a: Usage | undefined, b: Usage): Usage {
  if (!a) return b;
  // Two reports of one answer (in-choice and top-level): keep the larger counts and any cached figure.
  return {
    promptTokens: Math.max(a.promptTokens, b.promptTokens),
    completionTokens: Math.max(a.completionTokens, b.completionTokens),
    cachedTokens: Math.max(a.cachedTokens, b.cachedTokens),
    totalTokens: Math.max(a.totalTokens, b.totalTokens),
  };
}

function textField(delta: Record<string, unknown>, key: string): string {
  const v = delta[key];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw malformed(`delta.${key} is ${typeof v}`);
  return v;
}

/**
 * The normaliser as a push parser (the streaming hot path calls it from the socket's data callback, no promise per
 * chunk): `push` each chunk (a parsed object or raw JSON string) and it emits `delta` / `reasoning` events at once;
 * `end` emits the closing `usage` (if any usage was reported, in either shape) and `finish` (if a finish_reason came).
 * Throws LlmError('stream_error') on an in-stream `{"error":…}` object or a malformed chunk; chunks with empty
 * `choices` are fine (they carry usage or nothing). Only choice index 0 is read (we never ask for n > 1).
 */
export class ChunkNormaliser {
  private usage: Usage | undefined;
  private finish: string | undefined;

  push(raw: unknown, emit: (ev: StreamEvent) => void): void {
    let chunk: unknown = raw;
    if (typeof raw === 'string') {
      try {
        chunk = JSON.parse(raw);
      } catch {
        throw malformed('not JSON');
      }
    }
    if (!isRecord(chunk)) throw malformed('not an object');
    if (chunk.error !== undefined && chunk.error !== null) throw classifyStreamErrorObject(chunk.error);
    const choices = chunk.choices;
    if (choices !== undefined && choices !== null && !Array.isArray(choices)) throw malformed('choices is not a list');
    if (choices) {
      for (let i = 0; i < (choices as unknown[]).length; i++) {
        const choice = (choices as unknown[])[i];
        if (!isRecord(choice)) throw malformed('choice is not an object');
        if (choice.index !== undefined && choice.index !== 0) continue;
        const delta = choice.delta ?? choice.message;
        if (delta !== undefined && delta !== null) {
          if (!isRecord(delta)) throw malformed('delta is not an object');
          const reasoning = textField(delta, 'reasoning_content');
          if (reasoning) emit({ type: 'reasoning', text: reasoning });
          const content = textField(delta, 'content');
          if (content) emit({ type: 'delta', text: content });
        }
        if (choice.usage !== undefined && choice.usage !== null) {
          const u = parseUsage(choice.usage);
          if (u) this.usage = mergeUsage(this.usage, u);
        }
        if (typeof choice.finish_reason === 'string' && choice.finish_reason) this.finish = choice.finish_reason;
      }
    }
    if (chunk.usage !== undefined && chunk.usage !== null) {
      const top = parseUsage(chunk.usage);
      if (top) this.usage = mergeUsage(this.usage, top);
    }
  }

  /** The closing events of a stream that ended cleanly. */
  end(emit: (ev: StreamEvent) => void): void {
    if (this.usage) emit({ type: 'usage', usage: this.usage });
    if (this.finish !== undefined) emit({ type: 'finish', reason: this.finish });
  }
}

/**
 * Normalise chunks (parsed objects, or raw JSON strings) into `delta` / `reasoning` events as they come, then — only
 * when the stream ends cleanly — one `usage` event and one `finish` event (see ChunkNormaliser). A stream that ends
 * without `finish` was cut short; the caller decides.
 */
export async function* normaliseStream(chunks: AsyncIterable<unknown>): AsyncGenerator<StreamEvent, void, undefined> {
  const n = new ChunkNormaliser();
  const out: StreamEvent[] = [];
  const emit = (ev: StreamEvent): void => void out.push(ev);
  for await (const raw of chunks) {
    let failure: unknown = null;
    try {
      n.push(raw, emit);
    } catch (err) {
      failure = err;
    }
    // What the chunk produced before a malformed part still goes out first.
    for (let i = 0; i < out.length; i++) yield out[i]!;
    out.length = 0;
    if (failure !== null) throw failure;
  }
  n.end(emit);
  yield* out;
}
