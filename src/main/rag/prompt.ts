// The grounded system prompt and the sampling rule for factual answers.
import type { Lang } from './language';

export const NO_INFO_PHRASE = "I don't have that information";
/** The one sentence per language a "no information" answer consists of (detected exactly by analysis.ts). */
export const NO_INFO_SENTENCES: Readonly<Record<Lang, string>> = {
  en: "I don't have that information.",
  zh: '我没有这方面的信息。',
  ko: '해당 정보가 없습니다.',
};
export const ESCALATE_PREFIX = 'ESCALATE:';
/** Highest temperature used in factual mode (Moonshot recommends 0.3 for moonshot-v1). */
export const FACTUAL_TEMPERATURE = 0.3;

const LANGUAGE_NAME: Record<Lang, string> = { en: 'English', zh: 'Chinese (简体中文)', ko: 'Korean (한국어)' };

const built = new Map<string, string>();

/**
 * The system prompt. `language` names the customer's language when known (otherwise the model follows the
 * customer); `factual` (default) forbids anything beyond the documents. One string per combination (8 in all),
 * shared by every request: an answer in flight holds its prompt for its whole stream, and a fresh 2.6 KB copy per
 * stream added up with hundreds of streams open in a serving process.
 */
export function systemPrompt(opts: { language?: Lang; factual?: boolean } = {}): string {
  const factual = opts.factual ?? true;
  const key = `${opts.language ?? ''}/${factual}`;
  let prompt = built.get(key);
  if (prompt === undefined) built.set(key, (prompt = buildPrompt(opts.language, factual)));
  return prompt;
}

function buildPrompt(language: Lang | undefined, factual: boolean): string {
  const lines = [
    'You are Deskmate, an assistant for customer-support agents. The agent reads your answer to the customer or pastes it into the chat.',
    'Rules:',
    factual
      ? '1. Answer ONLY from the documents in the knowledge base message. Never use outside knowledge.'
      : '1. Base every factual claim on the documents in the knowledge base message; general courtesy text needs no source.',
    '2. After each claim, cite the document it comes from as [Doc-N] (for example: "The battery lasts 15 hours [Doc-2]."). Cite only documents you were given.',
    `3. If the documents do not contain the answer, reply with exactly this one sentence in the customer's language and nothing else — English: "${NO_INFO_SENTENCES.en}" Chinese: "${NO_INFO_SENTENCES.zh}" Korean: "${NO_INFO_SENTENCES.ko}" Never invent prices, stock levels, specifications, dates or policies.`,
    `4. Escalation: when the customer asks for a refund or exception beyond the policy, threatens legal action (lawyer, court, chargeback), reports a safety issue (fire, smoke, burns, electric shock, overheating, injury), or is very angry, add a final line starting with "${ESCALATE_PREFIX}" followed by the reason, recommending that the agent hand over to a supervisor.`,
    language
      ? `5. Reply in ${LANGUAGE_NAME[language]}, the customer's language.`
      : "5. Reply in the language of the customer's last message.",
    '6. Be concise: short sentences the agent can read aloud; no preamble, no markdown tables.',
    'Earlier turns in the conversation may mention sources as "(source: …)"; use the current knowledge base for facts.',
  ];
  return lines.join('\n');
}

/** What the Kimi client knows of a model's sampling. */
export interface SamplingModel {
  /** True when the model rejects any temperature/top_p other than its fixed value (kimi-k2.6 and later). */
  fixedSampling: boolean;
  /** Allowed temperature range, when the model accepts one (moonshot-v1: [0, 1]). */
  temperatureRange?: readonly [number, number];
}

/** Sampling parameters to send: none for fixed models; ≤ 0.3 in factual mode where a temperature is allowed. */
export function samplingFor(model: SamplingModel, factual: boolean): { temperature?: number } {
  if (model.fixedSampling) return {};
  const [lo, hi] = model.temperatureRange ?? [0, 1];
  if (hi < lo) return {};
  const wanted = factual ? FACTUAL_TEMPERATURE : Math.min(0.7, hi);
  const t = Math.min(Math.max(wanted, lo), hi);
  if (factual && t > FACTUAL_TEMPERATURE) return {};
  return { temperature: t };
}
