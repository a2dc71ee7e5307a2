// Answer text with each [Doc-N] as a button that opens the document; unsupported citations are marked.
import { memo, useMemo, type ReactNode } from 'react';
import { useT } from '../../i18n/react';
import { splitCitations } from './format';

export interface AnswerTextProps {
  text: string;
  isUnsupported(n: number): boolean;
  onCite(n: number): void;
  /** The citation currently open in the sources panel. */
  activeN?: number | null;
}

export const AnswerText = memo(function AnswerText({ text, isUnsupported, onCite, activeN }: AnswerTextProps): ReactNode {
  const t = useT();
  const segments = useMemo(() => splitCitations(text), [text]);
  return (
    <div className="answer-text">
      {segments.map((s, i) => {
        if (s.type === 'text') return s.bold ? <strong key={i}>{s.text}</strong> : <span key={i}>{s.text}</span>;
        const bad = isUnsupported(s.n);
        return (
          <button
            key={i}
            type="button"
            className={`citation${bad ? ' unsupported' : ''}${activeN === s.n ? ' active' : ''}`}
            data-testid={`citation-${s.n}`}
            title={bad ? t('chat.unsupported', { n: s.n }) : t('chat.citation', { n: s.n })}
            aria-label={bad ? t('chat.unsupported', { n: s.n }) : t('chat.citation', { n: s.n })}
            onClick={() => onCite(s.n)}
          >
            Doc-{s.n}
          </button>
        );
      })}
    </div>
  );
});
