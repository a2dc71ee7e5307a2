// The customer's language, guessed from the script of a message (en, zh, ko).
export type Lang = 'en' | 'zh' | 'ko';

const HANGUL = /[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]/g;
const HAN = /[\u4e00-\u9fff\u3400-\u4dbf]/g;

/** 'ko' when Hangul dominates the CJK letters, 'zh' for Han, otherwise 'en'. */
export function detectLanguage(text: string): Lang {
  const ko = text.match(HANGUL)?.length ?? 0;
  const zh = text.match(HAN)?.length ?? 0;
  if (ko === 0 && zh === 0) return 'en';
  return ko >= zh ? 'ko' : 'zh';
}
