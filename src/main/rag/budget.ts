// Context assembly: fits system prompt, history, documents and the new message into the model window.
// Works from cached counts and arithmetic only; tokenizes nothing whose count is already known.
import type { Turn } from '../../shared/domain';
import type { ChatMessage } from './history';
import { docHeader, type DocKindTag } from './render';
import type { TokenCache } from './token-cache';
import { MESSAGE_OVERHEAD, REPLY_PRIMER, upperBound, type TokenCounter } from './tokens';

/** A ranked candidate document; `text` is its rendered body, `tokens` its cached count (null: count now). */
export interface BudgetDoc {
  id: string;
  name: string;
  kind: DocKindTag;
  text: string;
  tokens: number | null;
  /** When `text` is made of pieces (a product's body and its manual passages): them, in order. The wire encodes
   * each (cached), and an uncounted text is counted piece by piece. */
  pieces?: readonly string[];
}

export interface SentDoc {
  n: number;
  productId: string;
  name: string;
  kind: DocKindTag;
  truncated: boolean;
}

export interface Breakdown {
  window: number;
  /** Output tokens kept free (may be lowered from the requested value when the window is tiny). */
  reservedOutput: number;
  system: number;
  history: number;
  documents: number;
  message: number;
  /** Per-message framing, reply primer and knowledge-block intro. */
  overhead: number;
  margin: number;
  /** Prompt tokens (system + history + documents + message + overhead); total + reservedOutput + margin ≤ window. */
  total: number;
}

export interface AssembleInput {
  window: number;
  reservedOutput: number;
  systemPrompt: string;
  /** Earlier turns, oldest first, NOT including the new message. */
  history: readonly Turn[];
  newMessage: string;
  /** Candidates in rank order. */
  docs: readonly BudgetDoc[];
  counter: TokenCounter;
  cache: TokenCache;
  safetyMargin: number;
  /** Known count of the system prompt (it is the same for every request); counted when absent. */
  systemTokens?: number;
  /** Share of the room history may take while documents are waiting (default 0.5); leftovers go back to it. */
  historyShare?: number;
  /** Smallest room worth a truncated document (default 300 tokens). */
  minTruncatedDoc?: number;
}

export interface Assembled {
  messages: ChatMessage[];
  sentDocs: SentDoc[];
  droppedTurns: number;
  droppedDocs: number;
  messageTruncated: boolean;
  breakdown: Breakdown;
}

export class BudgetError extends Error {
  override name = 'BudgetError';
}

export const KNOWLEDGE_INTRO =
  'Knowledge base for this question (the only source of facts). Cite each document you use as [Doc-N].\n\n';
const DOC_SEPARATOR = '\n\n';
/** Tokens allowed per joined part for BPE merges across part boundaries. */
export const JOIN_SLACK = 2;
const CUT_MARK = '\n[…]';
const MIDDLE_MARK = '\n[… middle of a long message cut to fit the model window …]\n';

/** The longest prefix of `text` whose UTF-8 length is ≤ maxBytes (never splits a surrogate pair). */
export function prefixByBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < text.length;
    const size = pair ? 4 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes + size > maxBytes) break;
    bytes += size;
    i += pair ? 2 : 1;
  }
  return text.slice(0, i);
}

function suffixByBytes(text: string, maxBytes: number): string {
  const rev = Array.from(text).reverse();
  let bytes = 0;
  let k = 0;
  for (; k < rev.length; k++) {
    const size = Buffer.byteLength(rev[k], 'utf8');
    if (bytes + size > maxBytes) break;
    bytes += size;
  }
  return rev.slice(0, k).reverse().join('');
}

/** Cuts the middle out of `text` so that its UTF-8 length (an upper bound on tokens) is ≤ maxTokens. */
export function truncateMiddle(text: string, maxTokens: number): string {
  const room = maxTokens - upperBound(MIDDLE_MARK) - JOIN_SLACK * 2;
  if (room <= 0) return prefixByBytes(text, Math.max(0, maxTokens));
  const head = prefixByBytes(text, Math.ceil(room * 0.6));
  const tail = suffixByBytes(text.slice(head.length), room - upperBound(head));
  return head + MIDDLE_MARK + tail;
}

/** The counter's figure for a document (exact, or an upper bound before the encoder is ready), piece by piece when
 * it has pieces (a rope is never flattened to be counted). */
export function countDoc(doc: BudgetDoc, counter: TokenCounter): number {
  if (!doc.pieces) return counter.count(doc.text);
  let n = JOIN_SLACK * (doc.pieces.length - 1);
  for (const p of doc.pieces) n += counter.count(p);
  return n;
}

/** A safe upper bound of a document's tokens: its count when known, else its UTF-8 bytes. */
export function docBound(doc: BudgetDoc): number {
  if (doc.tokens !== null) return doc.tokens;
  if (!doc.pieces) return upperBound(doc.text);
  let n = 0;
  for (const p of doc.pieces) n += upperBound(p);
  return n;
}

