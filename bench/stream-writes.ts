// `npm run bench -- stream-writes [--rate 100] [--duration 10] [--deltas 60] [--delta-ms 33] [--count]`:
// the SQLite writes of answered streams alone, in one process, as one `deskmate serve` process makes them (the
// engine's own code: TurnWriter, AnswerLifecycle with its StreamSink, the ledger row, the WAL checkpointer thread)
// on a real data folder — no network, no retrieval, so the CPU per stream is the writes' (plus a small fixed cost
// of this driver). `--count`: statements and transactions per stream, by SQL text. `--prefill N`: into a data folder
// already holding N turns (stream-writes-fill.ts). Prints the CPU of each `--window` seconds and the time spent in
// the writer's batches and in indexing passes.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Bench } from './registry';
import { openDesk } from '../src/main/desk';
import { databasePath } from '../src/main/paths';
import { startCheckpointer } from '../src/main/db-checkpoint';
import { TurnWriter } from '../src/main/sessions/turn-writer';
import { AnswerLifecycle, reservedAnswer } from '../src/main/rag/answer-lifecycle';
import { prefilledCopy } from './stream-writes-fill';

/** Counts statement runs per SQL text (every better-sqlite3 Statement of this process). */
function countStatements(proto: Record<string, unknown>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const m of ['run', 'get', 'all', 'iterate']) {
    const orig = proto[m] as (...a: unknown[]) => unknown;
    proto[m] = function (this: { source: string }, ...a: unknown[]) {
      const k = this.source.replace(/\s+/g, ' ').slice(0, 110);
      counts.set(k, (counts.get(k) ?? 0) + 1);
      return orig.apply(this, a);
    };
  }
  return counts;
}

/** Which table or index each page written to the WAL belongs to (dbstat), per stream. */
function walPages(db: import('../src/main/db').Db, wal: string, total: number): void {
  const buf = readFileSync(wal);
  const owner = new Map<number, string>();
  try {
    for (const r of db.prepare('SELECT name, pageno FROM dbstat').all() as { name: string; pageno: number }[]) owner.set(r.pageno, r.name);
  } catch (err) {
    process.stdout.write(`  (no dbstat: ${(err as Error).message})\n`);
    return;
  }
  const by = new Map<string, number>();
  let commits = 0;
  for (let off = 32; off + 24 <= buf.length; off += 24 + 4096) {
    const page = buf.readUInt32BE(off);
    if (buf.readUInt32BE(off + 4) !== 0) commits++;
    const name = owner.get(page) ?? `page ${page > 0 ? 'other' : '?'}`;
    by.set(name, (by.get(name) ?? 0) + 1);
  }
  process.stdout.write(`  WAL: ${(commits / total).toFixed(2)} commits per stream; pages per stream by table/index:\n`);
  for (const [k, v] of [...by].sort((a, b) => b[1] - a[1])) if (v / total >= 0.05) process.stdout.write(`    ${(v / total).toFixed(2).padStart(6)}  ${k}\n`);
}

/** A TurnWriter that stores nothing (`--dry`). */
function dryWriter(): TurnWriter {
  let id = 0;
  const stub = {
    ensureSession: () => {},
    saveTurns: (sessionId: string, turns: { speaker: string; text: string; status?: string }[]) =>
      Promise.resolve(turns.map((t, i) => ({ id: ++id, sessionId, seq: i + 1, speaker: t.speaker, text: t.text, status: t.status ?? 'complete', createdAt: '', updatedAt: '' }))),
    appendText: () => {},
    finishTurn: () => {},
    updateTurn: () => {},
    markAnswered: () => {},
    defer: () => {},
    settled: () => Promise.resolve(),
    drain: () => Promise.resolve(true),
    close: () => [],
    state: { ok: true },
  };
  return stub as unknown as TurnWriter;
}

const WORDS = 'the battery of this laptop lasts about ten hours and it charges over usb-c within two hours [1] '.split(' ');

