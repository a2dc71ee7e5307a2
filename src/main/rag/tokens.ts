// Token counting with o200k_base (js-tiktoken's ranks, our compactEncoder), loaded once, lazily, off the first-answer path.
//
// Building the o200k encoder takes ~0.4 s of synchronous work (it parses ~200k BPE ranks) and counting runs at
// ~1.8-2.3 MB/s, so by default the encoder lives in a worker thread: `warmup()` starts it in the
// background and `countMany()` counts in bulk there without blocking the event loop. The synchronous `count()`
// answers exactly for texts the worker already counted (small memo) or when the encoder was loaded inline;
// otherwise it answers a SAFE UPPER BOUND (the UTF-8 byte length: o200k is byte-level BPE, every token covers
// at least one byte), so a request assembled before the encoder is ready can never overflow the window.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { reapplyAfterStart } from '../heap-flags';

export interface TokenCounter {
  /** Token count of `text`: exact when `ready`, otherwise an upper bound. */
  count(text: string): number;
  /** True when `count` is exact (o200k_base). */
  readonly ready: boolean;
}

export interface Tokenizer extends TokenCounter {
  /** Loads the encoder (once); resolves when exact counting is available. Never rejects: on failure the
   *  tokenizer stays on the upper bound and `error` says why. */
  warmup(): Promise<void>;
  /** Counts many texts off the event loop (worker) once ready; before that, upper bounds unless `wait`. */
  countMany(texts: readonly string[], opts?: { wait?: boolean }): Promise<number[]>;
  /** True when `countMany` answers exactly (worker ready or encoder inline); `ready` is about `count`. */
  readonly exact: boolean;
  readonly error: string | null;
  close(): Promise<void>;
}

/** Per-message framing tokens of the chat format (role markers, separators) — ChatML uses 3-4. */
export const MESSAGE_OVERHEAD = 4;
/** Tokens priming the assistant reply. */
export const REPLY_PRIMER = 3;

/**
 * Safety margin for Moonshot's own tokenizer differing from o200k_base. Moonshot counts ~1 token per 1.5-2
 * Chinese characters (o200k: ~1 per 1.2-1.5, so o200k over-counts CJK) and ~1 per 3-4 English characters
 * (o200k: ~1 per 4, so Moonshot may count up to a few per cent more on English prose and code). 5% of the
 * window absorbs that drift on long prompts, and the fixed 256 covers framing differences (role markers,
 * the knowledge-block layout) that matter on small prompts. On a context-overflow 400 the engine retries
 * once with `retry: true` (15% + 512).
 */
export function safetyMargin(window: number, opts: { retry?: boolean } = {}): number {
  return opts.retry ? Math.ceil(window * 0.15) + 512 : Math.ceil(window * 0.05) + 256;
}

