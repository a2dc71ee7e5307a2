// The conversation: the open session's stored turns plus the answers being written now. Progress snapshots are
// applied once per animation frame (the last snapshot of each request wins), never per token.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AnswerResult, ContextBreakdown, SentDoc } from '../../../shared/answer';
import type { DeskApi, EventPayload, InvokeResult, RouteOutput } from '../../../shared/contract';
import type { SessionSummary, Turn } from '../../../shared/domain';
import { createFrameBatcher, type ScheduleFrame } from './frame-batcher';

export type Phase = 'starting' | 'retrieving' | 'waiting' | 'streaming' | 'retrying' | 'done';

export interface PendingAnswer {
  requestId: string;
  sessionId: string;
  questionTurnId: number | null;
  answerTurnId: number | null;
  phase: Phase;
  text: string;
  sentDocs: SentDoc[];
  context: ContextBreakdown | null;
  notice: string | null;
  result: AnswerResult | null;
  stopping: boolean;
}

export interface ChatError {
  /** An error type (engine) or code (transport/route): picks the words shown. */
  code: string;
  message: string;
  /** The question as typed, kept so nothing is lost. */
  question: string | null;
  /** Set when the question is stored: "try again" re-asks it. */
  questionTurnId: number | null;
}

export interface ChatState {
  sessionId: string | null;
  session: SessionSummary | null;
  turns: Turn[];
  loading: boolean;
  /** Answers in flight (or just finished, until the stored turn replaces them), by request id. */
  pending: Record<string, PendingAnswer>;
  /** Results seen in this run, by answer turn id (banners, flags, usage). */
  results: Record<number, AnswerResult>;
  error: ChatError | null;
  draft: string;
  sending: boolean;
}

export interface ChatActions {
  openSession(id: string): Promise<void>;
  /** A blank conversation; the session is created by the first question. */
  newChat(): void;
  setDraft(text: string): void;
  send(): Promise<boolean>;
  /** Stops every answer being written in the open session. */
  stop(): Promise<void>;
  /** Asks a stored customer turn again (regenerate, ask online, try again). */
  reask(questionTurnId: number): Promise<boolean>;
  /** Continues an interrupted answer where it stopped. */
  continueAnswer(answerTurnId: number): Promise<boolean>;
  dismissError(): void;
  reload(): Promise<void>;
}

export type ChatStore = StoreApi<ChatState & ChatActions>;

export interface ChatDeps {
  api: DeskApi;
  schedule: ScheduleFrame;
  /** A session was created or changed (the sessions list and queue refresh). */
  onSessionChanged?(sessionId: string): void;
  /** Id for a new chat's session (default: a random UUID). */
  newSessionId?(): string;
}

type Progress = EventPayload<'chat.progress'>;

export function isActive(p: PendingAnswer): boolean {
  return p.phase !== 'done';
}

function blankPending(requestId: string, sessionId: string): PendingAnswer {
  return {
    requestId,
    sessionId,
    questionTurnId: null,
    answerTurnId: null,
    phase: 'starting',
    text: '',
    sentDocs: [],
    context: null,
    notice: null,
    result: null,
    stopping: false,
  };
}

/** Drops finished answers once the stored turns include them. */
export function prunePending(pending: Record<string, PendingAnswer>, turns: readonly Turn[], sessionId: string | null) {
  const ids = new Set(turns.map((t) => t.id));
  const next: Record<string, PendingAnswer> = {};
  let changed = false;
  for (const [id, p] of Object.entries(pending)) {
    const stored = p.answerTurnId !== null && ids.has(p.answerTurnId);
    if (p.phase === 'done' && p.sessionId === sessionId && (stored || p.answerTurnId === null)) changed = true;
    else next[id] = p;
  }
  return changed ? next : pending;
}

