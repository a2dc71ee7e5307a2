import { describe, expect, it } from 'vitest';
import {
  MANUAL_REST,
  MANUAL_SCAN,
  MANUAL_TOP,
  PASSAGE_CHARS,
  PASSAGE_GAP,
  choosePassages,
  passagePieces,
  passageTerms,
  splitManual,
} from '../../src/main/rag/passages';
import { manualText } from '../../bench/gen/manual';
import { fold } from '../../src/main/catalog/tokenize';

/** A manual of sections, one of them (at `at`) about descaling. */
function kettleManual(sections: number, at: number): string {
  const out: string[] = [];
  for (let i = 0; i < sections; i++) {
    out.push(
      i === at
        ? 'Descaling: fill the kettle with white vinegar and water, boil once, leave it for an hour, then rinse twice. Descale monthly in hard-water areas.'
        : `Section ${i}. ${manualText(i, 480)}`,
    );
  }
  return out.join('\n\n');
}

/** The text without its whitespace: what splitting must keep, in order. */
const bare = (s: string): string => s.replace(/\s+/g, '');

describe('splitManual', () => {
  it('keeps every word in order, in passages of at most PASSAGE_CHARS that each start with a line break', () => {
    const manual = `${kettleManual(12, 9)}\n\nShort one.\n\nShort two.\n\n${'x'.repeat(1500)}\n\n${manualText(3, 2500).replace(/\. /g, ' ')}`;
    const p = splitManual(manual)!;
    expect(p.texts.length).toBeGreaterThan(12);
    for (const t of p.texts) {
      expect(t.startsWith('\n')).toBe(true);
      expect(t.length - 1).toBeLessThanOrEqual(PASSAGE_CHARS);
      expect(t.slice(1)).toBe(t.slice(1).trim());
    }
    expect(bare(p.texts.join(''))).toBe(bare(manual));
    // short paragraphs share a passage; a paragraph without a sentence end or space is cut hard
    expect(p.texts.some((t) => t.includes('Short one.\n\nShort two.'))).toBe(true);
    expect(p.texts.filter((t) => /^\nx+$/.test(t)).map((t) => t.length - 1)).toEqual([600, 600, 300]);
    expect(p.chars).toBe(p.texts.reduce((n, t) => n + t.length - 1, 0));
    expect(Array.from(p.tokens)).toEqual(p.texts.map(() => -1));
  });

  it('says where each passage is in the manual, the blank lines of a merged one included', () => {
    const manual = `  \n${kettleManual(6, 3)}\n \t\n\nShort one.\n\n  Short two.  \n\n${'y'.repeat(1300)}\n\n${manualText(5, 1800)}\n\n  `;
    const p = splitManual(manual)!;
    const r = Array.from(p.ranges);
    expect(r.length).toBe(2 * p.texts.length);
    const ws = (s: string): string => s.replace(/\s+/g, ' ');
    p.texts.forEach((t, i) => {
      const [a, b] = [r[2 * i]!, r[2 * i + 1]!];
      expect(a).toBeLessThan(b);
      if (i > 0) expect(a).toBeGreaterThanOrEqual(r[2 * i - 1]!); // in order, never overlapping
      const slice = manual.slice(a, b);
      expect(slice).toBe(slice.trim());
      expect(ws(slice)).toBe(ws(t.slice(1))); // the same text, blank lines between merged paragraphs aside
    });
    expect(manual.slice(r[0]!, r[1]!).startsWith(kettleManual(6, 3).trim().slice(0, 20))).toBe(true);
    expect(p.texts.some((t, i) => t.endsWith('Short one.\n\nShort two.') && manual.slice(r[2 * i]!, r[2 * i + 1]!).endsWith('Short one.\n\n  Short two.'))).toBe(true);
    expect(r.at(-1)).toBe(manual.trimEnd().length);
  });

  it('keeps the ranges true for CRLF manuals, CJK text, hard cuts and many seeds', () => {
    const ws = (s: string): string => s.replace(/\s+/g, ' ');
    const manuals = [
      manualText(7, 5000).replace(/\n/g, '\r\n'),
      `按住电源键五秒钟直到指示灯闪烁。\n\n${'按住电源键五秒钟直到指示灯闪烁。'.repeat(60)}\r\n\r\n설정 메뉴에서 블루투스를 켜십시오.`,
      `${'z'.repeat(2000)}\n\n\n\n   ${'word '.repeat(400)}`,
      ...Array.from({ length: 12 }, (_, i) => manualText(100 + i, 1000 + 700 * i)),
    ];
    for (const manual of manuals) {
      const p = splitManual(manual)!;
      let prevEnd = 0;
      p.texts.forEach((t, i) => {
        const [a, b] = [p.ranges[2 * i]!, p.ranges[2 * i + 1]!];
        expect(a).toBeGreaterThanOrEqual(prevEnd);
        expect(b).toBeLessThanOrEqual(manual.length);
        expect(ws(manual.slice(a, b))).toBe(ws(t.slice(1)));
        prevEnd = b;
      });
    }
  });

  it('cuts long paragraphs at a sentence end, CJK ones too; nothing for an empty manual; at most MANUAL_SCAN characters', () => {
    const en = splitManual(manualText(1, 3000))!;
    for (const t of en.texts.slice(0, -1)) expect(t.endsWith('.')).toBe(true);
    const zh = splitManual('按住电源键五秒钟直到指示灯闪烁。'.repeat(80))!;
    for (const t of zh.texts.slice(0, -1)) expect(t.endsWith('。')).toBe(true);
    expect(splitManual('  \n\n \n')).toBeNull();
    expect(splitManual(manualText(2, MANUAL_SCAN * 2))!.chars).toBeLessThanOrEqual(MANUAL_SCAN);
  });
});

