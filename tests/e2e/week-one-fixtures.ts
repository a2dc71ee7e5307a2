// Shared by the week-one e2e files: the fake Kimi's Markdown answer (bold, list, table, code, citations).
export const MARKDOWN_ANSWER = [
  'Yes — the **Orbit X200** can be returned within 30 days [Doc-1]:',
  '',
  '- keep the original packaging',
  '- bring the receipt [Doc-1]',
  '',
  '| Item | Window |',
  '|---|---|',
  '| X200 laptop | 30 days |',
  '',
  'Refunds go to the original payment method; quote code `RET-30`.',
].join('\n');
