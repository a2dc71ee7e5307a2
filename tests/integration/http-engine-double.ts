// A scripted Engine for the HTTP layer's own tests (the real engine is exercised in http-desk.test.ts).
import type { AnswerResult } from '../../src/shared/answer';
import type { AskRequest, Engine } from '../../src/main/engine-api';

export interface ScriptedEngine extends Engine {
  requests: AskRequest[];
  aborted: number;
  /** Partial answers the engine "stored" as interrupted. */
  interrupted: string[];
  script: {
    deltas: string[];
    delayMs: number;
    status?: AnswerResult['status'];
    error?: AnswerResult['error'];
    mode?: 'online' | 'offline';
    /** After the last delta: onStreamEnd in the same turn, then this long "storing the answer" before the result. */
    endDelayMs?: number;
  };
}

export function baseResult(over: Partial<AnswerResult> = {}): AnswerResult {
  return {
    answer: '',
    mode: 'online',
    status: 'complete',
    citations: [],
    unsupportedCitations: [],
    noInformation: false,
    escalation: { needed: false, reason: null },
    usage: { promptTokens: 100, completionTokens: 20, cachedTokens: 0, totalTokens: 120, estimated: false },
    costUsd: 0.0001,
    ttftMs: 5,
    latencyMs: 50,
    attempts: 1,
    sessionId: 's1',
    questionTurnId: 1,
    answerTurnId: 2,
    model: 'kimi-k2.6',
    sentDocs: [],
    context: null,
    queued: false,
    error: null,
    ...over,
  };
}

export function scriptedEngine(script: ScriptedEngine['script']): ScriptedEngine {
  const active = new Set<string>();
  let n = 0;
  const engine: ScriptedEngine = {
    requests: [],
    aborted: 0,
    interrupted: [],
    script,
    async ask(req, opts = {}) {
      engine.requests.push(req);
      const id = `r${++n}`;
      active.add(id);
      opts.callbacks?.onStarted?.({ requestId: id, sessionId: req.sessionId ?? 's1', questionTurnId: 1, answerTurnId: 2 });
      let text = '';
      const signal = opts.signal;
      const wait = (ms: number): Promise<boolean> =>
        new Promise((resolve) => {
          if (signal?.aborted) return resolve(false);
          const t = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve(true);
          }, ms);
          const onAbort = (): void => {
            clearTimeout(t);
            resolve(false);
          };
          signal?.addEventListener('abort', onAbort, { once: true });
        });
      try {
        for (let i = 0; i < engine.script.deltas.length; i++) {
          if (!(await wait(engine.script.delayMs))) {
            engine.aborted += 1;
            engine.interrupted.push(text);
            return baseResult({ answer: text, status: 'interrupted', error: { type: 'stopped', message: 'stopped' }, ttftMs: text ? 5 : null });
          }
          if (i === 0) opts.callbacks?.onFirstToken?.(5);
          const d = engine.script.deltas[i]!;
          text += d;
          opts.callbacks?.onDelta?.(d);
        }
        opts.callbacks?.onStreamEnd?.();
        if (engine.script.endDelayMs) await wait(engine.script.endDelayMs);
        const status = engine.script.status ?? 'complete';
        return baseResult({
          answer: text,
          status,
          mode: engine.script.mode ?? 'online',
          error: engine.script.error ?? null,
          citations: status === 'complete' ? [{ n: 1, productId: 'p-1', name: 'X200 Laptop' }] : [],
        });
      } finally {
        active.delete(id);
      }
    },
    stop: () => false,
    active: () => [...active],
  };
  return engine;
}