export const streamWritesBench: Bench = {
  name: 'stream-writes',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        rate: { type: 'string', default: '100' },
        duration: { type: 'string', default: '10' },
        deltas: { type: 'string', default: '60' },
        'delta-ms': { type: 'string', default: '33' },
        count: { type: 'boolean', default: false },
        /** The StreamSink's persist interval (the engine's default when not given). */
        'persist-ms': { type: 'string' },
        /** No writes at all (a writer that forgets): what this driver itself costs. */
        dry: { type: 'boolean', default: false },
        /** An existing data folder (e.g. shared by two runs at once, as the two serving processes share one). */
        'data-dir': { type: 'string' },
        /** No checkpoints at all: prints the WAL's growth (pages written per transaction). */
        'no-checkpoints': { type: 'boolean', default: false },
        /** A data folder that already holds this many turns (a template made once with SQL, then copied). */
        prefill: { type: 'string' },
        /** Seconds per CPU window printed. */
        window: { type: 'string', default: '5' },
      },
    });
    const rate = Number(values.rate);
    const duration = Number(values.duration);
    const deltas = Number(values.deltas);
    const deltaMs = Number(values['delta-ms']);
    const dir = values['data-dir'] ?? mkdtempSync(join(tmpdir(), 'deskmate-bench-writes-'));
    if (values.prefill !== undefined && values['data-dir'] === undefined) await prefilledCopy(Number(values.prefill), dir, (s) => process.stdout.write(s));
    const desk = openDesk({ dataDir: dir, env: {}, resourcesDir: null, tokenizerMode: 'inline' });
    const noCheckpoints = values['no-checkpoints'] === true;
    if (noCheckpoints) desk.db.pragma('wal_autocheckpoint = 0');
    const checkpoints = noCheckpoints ? { close: async () => {} } : startCheckpointer(desk.db, databasePath(dir));
    if (!noCheckpoints) await (checkpoints as ReturnType<typeof startCheckpointer>).ready;
    const persistMs = values['persist-ms'] === undefined ? undefined : Number(values['persist-ms']);
    const counts = values.count ? countStatements(Object.getPrototypeOf(desk.db.prepare('SELECT 1')) as Record<string, unknown>) : null;
    const writer = values.dry ? dryWriter() : new TurnWriter(desk.db, desk.sessions);
    const spent = { flush: 0, flushes: 0, index: 0, indexed: 0, passes: 0 };
    const timed = <A extends unknown[], R>(fn: (...a: A) => R, add: (ms: number, r: R) => void) => (...a: A): R => {
      const t = performance.now();
      const out = fn(...a);
      add(performance.now() - t, out);
      return out;
    };
    const sessions = desk.sessions;
    sessions.indexPending = timed(sessions.indexPending.bind(sessions), (ms, n) => ((spent.index += ms), (spent.indexed += n), spent.passes++));
    if (!values.dry) writer.flush = timed(writer.flush.bind(writer), (ms) => ((spent.flush += ms), spent.flushes++));
    const ftsRows0 = desk.db.prepare('SELECT count(*) FROM turn_fts_data').pluck().get() as number;
    const live = new Set<{ life: AnswerLifecycle; left: number; done: () => void }>();
    let n = 0;
    /** From asking to the question committed (what the answer's first token waits for). */
    const questionMs: number[] = [];
    const total = Math.round(rate * duration);
    const ticker = setInterval(() => {
      for (const s of live) {
        s.life.push(`${WORDS[(n + s.left) % WORDS.length]} `.padEnd(8, '.'));
        if (--s.left === 0) {
          live.delete(s);
          s.done();
        }
      }
    }, deltaMs);

    const stream = async (i: number): Promise<void> => {
      const sessionId = `bench-${i}-${Math.random().toString(36).slice(2)}`;
      const requestId = `req-${i}`;
      const started = Date.now();
      writer.ensureSession(sessionId, { customerId: null, agentId: 'bench-agent' });
      const asked = performance.now();
      const [question, answer] = await writer.saveTurns(sessionId, [{ speaker: 'customer', text: `How long does the battery of laptop ${i} last?`, status: 'complete' }, reservedAnswer(requestId)], { keep: 1 });
      questionMs.push(performance.now() - asked);
      const life = new AnswerLifecycle({ writer, requestId, sessionId, question: question!, answerTurnId: answer!.id, started, now: () => Date.now(), persistMs });
      life.startOnline();
      await new Promise<void>((done) => live.add({ life, left: deltas, done }));
      life.closeStream();
      const checked = desk.ledger.check({ sessionId, turnId: answer!.id, model: 'kimi-k2.6', attempt: 1, promptTokens: 1800, completionTokens: 120, cachedTokens: 0, estimated: false, ttftMs: 50, latencyMs: Date.now() - started, tokensPerSecond: 60, outcome: 'ok', mode: 'online' });
      writer.defer('usage row', () => desk.ledger.insertChecked(checked));
      await life.finishOnline({ text: life.text, status: 'complete', queue: false, meta: { model: 'kimi-k2.6', citations: [1], unsupportedCitations: [], noInformation: false, escalation: { needed: false }, usage: { promptTokens: 1800, completionTokens: 120, cachedTokens: 0, estimated: false }, costUsd: 0.001, ttftMs: 50, latencyMs: Date.now() - started, error: null } as never });
    };

    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const windowMs = Number(values.window) * 1000;
    const windows: string[] = [];
    let lastCpu = cpu0;
    let lastN = 0;
    const windowTimer = setInterval(() => {
      const c = process.cpuUsage(lastCpu);
      lastCpu = process.cpuUsage();
      const ms = (c.user + c.system) / 1000;
      windows.push(`${((ms / windowMs) * 100).toFixed(0)}%/${n - lastN}`);
      lastN = n;
    }, windowMs);
    const all: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      const start = performance.now();
      const tick = (): void => {
        const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
        while (n < due) all.push(stream(n++));
        if (n >= total) return resolve();
        setTimeout(tick, 2);
      };
      tick();
    });
    await Promise.all(all);
    await writer.drain();
    // the index of every stored turn (the writer's timer does it within ~0.5 s)
    await new Promise((r) => setTimeout(r, 800));
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    clearInterval(ticker);
    clearInterval(windowTimer);
    const pending = desk.db.prepare('SELECT count(*) FROM turn_fts_pending').pluck().get() as number;
    const turns = desk.db.prepare('SELECT count(*) FROM turns').pluck().get() as number;
    const ledgerRows = desk.db.prepare('SELECT count(*) FROM usage_ledger').pluck().get() as number;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `stream-writes: ${total} streams at ${rate}/s, ${deltas} deltas every ${deltaMs} ms each; ${turns} turns, ${ledgerRows} ledger rows, ${pending} turns left to index\n` +
        `  CPU per stream ${(cpuMs / total).toFixed(3)} ms (user ${(cpu.user / 1000 / total).toFixed(3)}, system ${(cpu.system / 1000 / total).toFixed(3)}); ${((cpuMs / wall) * 100).toFixed(0)}% of a core over ${(wall / 1000).toFixed(1)} s\n`,
    );
    questionMs.sort((x, y) => x - y);
    const pct = (p: number): string => (questionMs[Math.min(questionMs.length - 1, Math.floor((p / 100) * questionMs.length))] ?? 0).toFixed(1);
    process.stdout.write(`  question committed after p50 ${pct(50)} ms, p99 ${pct(99)} ms\n`);
    const ftsRows = desk.db.prepare('SELECT count(*) FROM turn_fts_data').pluck().get() as number;
    process.stdout.write(
      `  writer batches ${(spent.flush / total).toFixed(3)} ms per stream (${spent.flushes} batches); indexing ${(spent.index / total).toFixed(3)} ms per stream (${spent.passes} passes, ${spent.indexed} turns; FTS data rows ${ftsRows0} → ${ftsRows})\n` +
        `  CPU per ${values.window}-s window (% of a core / streams started): ${windows.join(' ')}\n`,
    );
    if (noCheckpoints) {
      const frames = (statSync(`${databasePath(dir)}-wal`).size - 32) / (4096 + 24);
      process.stdout.write(`  WAL: ${frames.toFixed(0)} pages written, ${(frames / total).toFixed(1)} per stream\n`);
      walPages(desk.db, `${databasePath(dir)}-wal`, total);
    }
    if (counts) {
      const rows = [...counts].sort((a, b) => b[1] - a[1]);
      const writes = rows.filter(([k]) => !/^(SELECT|PRAGMA busy_timeout$)/.test(k) || k.startsWith('PRAGMA'));
      const sum = (list: [string, number][]): number => list.reduce((s, [, v]) => s + v, 0);
      process.stdout.write(`  statements per stream: ${(sum(rows) / total).toFixed(2)} (${(sum(writes) / total).toFixed(2)} not SELECT)\n`);
      for (const [k, v] of rows) if (v / total >= 0.01) process.stdout.write(`    ${(v / total).toFixed(2).padStart(6)}  ${k}\n`);
    }
    writer.close();
    await checkpoints.close();
    await desk.close();
    if (values['data-dir'] === undefined) rmSync(dir, { recursive: true, force: true });
  },
};
