import { describe, expect, it } from 'vitest';
import { citedNumbers, copyWithSources, splitCitations, toPlainReply } from '../../src/renderer/src/features/chat/format';
import { manualSegments, sourceRows } from '../../src/renderer/src/features/sources/rows';
import { isUnsupported, viewFromTurn } from '../../src/renderer/src/features/chat/answer-view';
import { formatTokens, meterSegments } from '../../src/renderer/src/features/context/meter';
import { matchShortcut } from '../../src/renderer/src/app/keyboard';

const docs = [
  { n: 1, productId: 'LP-1', name: 'X200 Laptop', kind: 'product' as const },
  { n: 2, productId: 'POL-RET', name: 'Return policy', kind: 'policy' as const },
];

describe('citations in answer text', () => {
  it('splits [Doc-N] variants into citation segments and keeps the text around them', () => {
    const s = splitCitations('Returns within **30 days** [Doc-1]. Battery [Doc 2, Doc-3]【Doc-4】 and [doc_5; 6].');
    expect(s.filter((x) => x.type === 'cite').map((x) => (x.type === 'cite' ? x.n : 0))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s[0]).toEqual({ type: 'text', text: 'Returns within ', bold: false });
    expect(s[1]).toEqual({ type: 'text', text: '30 days', bold: true });
    expect(s.map((x) => (x.type === 'text' ? x.text : `<${x.n}>`)).join('')).toBe(
      'Returns within 30 days <1>. Battery <2><3><4> and <5><6>.',
    );
  });

  it('leaves text without citations alone', () => {
    expect(splitCitations('No docs here [note].')).toEqual([{ type: 'text', text: 'No docs here [note].', bold: false }]);
    expect(splitCitations('')).toEqual([]);
  });

  it('copies the answer with the documents it cites, flagging a number that was never sent', () => {
    const text = 'Yes [Doc-2]. It has 16 GB [Doc-1][Doc-2]. Also [Doc-7].';
    expect(citedNumbers(text)).toEqual([2, 1, 7]);
    expect(copyWithSources(text, docs)).toBe(
      `${text}\n\nSources:\n[Doc-2] Return policy (POL-RET)\n[Doc-1] X200 Laptop (LP-1)\n[Doc-7] (not among the documents sent)`,
    );
    expect(copyWithSources('No citations.', docs)).toBe('No citations.');
  });

  it('makes a plain-text reply: no markers, no markdown, tidy punctuation and blank lines', () => {
    const text = '## Returns\n\nYou can return the **X200** within *30 days* [Doc-1] .\n\n\n* Keep the box [Doc-2]\n* Bring the `receipt`\n';
    expect(toPlainReply(text)).toBe('Returns\n\nYou can return the X200 within 30 days.\n\n- Keep the box\n- Bring the receipt');
    expect(toPlainReply('可以退货【Doc-1】。')).toBe('可以退货。');
  });
});

describe('sources and flags', () => {
  it('lists sent documents with how the answer used them, and cited numbers never sent', () => {
    expect(sourceRows(docs, [1, 9], [9])).toEqual([
      { n: 1, doc: docs[0], status: 'cited' },
      { n: 2, doc: docs[1], status: 'sent' },
      { n: 9, doc: null, status: 'unsupported' },
    ]);
    expect(sourceRows(docs, [2], [2]).find((r) => r.n === 2)?.status).toBe('unsupported');
  });

  it('marks a citation unsupported when flagged or not among the documents sent', () => {
    expect(isUnsupported({ sentDocs: docs, unsupported: [] }, 1)).toBe(false);
    expect(isUnsupported({ sentDocs: docs, unsupported: [2] }, 2)).toBe(true);
    expect(isUnsupported({ sentDocs: docs, unsupported: [] }, 3)).toBe(true);
  });

  it('reads stored turn meta leniently', () => {
    const v = viewFromTurn({
      id: 5,
      sessionId: 's',
      seq: 2,
      speaker: 'assistant',
      text: 'From the catalog [Doc-1]',
      status: 'offline',
      createdAt: '',
      updatedAt: '',
      meta: { mode: 'offline', sentDocs: docs, escalation: { needed: true, reason: 'Refund over limit' }, noInformation: 'yes', context: { bad: 1 } },
    });
    expect(v).toMatchObject({ mode: 'offline', sentDocs: docs, escalation: { needed: true, reason: 'Refund over limit' } });
    expect(v.noInformation).toBe(false); // malformed field → absent
    expect(v.context).toBeNull();
    expect(v.unsupported).toEqual([]);
  });
});

