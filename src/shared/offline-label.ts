// The first line of every offline answer, per language. The engine writes it into the answer text (so a copied or
// CLI answer is never mistaken for the model's); the desk shows its own badge instead and hides this line.
export const OFFLINE_HEADERS = {
  en: 'Offline answer — composed from the catalog, not by the AI model.',
  zh: '离线回答 — 根据商品目录整理，并非由 AI 模型生成。',
  ko: '오프라인 답변 — AI 모델이 아닌 카탈로그에서 구성한 답변입니다.',
} as const;

/** The answer without its offline header line (when it has one). */
export function withoutOfflineHeader(text: string): string {
  for (const h of Object.values(OFFLINE_HEADERS)) {
    if (text.startsWith(h)) return text.slice(h.length).replace(/^\s*\n/, '').replace(/^\n+/, '');
  }
  return text;
}
