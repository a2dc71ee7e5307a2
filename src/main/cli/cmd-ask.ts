import type { AnswerResult } from '../../shared/answer';
import { BLOCKING_CODES, isRetryable } from '../../shared/errors';
import { print, printJson, UsageError, type Command, type CommandContext } from './types';

function jsonShape(r: AnswerResult): Record<string, unknown> {
  return {
    answer: r.answer,
    mode: r.mode,
    status: r.status,
    citations: r.citations,
    unsupportedCitations: r.unsupportedCitations,
    noInformation: r.noInformation,
    escalation: r.escalation,
    usage: r.usage,
    costUsd: r.costUsd,
    ttftMs: r.ttftMs,
    latencyMs: r.latencyMs,
    attempts: r.attempts,
    sessionId: r.sessionId,
    error: r.error ? { type: r.error.type, message: r.error.message, retryable: isRetryable(r.error.type) } : null,
    model: r.model,
    queued: r.queued,
    questionTurnId: r.questionTurnId,
    answerTurnId: r.answerTurnId,
    sentDocs: r.sentDocs,
    context: r.context,
  };
}

function footer(r: AnswerResult): string[] {
  const lines: string[] = [''];
  if (r.mode === 'offline') lines.push('— offline: composed from the catalog, not by the AI model. Re-ask online later with --reask ' + r.questionTurnId);
  if (r.citations.length) lines.push('Sources: ' + r.citations.map((c) => `[Doc-${c.n}] ${c.productId} ${c.name}`).join('; '));
  if (r.unsupportedCitations.length) lines.push(`Warning: cites documents that were not sent: ${r.unsupportedCitations.map((n) => `[Doc-${n}]`).join(' ')}`);
  if (r.noInformation) lines.push('The catalog has no information on this.');
  if (r.escalation.needed) lines.push(`Escalate to a supervisor: ${r.escalation.reason}`);
  if (r.error) lines.push(`${r.mode === 'offline' ? 'Why offline' : r.status === 'interrupted' ? 'Interrupted' : 'Error'}: ${r.error.message}`);
  if (r.mode === 'online') {
    const u = r.usage;
    lines.push(
      `${r.model} · ${u.promptTokens} prompt + ${u.completionTokens} completion tokens${u.estimated ? ' (estimated)' : ''}` +
        `${u.cachedTokens ? `, ${u.cachedTokens} cached` : ''} · $${r.costUsd.toFixed(6)} · first token ${r.ttftMs ?? '–'} ms · ${r.latencyMs} ms · ${r.attempts} attempt(s)`,
    );
  }
  lines.push(`session ${r.sessionId}`);
  return lines;
}

export const askCommand: Command = {
  name: 'ask',
  summary: 'Ask a customer question; streams a cited answer (online with a key, else from the catalog)',
  usage: 'ask "QUESTION" [--session ID] [--customer ID] [--offline] [--json]\n       deskmate ask --reask TURN_ID | --continue TURN_ID',
  options: {
    session: { type: 'string' },
    customer: { type: 'string' },
    offline: { type: 'boolean' },
    reask: { type: 'string' },
    continue: { type: 'string' },
  },
  help: [
    '  --session ID   continue this session (created when unknown); default: a new session',
    '  --customer ID  the customer this session is for',
    '  --offline      answer from the local catalog without calling the model',
    '  --reask ID     ask a stored (queued) customer question again',
    '  --continue ID  continue an interrupted answer where it stopped',
    '  --json         print the whole result as one JSON object',
    'Configuration: KIMI_API_KEY (or MOONSHOT_API_KEY), KIMI_BASE_URL, KIMI_MODEL, DESKMATE_PROFILE (fast|mobile|auto).',
    'Exit status: 0 answered (online or offline), 1 the request failed or was interrupted, 2 misuse.',
  ].join('\n'),
  async run(ctx: CommandContext): Promise<number> {
    const text = ctx.positionals.join(' ').trim();
    const turnOf = (name: string): number | undefined => {
      const v = ctx.values[name];
      if (v === undefined) return undefined;
      const n = Number(v);
      if (typeof v !== 'string' || !Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a turn id (a positive integer), got "${String(v)}"`);
      return n;
    };
    const reask = turnOf('reask');
    const cont = turnOf('continue');
    if (!text && reask === undefined && cont === undefined) throw new UsageError('ask: missing QUESTION');
    const desk = ctx.desk();
    if (reask !== undefined && desk.sessions.getTurn(reask)?.speaker !== 'customer') throw new UsageError(`--reask ${reask}: no customer question with that id`);
    if (cont !== undefined && desk.sessions.getTurn(cont)?.speaker !== 'assistant') throw new UsageError(`--continue ${cont}: no answer with that id`);
    const streaming = !ctx.json;
    const result = await desk.engine.ask(
      {
        text: text || (reask !== undefined ? desk.sessions.getTurn(reask)!.text : ''),
        sessionId: typeof ctx.values.session === 'string' ? ctx.values.session : undefined,
        customerId: typeof ctx.values.customer === 'string' ? ctx.values.customer : undefined,
        offline: ctx.values.offline === true,
        questionTurnId: reask,
        continueAnswerTurnId: cont,
      },
      {
        signal: ctx.io.signal,
        callbacks: {
          onDelta: (d) => streaming && ctx.io.stdout.write(d),
          onNotice: (m) => ctx.io.stderr.write(`(${m})\n`),
        },
      },
    );
    if (ctx.json) printJson(ctx, jsonShape(result));
    else print(ctx, footer(result).join('\n'));
    // Out of credit / key rejected: the catalog answered, but Kimi needs the admin — a failing exit code.
    const blocked = result.error !== null && BLOCKING_CODES.has(result.error.type) && result.error.type !== 'no_api_key';
    return result.status === 'complete' && !blocked ? 0 : 1;
  },
};
