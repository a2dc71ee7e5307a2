// The Kimi model table: context windows and sampling rules (facts from docs/reference, see moonshot-api.md).
// Prices are not here: they live in the usage module's pricing table.

export interface ModelInfo {
  id: string;
  /** Tokens of input + output together. */
  contextWindow: number;
  /**
   * The most output tokens we reserve for one answer. Our cap (Moonshot honours any `max_tokens` that fits the
   * window); kept modest because rate limits (TPM) count `max_tokens`, not tokens generated.
   */
  maxOutput: number;
  /** k2.5 and later reject any `temperature`/`top_p` but their fixed value (400): send none to them. */
  fixedSampling: boolean;
  /** The model always streams `reasoning_content` before the answer. */
  thinking: boolean;
  /** Accepted temperature range when sampling is free. */
  temperatureRange?: readonly [number, number];
}

export interface ResolvedModel extends ModelInfo {
  /** False when the id is not in MODEL_TABLE (window is then a configured or conservative fallback). */
  known: boolean;
  /** A sentence for logs and settings: why the numbers are what they are. */
  note?: string;
}

/** Conservative window for models we know nothing about (fits every Moonshot model and most local servers). */
export const DEFAULT_FALLBACK_WINDOW = 32_768;

const V1_TEMPERATURE: readonly [number, number] = [0, 1];

export const MODEL_TABLE: readonly ModelInfo[] = [
  { id: 'moonshot-v1-8k', contextWindow: 8_192, maxOutput: 2_048, fixedSampling: false, thinking: false, temperatureRange: V1_TEMPERATURE },
  { id: 'moonshot-v1-32k', contextWindow: 32_768, maxOutput: 4_096, fixedSampling: false, thinking: false, temperatureRange: V1_TEMPERATURE },
  { id: 'moonshot-v1-128k', contextWindow: 131_072, maxOutput: 8_192, fixedSampling: false, thinking: false, temperatureRange: V1_TEMPERATURE },
  { id: 'kimi-k2.5', contextWindow: 262_144, maxOutput: 16_384, fixedSampling: true, thinking: false },
  { id: 'kimi-k2.6', contextWindow: 262_144, maxOutput: 16_384, fixedSampling: true, thinking: false },
  { id: 'kimi-k3', contextWindow: 1_048_576, maxOutput: 32_768, fixedSampling: true, thinking: true },
];

const BY_ID = new Map(MODEL_TABLE.map((m) => [m.id, m]));

/** Kimi generations from k2.5 on fix their sampling parameters; used to guess for ids not in the table. */
function looksFixedSampling(id: string): boolean {
  const m = /^kimi-k(\d+)(?:\.(\d+))?/i.exec(id);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  return major > 2 || (major === 2 && minor >= 5);
}

export interface ResolveModelOptions {
  /** Window to assume for unknown models (KIMI_CONTEXT_WINDOW); default 32,768. */
  fallbackWindow?: number;
  /** Ids from `GET /v1/models`, when read: a known id missing from it gets a note (retired or not on this account). */
  listed?: readonly string[];
}

/** Look a model up; unknown ids get a conservative window and a note saying so. Never throws. */
export function resolveModel(id: string, opts: ResolveModelOptions = {}): ResolvedModel {
  const known = BY_ID.get(id);
  const listedNote =
    opts.listed && opts.listed.length > 0 && !opts.listed.includes(id)
      ? `Model "${id}" is not in this account's model list (GET /v1/models); requests may fail with "not found".`
      : undefined;
  if (known) return listedNote ? { ...known, known: true, note: listedNote } : { ...known, known: true };
  const configured = opts.fallbackWindow !== undefined && Number.isFinite(opts.fallbackWindow) && opts.fallbackWindow > 0;
  const contextWindow = configured ? Math.floor(opts.fallbackWindow as number) : DEFAULT_FALLBACK_WINDOW;
  const why = configured
    ? `using the configured ${contextWindow.toLocaleString('en-US')}-token window (KIMI_CONTEXT_WINDOW)`
    : `using a conservative ${contextWindow.toLocaleString('en-US')}-token window (set KIMI_CONTEXT_WINDOW to change it)`;
  const note = `Unknown model "${id}": ${why}.` + (listedNote ? ` ${listedNote}` : '');
  return {
    id,
    contextWindow,
    maxOutput: Math.max(256, Math.min(4_096, Math.floor(contextWindow / 4))),
    fixedSampling: looksFixedSampling(id),
    thinking: false,
    known: false,
    note,
  };
}
