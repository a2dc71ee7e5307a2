// Contract route -> service call. The one table IPC and HTTP both dispatch through (via routes.ts).
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { tmpdir } from 'node:os';
import type { AnswerResult } from '../shared/answer';
import type { AskRequest } from './engine-api';
import type { Desk } from './desk';
import { DeskError, type Handlers } from './routes';
import { asStorageError, databaseFile } from './sessions/storage';
import { getProduct, getStandaloneDoc, searchCatalog, type CatalogStats } from './catalog';
import { MODEL_TABLE, resolveModel } from './llm/models';
import { dropKeyOnOriginChange, keyState, missingKeyReason, originOf } from './settings/key-binding';
import { refuseEnvFixed } from './settings/env-fixed';
import { usageReport } from './usage/report';
import { latencySeries } from './usage/latency';
import { toCsv } from './usage/csv';
import { teamHandlers } from './hub/outbox-handlers';
import { hubHandlers } from './hub/handlers';
import { transcript } from './sessions/transcript';
import { answerQuality } from './usage/quality';
import type { z } from 'zod';
import type { AskStarted as AskStartedSchema } from '../shared/contract';

type AskStarted = z.output<typeof AskStartedSchema>;

export interface HandlerOptions {
  transport: 'ipc' | 'http';
  stats: () => CatalogStats;
  /** Desktop: shows the native open dialog; the chosen file's path, or null when closed without a choice. */
  pickImportFile?: () => Promise<string | null>;
}

function notFound(what: string, id: string | number, field: string): never {
  throw new DeskError('not_found', `${what} "${id}" does not exist`, field);
}

/** Starts a question; resolves once the question is stored. The answer arrives as chat.* events. */
export function startAsk(desk: Desk, req: AskRequest): Promise<AskStarted> {
  const requestId = req.requestId ?? randomUUID();
  return new Promise<AskStarted>((resolve, reject) => {
    let started: AskStarted | null = null;
    desk.engine
      .ask(
        { ...req, requestId },
        {
          callbacks: {
            onStarted: (info) => {
              started = info;
              resolve(info);
            },
            onProgress: (p) => desk.bus.emit('chat.progress', p),
            onNotice: (message) => started && desk.bus.emit('chat.notice', { requestId, sessionId: started.sessionId, message }),
          },
        },
      )
      .then((result) => desk.bus.emit('chat.done', { requestId, result }))
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (!started) {
          // A database that cannot be written (full, read-only, busy) is not the agent's input: say so, with the path.
          const storage = asStorageError(err, databaseFile(desk.db));
          reject(storage instanceof DeskError ? storage : new DeskError('invalid_input', message));
          return;
        }
        desk.bus.emit('chat.done', { requestId, result: failedResult(started, message, desk.settings.get().model) });
      });
  });
}

function failedResult(s: AskStarted, message: string, model: string): AnswerResult {
  return {
    answer: '',
    mode: 'online',
    status: 'error',
    citations: [],
    unsupportedCitations: [],
    noInformation: false,
    escalation: { needed: false, reason: null },
    usage: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, totalTokens: 0, estimated: true },
    costUsd: 0,
    ttftMs: null,
    latencyMs: 0,
    attempts: 0,
    sessionId: s.sessionId,
    questionTurnId: s.questionTurnId,
    answerTurnId: s.answerTurnId,
    model,
    sentDocs: [],
    context: null,
    queued: false,
    error: { type: 'internal', message: `Something went wrong inside Deskmate: ${message}. Your question is saved.` },
  };
}

