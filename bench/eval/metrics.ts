// Figures of an eval run: per kind and language, flag precision/recall per language, and the targets.
import { EVAL_KINDS, EVAL_LANGS, type EvalKind, type EvalLang } from './dataset';
import type { ItemOutcome } from './run';

export interface Ratio {
  hit: number;
  of: number;
}
const ratio = (xs: readonly (boolean | null)[]): Ratio => {
  const known = xs.filter((x): x is boolean => x !== null);
  return { hit: known.filter(Boolean).length, of: known.length };
};
export const pctOf = (r: Ratio): number | null => (r.of === 0 ? null : (100 * r.hit) / r.of);
const fmt = (r: Ratio): string => {
  const p = pctOf(r);
  return p === null ? '—' : `${p.toFixed(p === 100 ? 0 : 1)}%`;
};

export interface CellFigures {
  n: number;
  recall5: Ratio;
  recall20: Ratio;
  goldInPrompt: Ratio;
  citePrecision: Ratio;
  onlineFact: Ratio;
  offlineFact: Ratio;
  offlineResolved: Ratio;
}

const MULTI: ReadonlySet<EvalKind> = new Set(['followup', 'multi-turn']);

export function cell(os: readonly ItemOutcome[]): CellFigures {
  const answerable = os.filter((o) => o.item.gold !== null && !o.item.noInformation && !o.item.escalate);
  const cites = answerable.flatMap((o) => o.onlineCitations.map((c) => c === o.item.gold));
  return {
    n: os.length,
    recall5: ratio(os.map((o) => o.recall5)),
    recall20: ratio(os.map((o) => o.recall20)),
    goldInPrompt: ratio(os.map((o) => o.goldInPrompt)),
    citePrecision: ratio(cites),
    onlineFact: ratio(answerable.map((o) => o.onlineFact)),
    offlineFact: ratio(answerable.map((o) => o.offlineFact)),
    offlineResolved: ratio(
      os.filter((o) => MULTI.has(o.item.kind)).map((o) => o.item.gold !== null && o.offlineCitations.includes(o.item.gold) && o.offlineFact === true),
    ),
  };
}

export interface Flags {
  precision: Ratio;
  recall: Ratio;
}

export function flags(os: readonly ItemOutcome[], predicted: (o: ItemOutcome) => boolean, label: (o: ItemOutcome) => boolean): Flags {
  const tp = os.filter((o) => predicted(o) && label(o)).length;
  return { precision: { hit: tp, of: os.filter(predicted).length }, recall: { hit: tp, of: os.filter(label).length } };
}

export interface Targets {
  name: string;
  value: number | null;
  target: number;
  met: boolean;
}

/** Escalation requests are judged by the escalation flag only: whether "no information" is right there is moot. */
const forNoInfo = (os: readonly ItemOutcome[]): ItemOutcome[] => os.filter((o) => o.item.kind !== 'escalation');

export function targets(os: readonly ItemOutcome[]): Targets[] {
  const multi = os.filter((o) => MULTI.has(o.item.kind));
  const t = (name: string, r: Ratio, target: number): Targets => {
    const value = pctOf(r);
    return { name, value, target, met: value !== null && value >= target };
  };
  const noInfo = (mode: 'online' | 'offline') =>
    flags(forNoInfo(os), (o) => (mode === 'online' ? o.onlineNoInfo : o.offlineNoInfo), (o) => o.item.noInformation);
  const esc = (mode: 'online' | 'offline') => flags(os, (o) => (mode === 'online' ? o.onlineEscalate : o.offlineEscalate), (o) => o.item.escalate);
  return [
    t('follow-up gold document in the prompt', cell(multi).goldInPrompt, 95),
    t('offline multi-turn resolution', cell(multi).offlineResolved, 90),
    t('no-information recall (online)', noInfo('online').recall, 100),
    t('no-information precision (online)', noInfo('online').precision, 95),
    t('no-information recall (offline)', noInfo('offline').recall, 100),
    t('no-information precision (offline)', noInfo('offline').precision, 95),
    t('escalation recall (online)', esc('online').recall, 90),
    t('escalation recall (offline)', esc('offline').recall, 90),
  ];
}

export function report(os: readonly ItemOutcome[]): string[] {
  const lines: string[] = [];
  lines.push('| kind | lang | n | recall@5 | recall@20 | gold in prompt | citation precision | online fact | offline fact | offline multi-turn resolved |');
  lines.push('|---|---|---|---|---|---|---|---|---|---|');
  const row = (kind: string, lang: string, c: CellFigures): string =>
    `| ${kind} | ${lang} | ${c.n} | ${fmt(c.recall5)} | ${fmt(c.recall20)} | ${fmt(c.goldInPrompt)} | ${fmt(c.citePrecision)} | ${fmt(c.onlineFact)} | ${fmt(c.offlineFact)} | ${fmt(c.offlineResolved)} |`;
  for (const kind of EVAL_KINDS) {
    for (const lang of EVAL_LANGS) {
      const os2 = os.filter((o) => o.item.kind === kind && o.item.lang === lang);
      if (os2.length > 0) lines.push(row(kind, lang, cell(os2)));
    }
  }
  lines.push(row('**all**', 'all', cell(os)));
  lines.push('');
  lines.push('| lang | no-info P online | no-info R online | no-info P offline | no-info R offline | escalation P online | escalation R online | escalation P offline | escalation R offline |');
  lines.push('|---|---|---|---|---|---|---|---|---|');
  for (const lang of [...EVAL_LANGS, 'all'] as (EvalLang | 'all')[]) {
    const sub = lang === 'all' ? os : os.filter((o) => o.item.lang === lang);
    const ni = (m: 'on' | 'off') => flags(forNoInfo(sub), (o) => (m === 'on' ? o.onlineNoInfo : o.offlineNoInfo), (o) => o.item.noInformation);
    const es = (m: 'on' | 'off') => flags(sub, (o) => (m === 'on' ? o.onlineEscalate : o.offlineEscalate), (o) => o.item.escalate);
    lines.push(
      `| ${lang} | ${fmt(ni('on').precision)} | ${fmt(ni('on').recall)} | ${fmt(ni('off').precision)} | ${fmt(ni('off').recall)} | ${fmt(es('on').precision)} | ${fmt(es('on').recall)} | ${fmt(es('off').precision)} | ${fmt(es('off').recall)} |`,
    );
  }
  return lines;
}
