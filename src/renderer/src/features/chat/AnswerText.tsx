// Answer text as Markdown (react-markdown + remark-gfm: lists, tables, bold, code), with each [Doc-N] as a button
// that opens the document; unsupported citations are marked. Raw HTML in the answer is never rendered (shown as
// text), links are not followed (their text and address are shown), images are not loaded.
import { memo, useMemo, type ReactNode } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';
import { useT } from '../../i18n/react';
import { citationsToLinks, CITE_PREFIX, splitCitations } from './format';

export interface AnswerTextProps {
  text: string;
  isUnsupported(n: number): boolean;
  onCite(n: number): void;
  /** The citation currently open in the sources panel. */
  activeN?: number | null;
  /** Still being written: plain text with citation buttons (cheap per frame); Markdown once the answer is done. */
  live?: boolean;
}

const PLUGINS = [remarkGfm];

export const AnswerText = memo(function AnswerText({ text, isUnsupported, onCite, activeN, live = false }: AnswerTextProps): ReactNode {
  const t = useT();
  const source = useMemo(() => (live ? '' : citationsToLinks(text)), [text, live]);
  const segments = useMemo(() => (live ? splitCitations(text) : []), [text, live]);
  const components = useMemo<Components>(
    () => ({
      a({ href, children }) {
        if (href?.startsWith(CITE_PREFIX)) {
          const n = Number(href.slice(CITE_PREFIX.length));
          const bad = isUnsupported(n);
          const label = bad ? t('chat.unsupported', { n }) : t('chat.citation', { n });
          return (
            <button
              type="button"
              className={`citation${bad ? ' unsupported' : ''}${activeN === n ? ' active' : ''}`}
              data-testid={`citation-${n}`}
              title={label}
              aria-label={label}
              onClick={() => onCite(n)}
            >
              Doc-{n}
            </button>
          );
        }
        // a link in an answer is text to read out, not a place for the desk to go
        return (
          <span className="answer-link">
            {children}
            {href && String(children) !== href ? ` (${href})` : ''}
          </span>
        );
      },
      img({ alt }) {
        return <span className="muted">{alt ? `[${alt}]` : ''}</span>;
      },
      table({ children }) {
        return (
          <div className="md-table">
            <table>{children}</table>
          </div>
        );
      },
    }),
    [isUnsupported, onCite, activeN, t],
  );
  if (live) {
    // re-parsing Markdown on every streamed frame costs long tasks on big answers: text + citations until done
    return (
      <div className="answer-text live" data-testid="answer-text">
        {segments.map((seg, i) => {
          if (seg.type === 'text') return seg.bold ? <strong key={i}>{seg.text}</strong> : <span key={i}>{seg.text}</span>;
          const bad = isUnsupported(seg.n);
          return (
            <button
              key={i}
              type="button"
              className={`citation${bad ? ' unsupported' : ''}`}
              data-testid={`citation-${seg.n}`}
              aria-label={bad ? t('chat.unsupported', { n: seg.n }) : t('chat.citation', { n: seg.n })}
              onClick={() => onCite(seg.n)}
            >
              Doc-{seg.n}
            </button>
          );
        })}
      </div>
    );
  }
  return (
    <div className="answer-text" data-testid="answer-text">
      <Markdown remarkPlugins={PLUGINS} components={components}>
        {source}
      </Markdown>
    </div>
  );
});