function newSessionId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `s-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function createChatStore(deps: ChatDeps): { store: ChatStore; dispose(): void } {
  const { api } = deps;
  let tempId = 0;
  let loadSeq = 0;
  /** Requests whose chat.done already came (it can arrive before the invoke that started them returns). */
  const finished = new Set<string>();

  const store = createStore<ChatState & ChatActions>()((set, get) => {
    const upsertPending = (requestId: string, sessionId: string, patch: Partial<PendingAnswer>) =>
      set((s) => {
        const prev = s.pending[requestId] ?? blankPending(requestId, sessionId);
        return { pending: { ...s.pending, [requestId]: { ...prev, ...patch } } };
      });

    const started = (text: string | null, r: InvokeResult<RouteOutput<'chat.ask'>>, wasNew: boolean): boolean => {
      if (!r.ok) {
        set({ sending: false, error: { code: r.error.code, message: r.error.message, question: text, questionTurnId: null } });
        if (text !== null && get().draft === '') set({ draft: text });
        return false;
      }
      const a = r.data;
      const prev = get().pending[a.requestId];
      if (!finished.has(a.requestId)) {
        upsertPending(a.requestId, a.sessionId, {
          questionTurnId: a.questionTurnId,
          answerTurnId: prev?.answerTurnId ?? a.answerTurnId,
          phase: prev ? prev.phase : 'retrieving',
        });
      }
      set({ sending: false });
      if (get().sessionId === null) set({ sessionId: a.sessionId });
      // a new session: load its summary (title) now; a finished answer: load the stored turns
      const here = get().sessionId === a.sessionId;
      if (here && (wasNew || finished.has(a.requestId))) void get().reload();
      deps.onSessionChanged?.(a.sessionId);
      return true;
    };

    return {
      sessionId: null,
      session: null,
      turns: [],
      loading: false,
      pending: {},
      results: {},
      error: null,
      draft: '',
      sending: false,

      async openSession(id) {
        const seq = ++loadSeq;
        set({ sessionId: id, session: null, turns: [], loading: true, error: null });
        const r = await api.invoke('sessions.get', { id });
        if (seq !== loadSeq) return;
        if (!r.ok) {
          set({ loading: false, error: { code: r.error.code, message: r.error.message, question: null, questionTurnId: null } });
          return;
        }
        set((s) => ({
          session: r.data.session,
          turns: r.data.turns,
          loading: false,
          pending: prunePending(s.pending, r.data.turns, id),
        }));
      },

      async reload() {
        const id = get().sessionId;
        if (id === null) return;
        const seq = ++loadSeq;
        const r = await api.invoke('sessions.get', { id });
        if (seq !== loadSeq || !r.ok) return;
        set((s) => ({ session: r.data.session, turns: r.data.turns, pending: prunePending(s.pending, r.data.turns, id) }));
      },

      newChat() {
        loadSeq++;
        set({ sessionId: null, session: null, turns: [], loading: false, error: null, draft: '' });
      },

      setDraft(text) {
        set({ draft: text });
      },

      async send() {
        const { draft, sending, sessionId } = get();
        const text = draft.trim();
        if (!text || sending) return false;
        const optimistic: Turn = {
          id: --tempId,
          sessionId: sessionId ?? '',
          seq: Number.MAX_SAFE_INTEGER,
          speaker: 'customer',
          text,
          status: 'complete',
          createdAt: new Date().toISOString(),
          updatedAt: new Date().toISOString(),
        };
        // A new chat gets its session id here, before the request: the answer's events (which can arrive before
        // the invoke returns) then always belong to the session on screen.
        const sid = sessionId ?? (deps.newSessionId ?? newSessionId)();
        optimistic.sessionId = sid;
        set((s) => ({ sessionId: sid, sending: true, error: null, draft: '', turns: [...s.turns, optimistic] }));
        const r = await api.invoke('chat.ask', { sessionId: sid, text });
        set((s) => ({
          turns: r.ok
            ? s.turns.map((t) => (t.id === optimistic.id ? { ...t, id: r.data.questionTurnId, sessionId: r.data.sessionId } : t))
            : s.turns.filter((t) => t.id !== optimistic.id),
          // a refused first question leaves no session behind
          sessionId: !r.ok && sessionId === null && s.sessionId === sid ? null : s.sessionId,
        }));
        return started(text, r, sessionId === null);
      },

      async reask(questionTurnId) {
        set({ error: null });
        const r = await api.invoke('chat.reask', { questionTurnId });
        return started(null, r, false);
      },

      async continueAnswer(answerTurnId) {
        set({ error: null });
        const r = await api.invoke('chat.continue', { answerTurnId });
        return started(null, r, false);
      },

      async stop() {
        const { pending, sessionId } = get();
        const active = Object.values(pending).filter((p) => isActive(p) && p.sessionId === sessionId && !p.stopping);
        for (const p of active) upsertPending(p.requestId, p.sessionId, { stopping: true });
        await Promise.all(active.map((p) => api.invoke('chat.stop', { requestId: p.requestId })));
      },

      dismissError() {
        set({ error: null });
      },
    };
  });

  const batcher = createFrameBatcher<Progress>((batch) => {
    store.setState((s) => {
      const pending = { ...s.pending };
      for (const p of batch.values()) {
        const prev = pending[p.requestId] ?? blankPending(p.requestId, p.sessionId);
        if (prev.phase === 'done') continue; // a late snapshot never overwrites the final answer
        pending[p.requestId] = {
          ...prev,
          sessionId: p.sessionId,
          answerTurnId: p.answerTurnId ?? prev.answerTurnId,
          phase: p.phase,
          text: p.text,
          sentDocs: p.sentDocs.length > 0 || prev.sentDocs.length === 0 ? p.sentDocs : prev.sentDocs,
          context: p.context ?? prev.context,
        };
      }
      return { pending };
    });
  }, deps.schedule);

  const offProgress = api.on('chat.progress', (p) => batcher.push(p.requestId, p));
  const offNotice = api.on('chat.notice', (n) =>
    store.setState((s) => {
      const prev = s.pending[n.requestId] ?? blankPending(n.requestId, n.sessionId);
      return { pending: { ...s.pending, [n.requestId]: { ...prev, notice: n.message } } };
    }),
  );
  const offDone = api.on('chat.done', ({ requestId, result }) => {
    finished.add(requestId);
    if (finished.size > 500) finished.delete(finished.values().next().value as string);
    batcher.flush();
    store.setState((s) => {
      const prev = s.pending[requestId] ?? blankPending(requestId, result.sessionId);
      const done: PendingAnswer = {
        ...prev,
        sessionId: result.sessionId,
        questionTurnId: result.questionTurnId,
        answerTurnId: result.answerTurnId,
        phase: 'done',
        text: result.answer,
        sentDocs: result.sentDocs,
        context: result.context ?? prev.context,
        notice: null,
        result,
        stopping: false,
      };
      // Out of credit / key rejected: the catalog answered, and the agent reads the one reason once.
      const blocked = result.mode === 'offline' && (result.error?.type === 'quota' || result.error?.type === 'auth');
      const failed = blocked || (result.status === 'error' && result.mode === 'online' && result.answer.trim() === '');
      return {
        pending: { ...s.pending, [requestId]: done },
        results: result.answerTurnId !== null ? { ...s.results, [result.answerTurnId]: result } : s.results,
        error:
          failed && result.sessionId === s.sessionId
            ? {
                code: result.error?.type ?? 'error',
                message: result.error?.message ?? '',
                question: s.turns.find((t) => t.id === result.questionTurnId)?.text ?? null,
                questionTurnId: result.questionTurnId,
              }
            : s.error,
      };
    });
    if (store.getState().sessionId === result.sessionId) void store.getState().reload();
    else {
      // finished in a session not on screen: its stored turns will be loaded when it is opened
      store.setState((s) => {
        const { [requestId]: _gone, ...rest } = s.pending;
        return { pending: rest };
      });
    }
    deps.onSessionChanged?.(result.sessionId);
  });

  return {
    store,
    dispose() {
      offProgress();
      offNotice();
      offDone();
    },
  };
}
