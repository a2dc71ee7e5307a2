// Row <-> domain mapping and input checks of the session store.
import { Speaker, TurnStatus, type SessionSummary, type Turn } from '../../shared/domain';
import { SessionInputError } from './errors';

export interface SessionRow {
  id: string;
  customer_id: string | null;
  title: string;
  created_at: string;
  updated_at: string;
  turn_count: number;
  archived_at?: string | null;
  agent_id?: string | null;
}

export interface TurnRow {
  id: number;
  session_id: string;
  seq: number;
  speaker: string;
  text: string;
  status: string;
  meta: string | null;
  created_at: string;
  updated_at: string;
}

export type TurnMeta = Record<string, unknown>;

export const TITLE_MAX_CHARS = 60;
export const ID_MAX_CHARS = 200;

export function toSummary(r: SessionRow): SessionSummary {
  return {
    id: r.id,
    customerId: r.customer_id,
    title: r.title,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    turnCount: r.turn_count,
    archived: r.archived_at != null,
    agentId: r.agent_id ?? null,
  };
}

const SPEAKERS: ReadonlySet<string> = new Set(Speaker.options);
const STATUSES: ReadonlySet<string> = new Set(TurnStatus.options);

/** Parsed meta kept by turn id while its stored text is the same (a session's history is read on every question;
 * an answer's meta — sent documents, context, citations — is the costly part to parse). Shared objects: never
 * mutated by readers. */
export class MetaCache {
  private readonly entries = new Map<number, { raw: string; meta: TurnMeta | undefined }>();
  constructor(private readonly max = 1_000) {}

  turn(r: TurnRow): Turn {
    if (r.meta === null || r.meta.length < 256) return toTurn(r);
    const hit = this.entries.get(r.id);
    if (hit && hit.raw === r.meta) return toTurn(r, hit.meta);
    const meta = parseMeta(r.meta);
    this.entries.delete(r.id);
    this.entries.set(r.id, { raw: r.meta, meta });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as number);
    return toTurn(r, meta);
  }
}

export function toTurn(r: TurnRow, parsed?: TurnMeta): Turn {
  const turn: Turn = {
    id: r.id,
    sessionId: r.session_id,
    seq: r.seq,
    // A set lookup per row (a long session is read on every question); zod only to throw its error.
    speaker: SPEAKERS.has(r.speaker) ? (r.speaker as Speaker) : Speaker.parse(r.speaker),
    text: r.text,
    status: STATUSES.has(r.status) ? (r.status as TurnStatus) : TurnStatus.parse(r.status),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
  const meta = parsed ?? parseMeta(r.meta);
  if (meta) turn.meta = meta;
  return turn;
}

export function parseMeta(raw: string | null): TurnMeta | undefined {
  if (raw === null) return undefined;
  const v: unknown = JSON.parse(raw);
  return isPlainObject(v) ? v : undefined;
}

export function isPlainObject(v: unknown): v is TurnMeta {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Serialises meta; rejects anything that is not a JSON object. */
export function serialiseMeta(meta: unknown): string {
  if (!isPlainObject(meta)) throw new SessionInputError(`meta must be a JSON object, got ${describe(meta)}`);
  return JSON.stringify(meta);
}

export function checkSpeaker(v: unknown): Speaker {
  const r = Speaker.safeParse(v);
  if (!r.success) throw new SessionInputError(`invalid speaker ${describe(v)} (expected ${Speaker.options.join(' | ')})`);
  return r.data;
}

export function checkStatus(v: unknown): TurnStatus {
  const r = TurnStatus.safeParse(v);
  if (!r.success) throw new SessionInputError(`invalid turn status ${describe(v)} (expected ${TurnStatus.options.join(' | ')})`);
  return r.data;
}

export function checkText(v: unknown, field = 'text'): string {
  if (typeof v !== 'string') throw new SessionInputError(`${field} must be a string, got ${describe(v)}`);
  return v;
}

export function checkId(v: unknown, field: string): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > ID_MAX_CHARS) {
    throw new SessionInputError(`${field} must be a non-empty string of at most ${ID_MAX_CHARS} characters, got ${describe(v)}`);
  }
  return v;
}

/** A title from the first customer message: whitespace collapsed, cut near a word boundary at ~60 characters. */
export function titleFrom(text: string, max = TITLE_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max).join('');
  const space = head.lastIndexOf(' ');
  const cut = space >= max * 0.6 ? head.slice(0, space) : head;
  return cut.trimEnd() + '…';
}

export function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 80 ? v.slice(0, 80) + '…' : v);
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `${typeof v} ${String(v)}`;
}
