// The streaming request's JSON body as UTF-8 bytes, built from parts: the same JSON text `buildChatBody` +
// JSON.stringify give (same fields, same order, same escapes), without serialising the prompt as one string per
// request and encoding it again for the socket. A string the engine hands out again — the system prompt, each
// knowledge-block document's rendering, an earlier turn — is JSON-escaped and UTF-8 encoded once and kept (LRU, keyed
// by the string itself: the same string object hits at once); the rest (headers, separators, the question) is
// escaped per request; everything is copied into one buffer. A message with `parts` (the knowledge block) is written
// part by part, so its content — a rope of the cached documents — is never flattened into one string (which the
// request, held for the whole stream, would keep: twice its characters per answer in flight).
import type { ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { ResolvedModel } from './models';
import type { ChatMessage, ChatRequest } from './types';

/** True when the message's content is empty or only white space (what `content.trim() === ''` says). */
function isBlank(m: ChatMessage): boolean {
  if (m.parts) {
    for (const p of m.parts) if (p.trim() !== '') return false;
    return true;
  }
  return m.content.trim() === '';
}

/** Moonshot rejects empty system/assistant content (400): such messages are dropped, they carry nothing. */
function toWireMessages(messages: readonly ChatRequest['messages'][number][]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const m of messages) {
    if (m.role !== 'user' && isBlank(m)) continue;
    if (m.role === 'assistant') {
      const msg: ChatCompletionMessageParam & { partial?: boolean } = { role: 'assistant', content: m.content };
      if (m.partial) msg.partial = true;
      out.push(msg);
    } else {
      out.push({ role: m.role, content: m.content });
    }
  }
  return out;
}

/** The JSON body sent for one streaming request (exported for tests and the fake server's expectations). */
export function buildChatBody(req: ChatRequest, model: ResolvedModel): ChatCompletionCreateParamsStreaming {
  const body: ChatCompletionCreateParamsStreaming & { reasoning_effort?: string } = {
    model: req.model,
    messages: toWireMessages(req.messages),
    max_tokens: Math.max(1, Math.floor(req.maxTokens)),
    stream: true,
    stream_options: { include_usage: true },
  };
  if (!model.fixedSampling && req.temperature !== undefined && Number.isFinite(req.temperature)) {
    const [lo, hi] = model.temperatureRange ?? [0, 2];
    body.temperature = Math.min(hi, Math.max(lo, req.temperature));
  }
  if (req.reasoningEffort && model.thinking) body.reasoning_effort = req.reasoningEffort;
  return body;
}

/** Strings shorter than this are escaped per request (document headers, separators). */
const CACHE_MIN_CHARS = 64;
/** Bytes kept per process, encoded parts and their key strings: ~4,000 of the bench's documents. A miss costs the
 * escape, the encoding and an allocation of its own (escapedBytes): a 2-MB bound made them ~1% of a serving process's
 * CPU with new questions (0.3% at 8 MB). Before the parts had memory of their own, 8 MB here held 12.7 MB of pool
 * slabs per process after 12,000 distinct questions. */
const CACHE_MAX_BYTES = 6 * 1024 * 1024;

interface Part {
  bytes: Buffer;
  /** Asked for since it was stored or last given a second chance. */
  used: boolean;
}

/**
 * Least recently used first out, approximately ("second chance"): a hit only marks its entry (no Map delete + set per
 * hit, which cost ~0.4 µs each and re-allocated the table every few hundred requests); when over budget the oldest
 * entries go, except a marked one, which moves to the back unmarked.
 */
export class PartCache {
  private readonly map = new Map<string, Part>();
  private bytes = 0;
  hits = 0;
  misses = 0;

  constructor(private readonly maxBytes: number) {}

  /** The JSON-escaped UTF-8 bytes of `s` (no quotes). */
  get(s: string): Buffer {
    const hit = this.map.get(s);
    if (hit !== undefined) {
      this.hits++;
      hit.used = true;
      return hit.bytes;
    }
    this.misses++;
    const b = escapedBytes(s);
    const size = cost(s, b);
    if (size > this.maxBytes) return b;
    this.map.set(s, { bytes: b, used: false });
    this.bytes += size;
    if (this.bytes > this.maxBytes) {
      // (Entries moved to the back are met again by this loop, unmarked.)
      for (const [k, e] of this.map) {
        if (this.bytes <= this.maxBytes) break;
        this.map.delete(k);
        if (e.used) {
          e.used = false;
          this.map.set(k, e);
        } else this.bytes -= cost(k, e.bytes);
      }
    }
    return b;
  }