export function assembleContext(input: AssembleInput): Assembled {
  const { window, counter, cache } = input;
  const margin = Math.max(0, input.safetyMargin);
  const system = input.systemTokens ?? counter.count(input.systemPrompt);
  const fixed = REPLY_PRIMER + 2 * MESSAGE_OVERHEAD;
  const available = window - margin - fixed - system;
  const newText = input.newMessage.trim();
  if (newText.length === 0) throw new BudgetError('the new message is empty');

  let message = counter.count(newText);
  const minMessage = Math.min(message, 512);
  if (available - minMessage < 1) {
    throw new BudgetError(`window ${window} too small: system prompt ${system} + margin ${margin} leave no room`);
  }
  const reservedOutput = Math.max(1, Math.min(input.reservedOutput, available - minMessage));

  let content = newText;
  let messageTruncated = false;
  if (message > available - reservedOutput) {
    content = truncateMiddle(newText, available - reservedOutput);
    message = upperBound(content);
    messageTruncated = true;
  }
  let room = available - reservedOutput - message;

  // Knowledge block framing, only paid when at least one document goes in.
  const kbOverhead = MESSAGE_OVERHEAD + upperBound(KNOWLEDGE_INTRO);
  const historyShare = input.docs.length > 0 ? (input.historyShare ?? 0.5) : 1;

  // History, newest first, up to its share.
  const picked: ChatMessage[] = [];
  let historyTokens = 0;
  let i = input.history.length - 1;
  const takeHistory = (cap: number): void => {
    for (; i >= 0; i--) {
      const entry = cache.turn(input.history[i], counter);
      if (!entry.message) continue;
      const cost = entry.tokens + MESSAGE_OVERHEAD;
      if (historyTokens + cost > cap) return;
      historyTokens += cost;
      picked.push(entry.message);
    }
  };
  takeHistory(Math.floor(Math.max(0, room - kbOverhead) * historyShare));
  room -= historyTokens;

  // Documents by rank: a prefix, the last one possibly truncated.
  const sentDocs: SentDoc[] = [];
  /** The documents that go in: each its header, then its body (or the body's pieces). */
  const parts: string[][] = [];
  let docTokens = 0;
  const minTrunc = input.minTruncatedDoc ?? 300;
  const docRoom = room - kbOverhead;
  for (const doc of input.docs) {
    const n = sentDocs.length + 1;
    const header = docHeader(n);
    const frame = upperBound(header) + upperBound(DOC_SEPARATOR) + JOIN_SLACK * 2;
    const tokens = doc.tokens ?? countDoc(doc, counter);
    const left = docRoom - docTokens - frame;
    if (tokens <= left) {
      parts.push(doc.pieces ? [header, ...doc.pieces] : [header, doc.text]);
      docTokens += tokens + frame;
      sentDocs.push({ n, productId: doc.id, name: doc.name, kind: doc.kind, truncated: false });
      continue;
    }
    if (left >= minTrunc) {
      const body = prefixByBytes(doc.text, left - upperBound(CUT_MARK) - JOIN_SLACK) + CUT_MARK;
      parts.push([header, body]);
      docTokens += upperBound(body) + frame;
      sentDocs.push({ n, productId: doc.id, name: doc.name, kind: doc.kind, truncated: true });
    }
    break;
  }
  if (sentDocs.length > 0) room -= docTokens + kbOverhead;

  // Whatever the documents left goes back to older history.
  takeHistory(historyTokens + Math.max(0, room));

  const messages: ChatMessage[] = [{ role: 'system', content: input.systemPrompt }];
  for (let k = picked.length - 1; k >= 0; k--) messages.push(picked[k]);
  if (parts.length > 0) {
    // Concatenated, not joined: V8 keeps a rope here instead of copying ~0.5 MB per request (the copy and its
    // garbage were the p95 of assembly). The pieces go with it (`parts`): the wire transport encodes them one by one
    // (each document's bytes cached, llm/body.ts), so the rope is never flattened on the serve path.
    const pieces: string[] = [KNOWLEDGE_INTRO];
    let block = KNOWLEDGE_INTRO;
    for (let k = 0; k < parts.length; k++) {
      if (k > 0) {
        pieces.push(DOC_SEPARATOR);
        block += DOC_SEPARATOR;
      }
      for (const part of parts[k]!) {
        pieces.push(part);
        block += part;
      }
    }
    messages.push({ role: 'system', content: block, parts: pieces });
  }
  messages.push({ role: 'user', content });

  const overhead = fixed + (sentDocs.length > 0 ? kbOverhead : 0);
  const total = system + historyTokens + docTokens + message + overhead;
  return {
    messages,
    sentDocs,
    droppedTurns: i + 1,
    droppedDocs: input.docs.length - sentDocs.length,
    messageTruncated,
    breakdown: { window, reservedOutput, system, history: historyTokens, documents: docTokens, message, overhead, margin, total },
  };
}
