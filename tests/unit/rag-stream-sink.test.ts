// When a growing answer reaches its turn (issue 13: fewer writes per stream, none of the text lost at an end):
// the first delta at once, then at most every PERSIST_MS; whatever is not written yet goes out at close (complete,
// failed or stopped all close the sink). The clock is injected: no timing here.
import { describe, expect, it } from 'vitest';
import { PERSIST_MS, StreamSink } from '../../src/main/rag/engine-sink';

function sinkAt(opts: { initialText?: string; persistMs?: number } = {}) {
  let t = 1_000_000;
  const writes: string[] = [];
  const deltas: string[] = [];
  const sink = new StreamSink({
    sessions: { appendText: (id, d) => writes.push(`${id}:${d}`) },
    answerTurnId: 7,
    now: () => t,
    onDelta: (d) => deltas.push(d),
    ...opts,
  });
  return { sink, writes, deltas, advance: (ms: number) => (t += ms) };
}

describe('StreamSink', () => {
  it('writes the first delta at once, then at most once per PERSIST_MS, and the rest at close', () => {
    expect(PERSIST_MS).toBeGreaterThanOrEqual(1_000);
    const { sink, writes, deltas, advance } = sinkAt();
    sink.push('The battery');
    expect(writes).toEqual(['7:The battery']); // an answer killed now still has its beginning
    for (const d of [' lasts', ' up', ' to']) {
      advance(PERSIST_MS / 4);
      sink.push(d);
    }
    expect(writes).toHaveLength(1); // within PERSIST_MS of the last write: kept in memory
    advance(PERSIST_MS / 4);
    sink.push(' fifteen');
    expect(writes).toEqual(['7:The battery', '7: lasts up to fifteen']); // PERSIST_MS after the last write
    advance(10);
    sink.push(' hours.');
    expect(writes).toHaveLength(2);
    sink.close(); // the end of the answer, whatever it was: every character reaches the turn
    expect(writes.map((w) => w.slice(2)).join('')).toBe('The battery lasts up to fifteen hours.');
    expect(deltas.join('')).toBe(sink.value); // every delta was passed on as it came
    sink.close();
    expect(writes).toHaveLength(3); // nothing twice
  });

  it('a continued answer appends after its earlier text; a shorter persistMs is honoured', () => {
    const { sink, writes, advance } = sinkAt({ initialText: 'Earlier text.', persistMs: 100 });
    sink.push(' More');
    advance(100);
    sink.push(' text');
    sink.close();
    expect(writes).toEqual(['7: More', '7: text']);
    expect(sink.value).toBe('Earlier text. More text');
  });
});
