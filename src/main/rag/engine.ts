// One question, end to end (DESIGN.md): store the question, retrieve, fit the budget, stream from Kimi with
// retries only before the first token, store the answer as it grows, analyse it, write one ledger row per attempt.
// Offline (no key, --offline, upstream unreachable): compose the answer from the catalog and queue the question.
import { OFFLINE_RECHECK_MS } from '../settings/connectivity';
import type { AnswerResult } from '../../shared/answer';
import type { AnswerErrorInfo } from '../../shared/errors';
import type { AskCallbacks, AskRequest, Engine } from '../engine-api';
import type { CheckedUsageRow, UsageLedger } from '../usage/ledger';
import type { KimiClient } from '../llm/types';
import { resolveModel } from '../llm/models';
import { timeoutsFor } from '../llm/config';
import { createLatencyTracker } from '../llm/latency';
import { continueRequest, runCompletion, type AttemptRecord, type CompletionResult } from '../llm/run';
import { LlmError, errorCodeOf } from '../llm/errors';
import { assembleContext, type Assembled } from './budget';
import { systemPrompt, samplingFor } from './prompt';
import { detectLanguage } from './language';
import { analyseAnswer } from './analysis';
import { detectEscalation } from './escalation';
import { composeOfflineAnswer } from './offline';
import { safetyMargin } from './tokens';
import { primeTurns } from './token-cache';
import { createPromptCounts } from './engine-counts';
import { AnswerLifecycle } from './answer-lifecycle';
import { TurnWriter } from '../sessions/turn-writer';
import { recordAttempts, offlineResult, resultFromCompletion, sent, toBreakdown } from './engine-result';
import { retryNotice } from './engine-policy';
import { fallsBackOffline, joinCompletions, productWindow, shrinkAssembly } from './engine-recovery';
import type { EngineDeps } from './engine-deps';
import { createPrepare, type Prepared } from './engine-prepare';

export type { EngineDeps };

/** How long after a network failure questions go straight to the offline path. */
const RECHECK_MS = OFFLINE_RECHECK_MS; // 4 s: after that the next question tries the network again

