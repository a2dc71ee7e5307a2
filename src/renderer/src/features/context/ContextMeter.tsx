// How the model window is spent for the newest request: system prompt, history, documents, the question,
// the output reserved for the answer and the safety margin.
import { useMemo, type ReactNode } from 'react';
import { useChat } from '../../app/context';
import { formatNumber } from '../../i18n';
import { useLanguage, useT } from '../../i18n/react';
import { latestContext } from '../chat/select';
import { formatTokens, meterSegments, sentTokens } from './meter';

export function ContextMeter(): ReactNode {
  const lang = useLanguage();
  const t = useT();
  const ctx = useChat((s) => latestContext(s));
  const segments = useMemo(() => (ctx ? meterSegments(ctx) : []), [ctx]);
  return (
    <section className="meter" data-testid="context-meter" aria-label={t('meter.title')}>
      <header className="panel-head">
        <h2>{t('meter.title')}</h2>
        {ctx && <span className="muted small">{t('meter.used', { used: formatTokens(sentTokens(ctx)), window: formatTokens(ctx.window) })}</span>}
      </header>
      {!ctx ? (
        <p className="muted small">{t('meter.none')}</p>
      ) : (
        <>
          <div className="meter-bar" role="img" aria-label={segments.map((s) => `${t(`meter.${s.id}`)} ${s.tokens}`).join(', ')}>
            {segments.map((s) =>
              s.fraction > 0 ? <span key={s.id} className={`seg seg-${s.id}`} style={{ width: `${(s.fraction * 100).toFixed(2)}%` }} title={`${t(`meter.${s.id}`)}: ${formatNumber(lang, s.tokens)}`} /> : null,
            )}
          </div>
          <ul className="meter-legend">
            {segments.map((s) => (
              <li key={s.id}>
                <i className={`dot seg-${s.id}`} />
                {t(`meter.${s.id}`)} <span className="num">{formatTokens(s.tokens)}</span>
              </li>
            ))}
          </ul>
          {(ctx.droppedTurns > 0 || ctx.droppedDocs > 0) && (
            <p className="muted small" data-testid="context-dropped">
              {t('meter.dropped', { turns: ctx.droppedTurns, docs: ctx.droppedDocs })}
            </p>
          )}
        </>
      )}
    </section>
  );
}
