// Shapes shared by the Kimi client, the stream normaliser and the attempt loop.
import type { Timeouts } from './config';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
  /** Moonshot partial mode: only on a final assistant message whose content the reply must continue. */
  partial?: boolean;
  /**
   * When given, `content` is exactly these strings joined (the knowledge block: its intro, each document's header
   * and cached rendering, the separators). The wire transport encodes them one by one (long ones once, cached), so
   * the joined content is never flattened; whoever changes `content` must drop `parts`.
   */
  parts?: readonly string[];
}

export interface ChatRequest {
  model: string;
  messages: ChatMessage[];
  maxTokens: number;
  /** Ignored (not sent) for fixed-sampling models. */
  temperature?: number;
  /** kimi-k3 only: how hard it thinks. */
  reasoningEffort?: 'low' | 'high' | 'max';
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens served from Moonshot's context cache (part of promptTokens). */
  cachedTokens: number;
  totalTokens: number;
}

export type StreamEvent =
  | { type: 'delta'; text: string }
  | { type: 'reasoning'; text: string }
  | { type: 'usage'; usage: Usage }
  | { type: 'finish'; reason: string };

export interface StreamOptions {
  signal?: AbortSignal;
  timeouts: Timeouts;
  /**
   * How often the consumer passes text on (e.g. serve's content window): after the first token a transport may leave
   * the upstream socket unread about this long after each read and hand on what arrived meanwhile as one delta.
   * Called per read; 0 or absent: every chunk at once.
   */
  readPaceMs?: () => number;
  /**
   * `streamChatTo` only: called once, before anything is sent, with a function that ends this stream as an abort of
   * `signal` would (runCompletion's answer deadline uses it instead of an AbortController of its own per answer).
   */
  bindStop?: (stop: () => void) => void;
}

export interface PingResult {
  ok: boolean;
  latencyMs: number;
  models: string[];
  /** Set when not ok. */
  error?: import('./errors').LlmError;
}

/** What the attempt loop needs from a client; createKimiClient returns one, tests may script their own. */
export interface KimiClient {
  readonly baseUrl: string;
  streamChat(req: ChatRequest, opts: StreamOptions): AsyncIterable<StreamEvent>;
  /**
   * The same events pushed to `emit` as they arrive (from the socket's callbacks: no promise per chunk); resolves
   * when the stream ended cleanly, rejects with what `streamChat` would throw. Optional: runCompletion uses it
   * when present, else iterates `streamChat`.
   */
  streamChatTo?(req: ChatRequest, opts: StreamOptions, emit: (ev: StreamEvent) => void): Promise<void>;
  listModels(opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<string[]>;
  ping(opts?: { signal?: AbortSignal; timeoutMs?: number }): Promise<PingResult>;
}

export interface Clock {
  now(): number;
}
