// The answer lifecycle's contracts: one error vocabulary in results and stored meta, a typed meta schema, and an
// overflow retry that is always smaller than what was refused.
import { afterEach, describe, expect, it } from 'vitest';
import { faults } from '../support/fake-kimi';
import { startFixture, type Fixture } from '../support/engine-fixture';
import { AnswerTurnMeta, readAnswerMeta } from '../../src/shared/turn-meta';
import { ERROR_CODES, ERROR_CODE_DOCS } from '../../src/shared/errors';

let fx: Fixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const chatBodies = (f: Fixture) =>
  f.kimi.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => r.body as { messages: { content: string }[]; max_tokens?: number });
const size = (b: { messages: { content: string }[] }): number => b.messages.reduce((s, m) => s + m.content.length, 0);

describe('answer lifecycle', () => {
  it('stores meta that parses with the shared schema, online and offline', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Opened laptops can be returned within 15 days [Doc-1].' } } });
    const online = await fx.desk.engine.ask({ text: 'What is the return policy for the ThinkPad X1 Carbon?' });
    const offline = await fx.desk.engine.ask({ text: 'What is the return policy for the ThinkPad X1 Carbon?', offline: true });
    for (const r of [online, offline]) {
      const meta = fx.desk.sessions.getTurn(r.answerTurnId!)!.meta;
      expect(AnswerTurnMeta.safeParse(meta).success).toBe(true);
      expect(readAnswerMeta(meta).mode).toBe(r.mode);
    }
  });

  it('tells the caller once that the stream ended: after the last delta (online, same turn) and after the offline answer', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Opened laptops can be returned within 15 days [Doc-1].' } } });
    for (const offline of [false, true]) {
      const seen: string[] = [];
      // true from a delta until the event loop's next turn: the end must come while it holds
      let lastDeltaTurn = false;
      let gen = 0;
      let endInSameTurn = false;
      const r = await fx.desk.engine.ask(
        { text: 'What is the return policy for the ThinkPad X1 Carbon?', offline },
        {
          callbacks: {
            onDelta: (d) => {
              seen.push(`delta:${d.length}`);
              const g = ++gen;
              lastDeltaTurn = true;
              setImmediate(() => {
                if (g === gen) lastDeltaTurn = false;
              });
            },
            onStreamEnd: () => {
              seen.push('end');
              endInSameTurn = lastDeltaTurn;
            },
          },
        },
      );
      expect(seen.filter((x) => x === 'end')).toHaveLength(1);
      expect(seen.at(-1)).toBe('end');
      expect(seen.length).toBeGreaterThan(1);
      expect(endInSameTurn).toBe(true);
      expect(r.mode).toBe(offline ? 'offline' : 'online');
    }
  });

  it('reads turns stored by older versions: raw Moonshot types and "aborted" map onto the vocabulary', () => {
    expect(readAnswerMeta({ mode: 'online', error: { type: 'exceeded_current_quota_error', message: 'x' } }).error?.type).toBe('quota');
    expect(readAnswerMeta({ mode: 'online', error: { type: 'aborted', message: 'x' } }).error?.type).toBe('stopped');
    expect(readAnswerMeta({ mode: 'online', citations: 'not a list' })).toEqual({ mode: 'online' });
    for (const code of ERROR_CODES) expect(ERROR_CODE_DOCS[code].length).toBeGreaterThan(10);
  });

  it('retries an overflow with a request smaller than the refused one (limit stated in the error)', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'It works with macOS [Doc-1].' } } });
    fx.kimi.enqueue(faults.overflow(6_000));
    const r = await fx.desk.engine.ask({ text: 'Does the Logitech MX Master 3S work with a Mac? And the ThinkPad, the Sony headphones?' });
    expect(r.status).toBe('complete');
    const [refused, retry] = chatBodies(fx);
    expect(retry).toBeDefined();
    expect(size(retry!)).toBeLessThan(size(refused!));
  });

  it('retries an overflow with no stated limit smaller than what was sent', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'It works with macOS [Doc-1].' } } });
    fx.kimi.enqueue(faults.inputTooLong());
    const r = await fx.desk.engine.ask({ text: 'Does the Logitech MX Master 3S work with a Mac? And the ThinkPad, the Sony headphones?' });
    expect(r.status).toBe('complete');
    const [refused, retry] = chatBodies(fx);
    expect(size(retry!)).toBeLessThan(size(refused!));
  });

  it('reports a drop after text as "dropped" and the agent\'s Stop as "stopped"', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'The battery lasts up to fifteen hours in testing [Doc-1].', chunkChars: 5 } } });
    fx.kimi.enqueue(faults.drop(3), faults.drop(3)); // the answer and its one automatic continuation
    const dropped = await fx.desk.engine.ask({ text: 'How long does the ThinkPad X1 Carbon battery last?' });
    expect(dropped.status).toBe('interrupted');
    expect(dropped.error?.type).toBe('dropped');
    const ac = new AbortController();
    const stopped = fx.desk.engine.ask(
      { text: 'How long does the ThinkPad X1 Carbon battery last?' },
      { signal: ac.signal, callbacks: { onDelta: () => ac.abort() } },
    );
    expect((await stopped).error?.type).toBe('stopped');
  });

  it('out of credit: the next questions get the offline answer at once without calling Kimi, until the key changes', async () => {
    fx = await startFixture({ kimi: { script: { answer: 'Opened laptops can be returned within 15 days [Doc-1].' } } });
    fx.kimi.enqueue(faults.quota429());
    const first = await fx.desk.engine.ask({ text: 'What is the return policy for the ThinkPad X1 Carbon?' });
    expect(first.error?.type).toBe('quota');
    expect(fx.desk.connectivity.get().blocked).toBe('quota');
    const calls = chatBodies(fx).length;
    const second = await fx.desk.engine.ask({ text: 'Is the Sony WH-1000XM5 in stock?' });
    expect(second).toMatchObject({ mode: 'offline', queued: true, error: { type: 'quota' } });
    expect(chatBodies(fx).length).toBe(calls); // held, not sent
    // a probe that needs no credit does not unblock; a new key does
    fx.desk.connectivity.reportSuccess();
    expect(fx.desk.connectivity.get().blocked).toBe('quota');
    fx.desk.connectivity.reset(fx.desk.settings.get().baseUrl);
    expect(fx.desk.connectivity.get().blocked).toBeNull();
    const third = await fx.desk.engine.ask({ text: 'Is the Sony WH-1000XM5 in stock?' });
    expect(third.mode).toBe('online');
  });
});