/** UTF-8 byte length: an upper bound on the o200k (and any byte-level BPE) token count. */
export function upperBound(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Counter answering the upper bound only (used before the encoder is ready, and in tests). */
export const upperBoundCounter: TokenCounter = { count: upperBound, ready: false };

interface Encoder {
  encode(text: string, allowedSpecial?: string[] | 'all', disallowedSpecial?: string[] | 'all'): number[];
}

/**
 * Counts with the encoder; special-token text (`<|endoftext|>`) is counted as ordinary text, never thrown on.
 * js-tiktoken's BPE merge is quadratic in the length of one pre-token chunk: 5,000 letters without a break
 * (a CJK paragraph without punctuation, "aaaa…", "!!!!…") take 4-26 s. Runs of ≥ 48 letters or symbols are
 * therefore counted in 32-character pieces, which can only cost merges across piece boundaries (≤ 1 token
 * per piece over the true count, a safe direction) and keeps the worst case near natural CJK text speed.
 * Self-contained: its source is also shipped to the worker.
 */
export function encodeCount(enc: Encoder, text: string): number {
  if (text.length === 0) return 0;
  const long = /[\p{L}\p{M}]{48,}|[^\s\p{L}\p{N}]{48,}/gu;
  let total = 0;
  let last = 0;
  for (const m of text.matchAll(long)) {
    const at = m.index ?? 0;
    if (at > last) total += enc.encode(text.slice(last, at), [], []).length;
    const run = m[0];
    for (let i = 0; i < run.length; ) {
      let j = Math.min(run.length, i + 32);
      const c = run.charCodeAt(j - 1);
      if (j < run.length && c >= 0xd800 && c <= 0xdbff) j++;
      total += enc.encode(run.slice(i, j), [], []).length;
      i = j;
    }
    last = at + run.length;
  }
  if (last < text.length) total += enc.encode(text.slice(last), [], []).length;
  return total;
}

/** js-tiktoken's ranks file: the pre-token pattern and lines of `name offset token…` (tokens in base64). */
export interface BpeRanks {
  pat_str: string;
  bpe_ranks: string;
}

/**
 * o200k encoding as js-tiktoken's `Tiktoken.encode(text, [], [])` gives it — the same pre-token pattern, the same
 * merges (the lowest-ranked adjacent pair first, the leftmost of equal ranks; a later duplicate token wins, as in its
 * constructor) — with one Map of ranks keyed by each token's bytes as a Latin-1 string. js-tiktoken's `Tiktoken`
 * keeps its ranks keyed by comma-joined byte lists plus a Uint8Array per token for decoding (which counting never
 * does): a worker thread holding it took ~160 MB RSS, ~120 MB of it heap. Special-token text is ordinary text here,
 * as encodeCount asks of js-tiktoken. Self-contained: its source is also shipped to the worker.
 */
export function compactEncoder(ranks: BpeRanks): Encoder {
  const rankOf = new Map<string, number>();
  for (const line of ranks.bpe_ranks.split('\n')) {
    if (!line) continue;
    const fields = line.split(' ');
    const offset = Number.parseInt(fields[1] ?? '', 10);
    for (let i = 2; i < fields.length; i++) rankOf.set(Buffer.from(fields[i]!, 'base64').toString('latin1'), offset + i - 2);
  }
  const pattern = new RegExp(ranks.pat_str, 'gu');
  const merge = (bytes: string, out: number[]): void => {
    // part k is bytes[cut[k], cut[k + 1])
    const cut: number[] = [];
    for (let i = 0; i <= bytes.length; i++) cut.push(i);
    while (cut.length > 2) {
      let best = -1;
      let bestRank = 0;
      for (let k = 0; k + 2 < cut.length; k++) {
        const r = rankOf.get(bytes.slice(cut[k], cut[k + 2]));
        if (r !== undefined && (best === -1 || r < bestRank)) {
          best = k;
          bestRank = r;
        }
      }
      if (best === -1) break;
      cut.splice(best + 1, 1);
    }
    for (let k = 0; k + 1 < cut.length; k++) {
      const r = rankOf.get(bytes.slice(cut[k], cut[k + 1]));
      if (r !== undefined) out.push(r);
    }
  };
  return {
    encode(text: string): number[] {
      const out: number[] = [];
      for (const m of text.matchAll(pattern)) {
        const bytes = Buffer.from(m[0], 'utf8').toString('latin1');
        const whole = rankOf.get(bytes);
        if (whole !== undefined) out.push(whole);
        else merge(bytes, out);
      }
      return out;
    },
  };
}

/** Loads the o200k encoder on the calling thread (blocks it while the ranks are read). */
export async function loadEncoder(): Promise<Encoder> {
  const ranks = (await import('js-tiktoken/ranks/o200k_base')).default as BpeRanks;
  return compactEncoder(ranks);
}

/** js-tiktoken's own encoder (for tests comparing compactEncoder with it). */
export async function loadTiktoken(): Promise<Encoder> {
  const { Tiktoken } = await import('js-tiktoken/lite');
  const ranks = (await import('js-tiktoken/ranks/o200k_base')).default;
  return new Tiktoken(ranks);
}

/** An exact, synchronous counter (loads the encoder on this thread). For tests, benchmarks and scripts. */
export async function createExactCounter(): Promise<TokenCounter> {
  const enc = await loadEncoder();
  return { count: (text) => encodeCount(enc, text), ready: true };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const compactEncoder = ${compactEncoder.toString()};
const ranksModule = require(workerData.ranks);
const enc = compactEncoder(ranksModule.default || ranksModule);
delete require.cache[workerData.ranks]; // the ranks text is not needed once the map is built
const encodeCount = ${encodeCount.toString()};
parentPort.postMessage({ type: 'ready' });
parentPort.on('message', (m) => {
  const counts = m.texts.map((t) => encodeCount(enc, t));
  parentPort.postMessage({ type: 'counts', id: m.id, counts });
});
`;

function resolveEncoderPaths(): { ranks: string } {
  const req = createRequire(import.meta.url);
  return { ranks: req.resolve('js-tiktoken/ranks/o200k_base') };
}

export interface TokenizerOptions {
  /** 'worker' (default): encoder in a worker thread. 'inline': encoder on this thread (blocks it while loading). */
  mode?: 'worker' | 'inline';
  /** Path of js-tiktoken's CJS `ranks/o200k_base` file, which the worker's compactEncoder reads (resolved from this
   * module by default). */
  paths?: { ranks: string };
  /** Texts memoised for the synchronous `count` after the worker counted them (by total characters). */
  memoChars?: number;
}

interface Pending {
  resolve(counts: number[]): void;
  reject(err: Error): void;
}

/** The application tokenizer: nothing happens until `warmup()` or the first `countMany(..., {wait: true})`. */
export function createTokenizer(opts: TokenizerOptions = {}): Tokenizer {
  const mode = opts.mode ?? 'worker';
  const memoLimit = opts.memoChars ?? 4_000_000;
  let inline: Encoder | null = null;
  let worker: Worker | null = null;
  let workerReady = false;
  let error: string | null = null;
  let loading: Promise<void> | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const memo = new Map<string, number>();
  let memoChars = 0;

  const remember = (text: string, n: number): void => {
    if (text.length > memoLimit / 4 || memo.has(text)) return;
    memo.set(text, n);
    memoChars += text.length;
    while (memoChars > memoLimit) {
      const oldest = memo.keys().next().value;
      if (oldest === undefined) break;
      memo.delete(oldest);
      memoChars -= oldest.length;
    }
  };

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new Error(message));
    pending.clear();
  };

  const startWorker = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: opts.paths ?? resolveEncoderPaths() });
      reapplyAfterStart(w); // a new worker resets run-time V8 flags (serve's heap settings)
      w.unref();
      worker = w;
      w.on('message', (m: unknown) => {
        if (!m || typeof m !== 'object') return;
        const msg = m as { type?: unknown; id?: unknown; counts?: unknown };
        if (msg.type === 'ready') {
          workerReady = true;
          resolve();
        } else if (msg.type === 'counts' && typeof msg.id === 'number' && Array.isArray(msg.counts)) {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          p?.resolve(msg.counts.map((n) => Number(n)));
        }
      });
      w.on('error', (err) => {
        worker = null;
        workerReady = false;
        failAll(err.message);
        reject(err);
      });
      w.on('exit', () => {
        worker = null;
        workerReady = false;
        failAll('token worker exited');
      });
    });

  const warmup = (): Promise<void> => {
    loading ??= (async () => {
      try {
        if (mode === 'worker') {
          try {
            await startWorker();
            return;
          } catch (err) {
            error = `worker failed (${err instanceof Error ? err.message : String(err)}); counting inline`;
          }
        }
        inline = await loadEncoder();
      } catch (err) {
        error = `encoder unavailable: ${err instanceof Error ? err.message : String(err)}`;
      }
    })();
    return loading;
  };

  const viaWorker = (w: Worker, texts: readonly string[]): Promise<number[]> =>
    new Promise<number[]>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      w.postMessage({ id, texts });
    });

  return {
    warmup,
    get ready() {
      return inline !== null;
    },
    get exact() {
      return inline !== null || (worker !== null && workerReady);
    },
    get error() {
      return error;
    },
    count(text: string): number {
      if (inline) return encodeCount(inline, text);
      return memo.get(text) ?? upperBound(text);
    },
    async countMany(texts, o = {}) {
      if (o.wait) await warmup();
      if (inline) {
        const enc = inline;
        return texts.map((t) => encodeCount(enc, t));
      }
      if (worker && workerReady) {
        try {
          const counts = await viaWorker(worker, texts);
          texts.forEach((t, i) => remember(t, counts[i]));
          return counts;
        } catch {
          // The worker died: fall through to upper bounds (never wrong, only pessimistic).
        }
      }
      return texts.map((t) => memo.get(t) ?? upperBound(t));
    },
    async close() {
      const w = worker;
      worker = null;
      workerReady = false;
      if (w) await w.terminate();
    },
  };
}