  /** For tests: whether `s` is kept. */
  has(s: string): boolean {
    return this.map.has(s);
  }

  get size(): number {
    return this.map.size;
  }

  get byteSize(): number {
    return this.bytes;
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }
}

/** What an entry keeps alive: its bytes and (at most) its key string, which the engine's caches may have let go. */
function cost(s: string, b: Buffer): number {
  return b.length + 2 * s.length;
}

/** Its own memory, exactly its size: a `Buffer.from` of under 4 KB is a view of a shared 8-KB pool slab, which an
 * entry kept here keeps alive whole after the other views are gone (the cache's bound then says nothing). */
function escapedBytes(s: string): Buffer {
  const json = JSON.stringify(s);
  const text = json.slice(1, json.length - 1);
  const b = Buffer.allocUnsafeSlow(Buffer.byteLength(text, 'utf8'));
  b.write(text, 0, 'utf8');
  return b;
}

export const partCache = new PartCache(CACHE_MAX_BYTES);

/** Short recurring strings (document headers, separators) escaped as text; forgotten all at once when full. */
const SHORT = new Map<string, string>();
const SHORT_MAX = 4_096;

function shortEscaped(s: string): string {
  let e = SHORT.get(s);
  if (e === undefined) {
    const json = JSON.stringify(s);
    e = json.slice(1, json.length - 1);
    if (SHORT.size >= SHORT_MAX) SHORT.clear();
    SHORT.set(s, e);
  }
  return e;
}

/** Collects the body: short JSON text joined as strings, cached parts as their bytes; then one buffer. */
class BodyWriter {
  private readonly pieces: (string | Buffer)[] = [];
  private text = '';

  /** JSON text as is. */
  raw(json: string): void {
    this.text += json;
  }

  /** The escaped content of a string (no quotes); kept encoded when `cache` (a string the caller hands out again). */
  escaped(s: string, cache: boolean): void {
    if (s.length === 0) return;
    if (!cache) {
      const json = JSON.stringify(s);
      this.text += json.slice(1, json.length - 1);
      return;
    }
    if (s.length < CACHE_MIN_CHARS) {
      this.text += shortEscaped(s);
      return;
    }
    if (this.text !== '') this.pieces.push(this.text);
    this.text = '';
    this.pieces.push(partCache.get(s));
  }

  done(): Buffer {
    if (this.text !== '') this.pieces.push(this.text);
    this.text = '';
    let length = 0;
    for (const p of this.pieces) length += typeof p === 'string' ? Buffer.byteLength(p, 'utf8') : p.length;
    // Every byte is written below.
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (const p of this.pieces) at += typeof p === 'string' ? out.write(p, at, 'utf8') : p.copy(out, at);
    return out;
  }
}

const MESSAGES = '"messages":[]';

/**
 * `JSON.stringify(buildChatBody(req, model))` as bytes, from parts: the same messages (empty system/assistant ones
 * dropped, `partial` on a partial assistant message) and the same other fields in the same order.
 */
export function encodeChatBody(req: ChatRequest, model: ResolvedModel): Buffer {
  // Every field but the messages from the one builder (so the two can never disagree), split where the messages go.
  const shell = JSON.stringify(buildChatBody({ ...req, messages: [] }, model));
  const at = shell.indexOf(MESSAGES);
  if (at < 0) throw new Error('request body without messages');
  const w = new BodyWriter();
  w.raw(shell.slice(0, at + MESSAGES.length - 1));
  let first = true;
  const last = req.messages.length - 1;
  for (let k = 0; k <= last; k++) {
    const m = req.messages[k]!;
    if (m.role !== 'user' && isBlank(m)) continue;
    w.raw(first ? '{"role":"' : ',{"role":"');
    first = false;
    w.raw(m.role);
    w.raw('","content":"');
    // Parts and earlier messages come from the engine's caches (renderings, turns, the system prompt) and recur;
    // the last message is this request's question (or a partial answer).
    if (m.parts) for (const p of m.parts) w.escaped(p, true);
    else w.escaped(m.content, k < last);
    w.raw(m.role === 'assistant' && m.partial ? '","partial":true}' : '"}');
  }
  w.raw(shell.slice(at + MESSAGES.length - 1));
  return w.done();
}
