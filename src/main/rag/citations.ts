// The citation markers answers use, in every form seen: [Doc-1], [Doc 1], [doc-1], [Doc_1], [Doc-1, Doc-2],
// [Doc-1, 2], [Doc-1][Doc-2], 【Doc-1】, 【Doc-1，Doc-2】, (Doc-1), lists joined by "and", 和, 및.
export function citationMarkers(): RegExp {
  return /[[【(（]\s*((?:doc(?:ument)?[\s_-]*#?\d+)(?:\s*(?:[,，、;；&]|and|和|및)\s*(?:doc(?:ument)?[\s_-]*#?)?\d+)*)\s*[\]】)）]/giu;
}

/** Cited document numbers, in order of appearance, with repetitions. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(citationMarkers())) {
    for (const d of m[1].matchAll(/\d+/g)) out.push(Number(d[0]));
  }
  return out;
}