export function createEngine(deps: EngineDeps): Engine {
  const inflight = new Map<string, AbortController>();
  const counts = createPromptCounts(deps);
  const { cache, countMissing, fitsByUpperBound, countLater } = counts;
  const now = deps.now ?? (() => Date.now());
  const latency = createLatencyTracker(50);
  const notedModels = new Set<string>();
  const writer = deps.turns ?? new TurnWriter(deps.db, deps.sessions);
  // Usage rows go through the writer too: a busy or full database delays them, never fails the answer.
  // Checked and priced here, inserted with the batch (the write lock is held only for the insert); a bad row is
  // dropped, as a failing write in the batch is.
  const ledger = {
    pricing: deps.ledger.pricing,
    record: (row: Parameters<UsageLedger['record']>[0]) => {
      let checked: CheckedUsageRow;
      try {
        checked = deps.ledger.check(row);
      } catch {
        return 0;
      }
      writer.defer('usage row', () => deps.ledger.insertChecked(checked));
      return 0;
    },
  };

  const prepare = createPrepare(deps, writer);

  function lifecycleFor(p: Prepared, started: number, cb?: AskCallbacks): AnswerLifecycle {
    return new AnswerLifecycle({
      writer,
      requestId: p.requestId,
      sessionId: p.sessionId,
      question: p.question,
      answerTurnId: p.answerTurnId,
      callbacks: cb,
      started,
      now,
      persistMs: deps.persistMs,
      progressMs: deps.progressMs,
    });
  }

  /** `attempts`: requests already made to Kimi for this question (reported, not hidden behind the offline answer). */
  function answerOffline(p: Prepared, life: AnswerLifecycle, started: number, reason: AnswerErrorInfo | null, attempts = 0): AnswerResult {
    // the documents themselves, read again (a cached rendering does not keep them); one gone meanwhile is left out
    const picked = p.candidates
      .filter((c) => c.catalog !== null)
      .slice(0, 5)
      .flatMap((c) => {
        const doc = c.catalog?.load();
        return doc ? [{ c, doc }] : [];
      });
    const docs = picked.map(({ doc }, i) => ({ n: i + 1, doc }));
    const windowDays = productWindow(p.candidates);
    const escalate = detectEscalation('', p.question.text, { returnWindowDays: windowDays }).needed;
    const composed = composeOfflineAnswer(p.question.text, docs, detectLanguage(p.question.text), { escalate });
    life.sentDocs = picked.map(({ c }, i) => ({ n: i + 1, productId: c.budget.id, name: c.budget.name, kind: c.budget.kind }));
    life.context = null;
    // The composer knows whether it found anything: the flag comes from it, not from reading its own words.
    const analysis = { ...analyseAnswer(composed.text, life.sentDocs, p.question.text, { returnWindowDays: windowDays }), noInformation: composed.noInformation };
    const answerTurnId = life.finishOffline({ text: composed.text, analysis, fits: composed.fits, error: reason });
    const latencyMs = now() - started;
    ledger.record({
      sessionId: p.sessionId,
      turnId: answerTurnId,
      model: 'offline',
      attempt: 1,
      promptTokens: 0,
      completionTokens: 0,
      cachedTokens: 0,
      estimated: false,
      ttftMs: null,
      latencyMs,
      tokensPerSecond: null,
      costUsd: 0,
      outcome: 'offline',
      mode: 'offline',
      ...(reason ? { errorType: reason.type } : {}),
    });
    writer.flush(); // the usage row with the answer, before the caller reads the ledger
    return { ...offlineResult({ p, answerTurnId, text: composed.text, sentDocs: life.sentDocs, analysis, latencyMs, reason, model: deps.settings().model }), attempts };
  }

  async function answerOnline(
    p: Prepared,
    life: AnswerLifecycle,
    client: KimiClient,
    req: AskRequest,
    controller: AbortController,
    started: number,
    stored: () => Promise<void>,
    cb?: AskCallbacks,
  ): Promise<AnswerResult> {
    const signal = controller.signal;
    const settings = deps.settings();
    const model = resolveModel(settings.model, { fallbackWindow: deps.fallbackWindow });
    if (!model.known && model.note && !notedModels.has(model.id)) {
      notedModels.add(model.id);
      cb?.onNotice?.(model.note);
    }
    const lang = detectLanguage(p.question.text);
    const prompt = systemPrompt({ language: lang, factual: settings.factual });
    // Exact counting costs a worker round trip (and ~1.5 ms per KB for new text): only pay it on the answer path
    // when safe upper bounds would not fit the window; otherwise count after the answer, for next time.
    const roomy = fitsByUpperBound(model.contextWindow - model.maxOutput - safetyMargin(model.contextWindow), prompt, p);
    if (!roomy) {
      // Tight window: exact counts pay off. The first time, load the encoder in the background and use safe
      // upper bounds for this request (never blocking a first answer on the ~1 s load).
      if (!deps.tokenizer.exact) void deps.tokenizer.warmup();
      await countMissing(p.candidates, prompt);
      await primeTurns(p.history, cache, deps.tokenizer);
    }
    const continuing = req.continueAnswerTurnId !== undefined ? deps.sessions.getTurn(req.continueAnswerTurnId) : undefined;
    const history = continuing ? p.history.filter((t) => t.id !== continuing.id) : p.history;
    const assemble = (window: number, retry: boolean): Assembled =>
      assembleContext({
        window,
        // A shrunk retry also shrinks the reserved output when the window is cut below the model's.
        reservedOutput: window < model.contextWindow ? Math.min(model.maxOutput, Math.floor(window / 4)) : model.maxOutput,
        systemPrompt: prompt,
        systemTokens: counts.systemTokens(prompt),
        history,
        newMessage: p.question.text,
        docs: p.candidates.map((c) => c.budget),
        counter: deps.tokenizer,
        cache,
        safetyMargin: safetyMargin(window, { retry }),
      });
    let assembled = assemble(model.contextWindow, false);
    const sampling = samplingFor(model, settings.factual);
    const baseRequest = { model: model.id, messages: assembled.messages, maxTokens: assembled.breakdown.reservedOutput, ...sampling };
    const request = continuing && continuing.text.trim() ? continueRequest(baseRequest, continuing.text) : baseRequest;
    const prefix = continuing ? continuing.text : '';
    life.sentDocs = sent(assembled, p.candidates);
    life.context = toBreakdown(assembled);
    // While the question's commit is pending (questionCommitMs) the request is already out; what streams meanwhile
    // waits here, in order, so no answer text is shown or stored before the question.
    let early: string[] | null = p.stored ? [] : null;
    if (!early) life.startOnline(continuing);
    const run = (req: typeof request): Promise<CompletionResult> =>
      runCompletion({
        client,
        request: req,
        signal,
        timeouts: timeoutsFor(settings.profile, latency.observed()),
        policy: deps.retryPolicy,
        onDelta: (d) => (early ? early.push(d) : life.push(d)),
        ...(cb?.readPaceMs ? { readPaceMs: cb.readPaceMs } : {}),
        onAttempt: () => {},
        onRetry: (n) => {
          cb?.onNotice?.(retryNotice(n.kind, n.delayMs, n.attempt));
          life.progress('retrying');
        },
        shrink: (refused) => {
          // Always smaller than what was refused: within the limit the error states, else ¾ of what was sent.
          const smaller = shrinkAssembly(assembled, refused?.limitTokens, model.contextWindow, (w) => assemble(w, true));
          if (!smaller) return null;
          assembled = smaller;
          life.sentDocs = sent(assembled, p.candidates);
          life.context = toBreakdown(assembled);
          const next = { ...req, messages: assembled.messages, maxTokens: Math.min(req.maxTokens, assembled.breakdown.reservedOutput) };
          const last = req.messages.at(-1);
          return last?.role === 'assistant' && 'partial' in last && last.partial ? continueRequest(next, last.content) : next;
        },
        // Estimates for streams that end without usage: exact when the encoder is loaded, else ~4 chars/token.
        countTokens: (t) => (deps.tokenizer.ready ? deps.tokenizer.count(t) : Math.ceil(t.length / 4)),
      });
    let completion: CompletionResult;
    let autoContinued = false;
    try {
      const first = run(request);
      if (early) {
        try {
          await stored();
        } catch (err) {
          controller.abort(err);
          await first.catch(() => {});
          throw err;
        }
        life.startOnline(continuing);
        for (const d of early) life.push(d);
        early = null;
      }
      completion = await first;
      if (completion.status === 'interrupted' && completion.error && errorCodeOf(completion.error.kind, { streamed: true }) === 'dropped' && !signal.aborted) {
        // The connection dropped mid-answer (not the agent's Stop): continue once, in partial mode, from exactly
        // the text received. runCompletion's own retries wait for the network to come back; nothing is repeated.
        autoContinued = true;
        cb?.onNotice?.('The connection dropped mid-answer — continuing where it stopped as soon as Kimi is reachable.');
        completion = joinCompletions(completion, await run(continueRequest(completion.request, life.text)));
      }
    } finally {
      life.closeStream();
    }
    for (const a of completion.attempts) latency.add(a);
    const answerTurnId = life.answerTurnId as number;
    const costUsd = recordAttempts(ledger, completion.attempts, { sessionId: p.sessionId, turnId: answerTurnId });
    const text = life.text;
    const streamed = text.length > prefix.length;
    if (completion.status === 'complete') deps.connectivity.reportSuccess({ chat: true });
    else if (completion.error) {
      // A stream that broke after text arrived reached the upstream: degraded, not offline.
      const kind = streamed && completion.error.kind === 'network' ? 'stream_error' : completion.error.kind;
      deps.connectivity.reportFailure(kind, completion.error.agentMessage);
    }

    if (roomy) countLater(p, prompt);
    const err = completion.error;
    const code = err ? errorCodeOf(err.kind, { streamed }) : null;
    if (completion.status === 'error' && text.trim() === '' && err && code && fallsBackOffline(code) && !continuing) {
      // Nothing streamed and asking Kimi cannot work now (out of reach, out of credit, key rejected): the
      // catalog answers at once, labelled, and the question waits.
      return answerOffline(p, life, started, { type: code, message: err.agentMessage, ...(err.upstreamType ? { upstream: err.upstreamType } : {}) }, completion.attempts.length);
    }
    const analysis = analyseAnswer(text, life.sentDocs, p.question.text, { returnWindowDays: productWindow(p.candidates) });
    const result = resultFromCompletion({ p, completion, text, streamed, answerTurnId, sentDocs: life.sentDocs, context: life.context, analysis, model: model.id, costUsd });
    const status = result.status === 'complete' ? 'complete' : result.status === 'interrupted' ? 'interrupted' : 'error';
    const queue = text.trim() === '';
    await life.finishOnline({
      text,
      status,
      queue,
      meta: {
        model: model.id,
        citations: analysis.citations,
        unsupportedCitations: analysis.unsupportedCitations,
        noInformation: analysis.noInformation,
        escalation: analysis.escalation,
        usage: result.usage,
        costUsd: result.costUsd,
        ttftMs: result.ttftMs,
        latencyMs: result.latencyMs,
        error: result.error,
        ...(autoContinued ? { autoContinued } : {}),
      },
    });
    // An online answer exists (whole, or partial with "continue" as the next action): no longer waiting.
    // Otherwise the question stays queued so the agent can ask it again with one action.
    if (queue) result.queued = true;
    return result;
  }

  return {
    async ask(req, opts = {}) {
      const started = now();
      const p = await prepare(req);
      const controller = new AbortController();
      const onAbort = (): void => controller.abort();
      if (opts.signal?.aborted) controller.abort();
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      inflight.set(p.requestId, controller);
      const cb = opts.callbacks;
      const life = lifecycleFor(p, started, cb);
      const announceStarted = (): void => cb?.onStarted?.({ requestId: p.requestId, sessionId: p.sessionId, questionTurnId: p.question.id, answerTurnId: null });
      // The question's commit when it overlaps the request: the turns it stored, told to the lifecycle, once.
      let storing = p.stored;
      const stored = async (): Promise<void> => {
        if (!storing) return;
        const s = storing;
        storing = undefined;
        await s;
        life.stored(p.question, p.answerTurnId as number);
        announceStarted();
      };
      try {
        if (!storing) announceStarted();
        const team = await p.team(p.history, cb?.onNotice); // other desks' turns, short deadline (else local only)
        p.history = team.history;
        life.teamHistory = team.team;
        const client = req.offline ? null : deps.client();
        const conn = deps.connectivity.get();
        const recentlyUnreachable =
          conn.reachable === false && conn.state === 'offline' && conn.checkedAt !== null && Date.now() - Date.parse(conn.checkedAt) < RECHECK_MS;
        if (client && recentlyUnreachable && req.questionTurnId === undefined && req.continueAnswerTurnId === undefined) {
          // The upstream was out of reach moments ago: answer from the catalog now instead of making the agent
          // wait out connect timeouts again; the background probe (or a re-ask) brings the model back.
          await stored();
          return answerOffline(p, life, started, { type: 'network', message: conn.lastError ?? 'Kimi is unreachable.' });
        }
        if (client && conn.blocked && req.questionTurnId === undefined && req.continueAnswerTurnId === undefined) {
          // Out of credit / key rejected moments ago: asking again cannot work until the key or the balance
          // changes. The labelled offline answer now; the question stays queued (a re-ask tries Kimi again).
          const code = conn.blocked;
          await stored();
          return answerOffline(p, life, started, { type: code, message: conn.lastError ?? (code === 'quota' ? 'The Kimi account is out of credit.' : 'The Kimi API key was rejected.') });
        }
        if (!client) {
          const reason: AnswerErrorInfo | null = req.offline
            ? null
            : { type: 'no_api_key', message: 'No Kimi API key is set, so this answer was composed from the catalog.' };
          await stored();
          return answerOffline(p, life, started, reason);
        }
        return await answerOnline(p, life, client, req, controller, started, stored, cb);
      } catch (err) {
        await stored().catch(() => {}); // a failed commit: nothing of this answer was stored (the error says why)
        life.fail({ type: 'internal', message: `Something went wrong inside Deskmate: ${err instanceof Error ? err.message : String(err)}. Your question is saved.` });
        throw err;
      } finally {
        opts.signal?.removeEventListener('abort', onAbort);
        inflight.delete(p.requestId);
      }
    },
    stop(requestId) {
      const c = inflight.get(requestId);
      if (!c) return false;
      c.abort();
      return true;
    },
    active: () => [...inflight.keys()],
  };
}

export type { AttemptRecord };
export { LlmError };
