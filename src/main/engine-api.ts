// The engine's surface as the transports (CLI, HTTP, IPC handlers) see it. Implemented in rag/engine.ts.
import type { AnswerResult, ContextBreakdown, SentDoc } from '../shared/answer';

export interface AskRequest {
  /** Continue this session (created if unknown); a new session when absent. */
  sessionId?: string;
  customerId?: string;
  /** The agent asking (HTTP API `user_id`): stored as the session's agent and on the question turn (`meta.agentId`). */
  agentId?: string;
  /** The customer's new message. */
  text: string;
  /** Force an offline (catalog-composed) answer. */
  offline?: boolean;
  /** Extra context documents given by the caller (HTTP `retrieved_documents`), sent alongside retrieval. */
  extraDocuments?: string[];
  /**
   * Earlier turns supplied by the caller (HTTP `conversation_context`); stored into the session when it is new
   * or has no turns yet, so the same history is used for retrieval and the prompt.
   */
  conversationContext?: { role: 'user' | 'assistant' | 'system'; content: string }[];
  /** Re-ask an existing stored customer turn instead of storing a new one. */
  questionTurnId?: number;
  /** Continue an interrupted answer turn (partial mode). */
  continueAnswerTurnId?: number;
  requestId?: string;
}

export interface AskProgress {
  requestId: string;
  sessionId: string;
  answerTurnId: number | null;
  phase: 'retrieving' | 'waiting' | 'streaming' | 'retrying';
  /** The whole answer text so far. */
  text: string;
  sentDocs: SentDoc[];
  context: ContextBreakdown | null;
}

export interface AskCallbacks {
  /** Called once the question turn is stored (before any network call). */
  onStarted?(info: { requestId: string; sessionId: string; questionTurnId: number; answerTurnId: number | null }): void;
  /** Every answer delta as it arrives (HTTP `content` events). */
  onDelta?(delta: string): void;
  /** Once, when the first answer token arrives. */
  onFirstToken?(ttftMs: number): void;
  /** Throttled snapshots (at most ~once per animation frame). */
  onProgress?(p: AskProgress): void;
  /** Something to tell the agent while waiting (rate limited, retrying). */
  onNotice?(message: string): void;
  /** How often the caller passes deltas on (ms, e.g. serve's content window): the upstream is read about that often. */
  readPaceMs?(): number;
  /**
   * Once, when the answer's stream ended (no delta follows; the result comes once the answer is stored). Called in
   * the same event-loop turn as the last delta when the stream ended with it.
   */
  onStreamEnd?(): void;
}

export interface Engine {
  /** Answers one question; never throws for upstream failures (they are in the result's status/error). */
  ask(req: AskRequest, opts?: { signal?: AbortSignal; callbacks?: AskCallbacks }): Promise<AnswerResult>;
  /** Stops an in-flight request by id (aborts the upstream HTTP request). */
  stop(requestId: string): boolean;
  /** Requests in flight now. */
  active(): string[];
}