describe('manual passages sent', () => {
  it('marks the ranges sent, in order, clamped to the manual, never a character twice', () => {
    const m = 'Intro. Pairing: hold the button. Battery: charge it. Descaling: use vinegar.';
    const at = (s: string): [number, number] => [m.indexOf(s), m.indexOf(s) + s.length];
    const segs = manualSegments(m, [at('Descaling: use vinegar.'), at('Pairing: hold the button.')]);
    expect(segs.map((s) => s.text).join('')).toBe(m);
    expect(segs.filter((s) => s.sent).map((s) => s.text)).toEqual(['Pairing: hold the button.', 'Descaling: use vinegar.']);
    // past the end (the manual changed since the answer), overlapping, empty
    const odd = manualSegments(m, [[70, 500], [60, 72], [5, 5]]);
    expect(odd.map((s) => s.text).join('')).toBe(m);
    expect(odd.filter((s) => s.sent).map((s) => s.text).join('')).toBe(m.slice(60));
    expect(manualSegments(m, [])).toEqual([{ text: m, sent: false }]);
  });
});

describe('context meter', () => {
  it('splits the window into segments that add up to it', () => {
    const segs = meterSegments({ window: 1000, reservedOutput: 200, system: 50, history: 100, documents: 400, message: 20, margin: 30, total: 570, droppedTurns: 0, droppedDocs: 2 });
    expect(segs.map((s) => [s.id, s.tokens])).toEqual([
      ['system', 50],
      ['history', 100],
      ['documents', 400],
      ['message', 20],
      ['reserved', 200],
      ['margin', 30],
      ['free', 200],
    ]);
    expect(segs.reduce((a, s) => a + s.fraction, 0)).toBeCloseTo(1);
  });

  it('never reports negative free space', () => {
    const segs = meterSegments({ window: 100, reservedOutput: 80, system: 10, history: 30, documents: 0, message: 0, margin: 0, total: 40, droppedTurns: 0, droppedDocs: 0 });
    expect(segs.at(-1)).toEqual({ id: 'free', tokens: 0, fraction: 0 });
  });

  it('formats token counts compactly', () => {
    expect([formatTokens(950), formatTokens(1_250), formatTokens(21_400), formatTokens(262_144), formatTokens(1_048_576)]).toEqual(['950', '1.3k', '21k', '262k', '1.0M']);
  });
});

describe('keyboard shortcuts', () => {
  const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey' | 'isComposing', boolean>> = {}) => ({
    key: k,
    ctrlKey: false,
    metaKey: false,
    altKey: false,
    shiftKey: false,
    ...mods,
  });
  it('maps Ctrl+Enter / Cmd+Enter, Ctrl/Cmd+K and Esc by platform', () => {
    expect(matchShortcut(key('Enter', { ctrlKey: true }), false)).toBe('send');
    expect(matchShortcut(key('Enter', { metaKey: true }), true)).toBe('send');
    expect(matchShortcut(key('Enter', { metaKey: true }), false)).toBeNull();
    expect(matchShortcut(key('Enter'), false)).toBeNull();
    expect(matchShortcut(key('k', { ctrlKey: true }), false)).toBe('search');
    expect(matchShortcut(key('K', { metaKey: true }), true)).toBe('search');
    expect(matchShortcut(key('Escape'), false)).toBe('escape');
  });
  it('leaves keys to an IME that is composing', () => {
    expect(matchShortcut(key('Enter', { ctrlKey: true, isComposing: true }), false)).toBeNull();
    expect(matchShortcut(key('Escape', { isComposing: true }), false)).toBeNull();
  });
});

describe('Markdown answers → citation links and clean plain text', () => {
  it('turns citations into #cite-N links outside code only', async () => {
    const { citationsToLinks } = await import('../../src/renderer/src/features/chat/format');
    expect(citationsToLinks('Yes [Doc-1, Doc-3]. Code `[Doc-2]` stays.')).toBe('Yes [Doc-1](#cite-1)[Doc-3](#cite-3). Code `[Doc-2]` stays.');
    expect(citationsToLinks('```\n[Doc-4]\n```\n【Doc-5】')).toBe('```\n[Doc-4]\n```\n[Doc-5](#cite-5)');
  });

  it('copy and insert produce plain text from lists, tables, bold, code and links', () => {
    const md = [
      '### Options',
      '',
      '1. **X200** — 16 GB [Doc-1]',
      '2. `X300` with ~~old~~ new port',
      '',
      '| Model | Price |',
      '|---|---:|',
      '| X200 | $999 |',
      '',
      '> Note: see [the policy](https://example.invalid/p) [Doc-2]',
      '',
      '```',
      'code line',
      '```',
    ].join('\n');
    expect(toPlainReply(md)).toBe('Options\n\n1. X200 — 16 GB\n2. X300 with old new port\n\nModel | Price\nX200 | $999\n\nNote: see the policy (https://example.invalid/p)\n\ncode line');
    expect(copyWithSources(md, docs)).toContain('1. X200 — 16 GB [Doc-1]');
    expect(copyWithSources(md, docs)).not.toMatch(/\*\*|`|\|---/);
  });
});