export function createHandlers(desk: Desk, opts: HandlerOptions): Handlers {
  const settingsView = () => ({ ...desk.settings.get(), apiKey: keyState(desk.keyBinding) });
  const handlers: Handlers = {
    'app.info': () => ({ version: desk.version, transport: opts.transport, dataDir: desk.dataDir }),
    'chat.ask': async (i, ctx) => {
      const started = await startAsk(desk, { sessionId: i.sessionId, customerId: i.customerId, text: i.text, offline: i.offline });
      // the desk's own questions (its window or browser page): its waiting queue lists these, not other clients' (sessions.queued)
      if (ctx.transport !== 'cli') desk.sessions.updateTurn(started.questionTurnId, { meta: { via: 'desk' } });
      return started;
    },
    'chat.reask': (i) => {
      const t = desk.sessions.getTurn(i.questionTurnId) ?? notFound('turn', i.questionTurnId, 'questionTurnId');
      if (t.speaker !== 'customer') throw new DeskError('invalid_input', `turn ${t.id} is not a customer question`, 'questionTurnId');
      return startAsk(desk, { text: t.text, questionTurnId: t.id });
    },
    'chat.continue': (i) => {
      const t = desk.sessions.getTurn(i.answerTurnId) ?? notFound('turn', i.answerTurnId, 'answerTurnId');
      if (t.speaker !== 'assistant') throw new DeskError('invalid_input', `turn ${t.id} is not an answer`, 'answerTurnId');
      return startAsk(desk, { text: '', continueAnswerTurnId: t.id });
    },
    'chat.stop': (i) => ({ stopped: desk.engine.stop(i.requestId) }),
    'sessions.list': (i) => desk.sessions.listSessions({ query: i.query, limit: i.limit, archived: i.archived }),
    'sessions.get': (i) => {
      const session = desk.sessions.getSession(i.id) ?? notFound('session', i.id, 'id');
      return { session, turns: desk.sessions.getTurns(i.id) };
    },
    'sessions.create': (i) => desk.sessions.createSession({ customerId: i.customerId, title: i.title }),
    'sessions.queued': () => desk.sessions.listQueued().filter((q) => q.turn.meta?.via === 'desk'),
    'sessions.update': (i) => {
      if (!desk.sessions.getSession(i.id)) notFound('session', i.id, 'id');
      if (i.title !== undefined) desk.sessions.renameSession(i.id, i.title);
      if (i.customerId !== undefined) desk.sessions.setCustomer(i.id, i.customerId);
      return i.archived !== undefined ? desk.sessions.setArchived(i.id, i.archived) : desk.sessions.getSession(i.id)!;
    },
    'sessions.delete': (i) => ({ deleted: desk.sessions.deleteSession(i.id) }),
    'sessions.export': (i) => {
      const session = desk.sessions.getSession(i.id) ?? notFound('session', i.id, 'id');
      return transcript(session, desk.sessions.getTurns(i.id), i.format);
    },
    'sessions.dismissQueued': (i) => {
      const mine = desk.sessions.listQueued().filter((q) => q.turn.meta?.via === 'desk');
      const ids = i.turnIds ? mine.filter((q) => i.turnIds!.includes(q.turn.id)) : mine;
      for (const q of ids) desk.sessions.updateTurn(q.turn.id, { status: 'complete', meta: { queueDismissedAt: new Date().toISOString() } });
      return { dismissed: ids.length };
    },
    'chat.feedback': (i) => {
      const t = desk.sessions.getTurn(i.answerTurnId) ?? notFound('turn', i.answerTurnId, 'answerTurnId');
      if (t.speaker !== 'assistant') throw new DeskError('invalid_input', `turn ${t.id} is not an answer`, 'answerTurnId');
      const reason = i.rating && i.reason ? i.reason : null;
      desk.sessions.updateTurn(t.id, { meta: { feedback: i.rating ? { rating: i.rating, reason, at: new Date().toISOString() } : undefined } });
      return { answerTurnId: t.id, rating: i.rating, reason };
    },
    'catalog.search': (i) => searchCatalog(desk.db, i.query, { k: i.k }),
    'catalog.get': (i) => {
      const product = getProduct(desk.db, i.id);
      if (product) return { kind: 'product' as const, product };
      const doc = getStandaloneDoc(desk.db, i.id) ?? notFound('document', i.id, 'id');
      return { kind: doc.kind, doc };
    },
    'catalog.stats': () => opts.stats(),
    'catalog.import': async (i) => {
      // One import at a time (409 import_busy over HTTP), cancellable; progress goes out as catalog.importProgress.
      if ('path' in i) return desk.imports.file(i.path);
      // Browser mode: the uploaded text goes through the same streaming importer via a private temp file.
      const dir = mkdtempSync(join(tmpdir(), 'deskmate-upload-'));
      const safeName = i.fileName.replace(/[^\w.-]+/g, '_').slice(-100) || 'upload.jsonl';
      const file = join(dir, safeName);
      try {
        writeFileSync(file, i.content, { mode: 0o600 });
        return await desk.imports.file(file);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    // the upload form of catalog.import, the only one HTTP may call (contract `transports`)
    'catalog.importText': (i, ctx) => handlers['catalog.import'](i, ctx),
    'catalog.importDialog': async () => {
      if (!opts.pickImportFile) throw new DeskError('unavailable', 'this desk has no file dialog (desktop app only)');
      if (desk.imports.busy) throw new DeskError('import_busy', 'Another import is running; wait for it to finish or cancel it (catalog.importCancel).');
      const path = await opts.pickImportFile();
      if (!path) return { fileName: null, outcome: null };
      return { fileName: basename(path), outcome: await desk.imports.file(path) };
    },
    'catalog.importCancel': () => ({ cancelled: desk.imports.cancel() }),
    'settings.get': () => settingsView(),
    'settings.set': (i) => {
      refuseEnvFixed(desk, i);
      const before = desk.settings.get().baseUrl;
      desk.settings.set(i);
      if (i.baseUrl !== undefined) {
        dropKeyOnOriginChange(desk.keyBinding, before);
        desk.connectivity.reset(desk.settings.get().baseUrl);
      }
      return settingsView();
    },
    'settings.setApiKey': (i) => {
      const origin = originOf(desk.settings.get().baseUrl) ?? undefined;
      desk.secrets.set(i.apiKey.trim() === '' ? undefined : i.apiKey.trim(), origin);
      desk.connectivity.reset(desk.settings.get().baseUrl);
      return settingsView();
    },
    'settings.testConnection': async () => {
      const client = desk.kimi();
      if (!client) return { ok: false, latencyMs: null, models: [], error: missingKeyReason(desk.keyBinding) ?? 'No API key is set.' };
      const r = await client.ping({ timeoutMs: 10_000 });
      if (r.ok) desk.connectivity.reportSuccess();
      else if (r.error) desk.connectivity.reportFailure(r.error.kind, r.error.agentMessage);
      return { ok: r.ok, latencyMs: r.latencyMs, models: r.models, error: r.ok ? null : (r.error?.agentMessage ?? 'The connection failed.') };
    },
    'models.list': async () => {
      const client = desk.kimi();
      const listed = client ? await client.listModels({ timeoutMs: 5_000 }).catch(() => [] as string[]) : [];
      const ids = [...new Set([...MODEL_TABLE.map((m) => m.id), ...listed, desk.settings.get().model])];
      return ids.map((id) => {
        const m = resolveModel(id, { fallbackWindow: desk.config.fallbackWindow, listed: listed.length ? listed : undefined });
        return { id, contextWindow: m.contextWindow, known: m.known, note: m.note ?? null };
      });
    },
    'connectivity.get': () => {
      const c = desk.connectivity.get();
      return { state: c.state, reason: c.reason, checkedAt: c.checkedAt, blocked: c.blocked };
    },
    'usage.report': (i) => ({ ...usageReport(desk.ledger, desk.ledger.pricing, i), quality: answerQuality(desk.db, i) }),
    'usage.latency': (i) => latencySeries(desk.ledger, { ...i, bucket: i.bucket ?? 'hour' }),
    'usage.csv': (i) => ({
      fileName: `deskmate-usage-${(i.since ?? 'all').slice(0, 10)}.csv`,
      csv: toCsv(usageReport(desk.ledger, desk.ledger.pricing, i)),
    }),
    'pricing.list': () => desk.ledger.pricing.listPrices(),
    'pricing.set': (i) => desk.ledger.pricing.setPrice(i.model, i.price),
    ...teamHandlers(desk),
    ...hubHandlers(desk),
  };
  return handlers;
}