describe('choosePassages', () => {
  const manual = splitManual(kettleManual(16, 11))!;
  const descale = manual.texts.findIndex((t) => t.includes('Descaling'));

  it('finds the passage holding the question’s words however deep in the manual', () => {
    expect(manual.chars).toBeGreaterThan(6_000);
    expect(descale).toBeGreaterThan(8);
    const chosen = choosePassages(manual, passageTerms('How do I descale the kettle?'), MANUAL_REST);
    expect(chosen).toContain(descale);
    expect(chosen.reduce((n, i) => n + manual.texts[i]!.length - 1, 0)).toBeLessThanOrEqual(MANUAL_REST);
    // the rarer word decides: "vinegar" is in one passage, "press" in most
    const rare = choosePassages(manual, passageTerms('press vinegar'), 200);
    expect(rare).toEqual([descale]);
  });

  it('sends a manual that fits whole, the first passage when no word of the question is in it, sorted in manual order', () => {
    const short = splitManual('Charge fully before first use.\n\nHold the button to pair.')!;
    expect(choosePassages(short, passageTerms('anything'), MANUAL_REST)).toEqual([0]);
    expect(choosePassages(splitManual(kettleManual(3, 1))!, passageTerms('zzz'), MANUAL_TOP)).toEqual([0, 1, 2]);
    expect(choosePassages(manual, passageTerms('what is the weather'), MANUAL_TOP)).toEqual([0]);
    const many = choosePassages(manual, passageTerms('reset firmware bluetooth descale'), MANUAL_TOP);
    expect(many.length).toBeGreaterThan(1);
    expect([...many].sort((a, b) => a - b)).toEqual(many);
  });

  it('matches words with diacritics however the manual or the question writes them (folded passage by passage)', () => {
    const fr = splitManual(
      [
        ...Array.from({ length: 6 }, (_, i) => `Étape ${i}. ${'Appuyez sur le bouton et attendez que le voyant clignote. '.repeat(8)}`),
        'DÉTARTRAGE : remplissez la bouilloire de vinaigre blanc, faites bouillir une fois, puis rincez deux fois.',
        ...Array.from({ length: 4 }, (_, i) => `Garantie ${i}. ${'Conservez la facture, elle sert de preuve d’achat. '.repeat(8)}`),
      ].join('\n\n'),
    )!;
    const at = fr.texts.findIndex((t) => t.includes('DÉTARTRAGE'));
    expect(at).toBeGreaterThan(3);
    expect(fr.lower).toContain('detartrage'); // folded: lower case, no accents
    fr.texts.forEach((t, i) => expect(fr.lower.startsWith(fold(t), fr.starts[i]!)).toBe(true)); // offsets of the folded text
    expect(choosePassages(fr, passageTerms('Comment détartrer la bouilloire ?'), MANUAL_REST)).toContain(at);
    expect(choosePassages(fr, passageTerms('comment detartrer'), MANUAL_REST)).toContain(at);
  });

  it('matches CJK questions by bigram', () => {
    const zh = splitManual(`${'按住电源键五秒钟直到指示灯闪烁。'.repeat(40)}\n\n除垢：在水壶中加入白醋和水，煮沸一次，静置一小时后冲洗两次。\n\n${'请勿将产品浸入水中。'.repeat(60)}`)!;
    const at = zh.texts.findIndex((t) => t.includes('除垢'));
    expect(at).toBeGreaterThan(0);
    expect(choosePassages(zh, passageTerms('怎么除垢？'), MANUAL_REST)).toContain(at);
  });

  it('chooses by the words of the customer’s previous message after the question’s own', () => {
    const follow = passageTerms('How often should I do that?', 'How do I descale the kettle?');
    expect(follow.earlier.filter(Boolean)).toHaveLength(2); // descale, kettle; "often" is the question's own
    expect(choosePassages(manual, follow, 200)).toEqual([descale]);
    // the question's own word first, however rare the earlier ones are in the manual
    const pairing = choosePassages(manual, passageTerms('bluetooth', 'How do I descale the kettle?'), 600);
    expect(pairing).toHaveLength(1);
    expect(manual.texts[pairing[0]!]).toContain('bluetooth');
  });

  it('leaves stop words and single letters out of the terms', () => {
    expect(passageTerms('How do I reset it?').needles).toHaveLength(1);
    expect(passageTerms('the a of').needles).toHaveLength(0);
  });
});

describe('passagePieces', () => {
  it('marks the gaps where the manual goes on between and around the chosen passages', () => {
    const p = splitManual(kettleManual(6, 2))!;
    expect(p.texts).toHaveLength(6);
    expect(passagePieces(p, [0, 1, 4])).toEqual([p.texts[0], p.texts[1], PASSAGE_GAP, p.texts[4], PASSAGE_GAP]);
    expect(passagePieces(p, [2])).toEqual([PASSAGE_GAP, p.texts[2], PASSAGE_GAP]);
    expect(passagePieces(p, [0, 1, 2, 3, 4, 5])).toEqual(p.texts);
  });
});
