// One catalog document as the agent reads it: a product's specifications table, FAQs, return policy and stock
// status with its update time, or a standalone policy / manual / ticket.
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import type { RouteOutput } from '../../../../shared/contract';
import { formatDateTime, isLanguage } from '../../i18n';
import { useLanguage, useT } from '../../i18n/react';
import { manualSegments } from './rows';

export type CatalogDocument = RouteOutput<'catalog.get'>;

export function formatUpdated(iso: string | undefined, lang: string): string | null {
  if (!iso) return null;
  return formatDateTime(isLanguage(lang) ? lang : 'en', iso);
}

function Manual({ text, sentRanges }: { text: string; sentRanges: readonly (readonly [number, number])[] | undefined }): ReactNode {
  const t = useT();
  const first = useRef<HTMLElement | null>(null);
  const segments = useMemo(() => (sentRanges?.length ? manualSegments(text, sentRanges) : null), [text, sentRanges]);
  useEffect(() => {
    first.current?.scrollIntoView?.({ block: 'nearest' });
  }, [segments]);
  if (!segments) return <p className="prewrap">{text}</p>;
  let marked = false;
  return (
    <>
      <p className="muted small" data-testid="manual-sent-note">
        {t('sources.manualSent')}
      </p>
      <p className="prewrap">
        {segments.map((s, i) => {
          if (!s.sent) return <span key={i}>{s.text}</span>;
          const ref = marked ? undefined : first;
          marked = true;
          return (
            <mark key={i} ref={ref} className="sent-passage" data-testid="sent-passage">
              {s.text}
            </mark>
          );
        })}
      </p>
    </>
  );
}

export function SourceDoc({ doc, sentRanges }: { doc: CatalogDocument; sentRanges?: readonly (readonly [number, number])[] | undefined }): ReactNode {
  const t = useT();
  const lang = useLanguage();
  if (doc.kind !== 'product') {
    return (
      <article className="source-doc" data-testid="source-doc">
        <h3>{doc.doc.title}</h3>
        <div className="source-id">
          {t(`sources.kind.${doc.kind}`)} · {doc.doc.docId}
        </div>
        <p className="prewrap">{doc.doc.body}</p>
      </article>
    );
  }
  const p = doc.product;
  const updated = formatUpdated(p.updatedAt, lang);
  return (
    <article className="source-doc" data-testid="source-doc">
      <h3>{p.name}</h3>
      <div className="source-id">
        {p.productId} · {p.category}
        {p.brand ? ` · ${p.brand}` : ''}
        {p.price !== undefined ? ` · ${p.price}${p.currency ? ` ${p.currency}` : ''}` : ''}
      </div>
      <section className="stock" data-testid="source-stock">
        <h4>{t('sources.stock')}</h4>
        <p>
          <strong>{p.stockStatus || '—'}</strong>{' '}
          <span className="muted">{updated ? t('sources.updated', { time: updated }) : t('sources.updatedUnknown')}</span>
        </p>
      </section>
      {Object.keys(p.specifications).length > 0 && (
        <section>
          <h4>{t('sources.specs')}</h4>
          <table className="specs" data-testid="source-specs">
            <tbody>
              {Object.entries(p.specifications).map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{String(v)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {p.faqAnswers.length > 0 && (
        <section>
          <h4>{t('sources.faq')}</h4>
          <ul className="faq">
            {p.faqAnswers.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </section>
      )}
      {p.returnPolicyExcerpt && (
        <section>
          <h4>{t('sources.returns')}</h4>
          <p className="prewrap">{p.returnPolicyExcerpt}</p>
        </section>
      )}
      {p.manual && (
        <section>
          <h4>{t('sources.manual')}</h4>
          <Manual text={p.manual} sentRanges={sentRanges} />
        </section>
      )}
    </article>
  );
}
