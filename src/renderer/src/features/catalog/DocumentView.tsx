// One catalog document as the agent reads it: a product (specifications, FAQ, return policy, stock) or a
// standalone policy / manual / ticket.
import type { ReactElement } from 'react';
import type { RouteOutput } from '../../../../shared/contract';
import type { Translate } from '../dashboard/strings';

export type CatalogDoc = RouteOutput<'catalog.get'>;

export function DocumentView({ doc, t, onClose }: { doc: CatalogDoc; t: Translate; onClose: () => void }): ReactElement {
  return (
    <article className="catalog-doc" data-testid="catalog-doc" aria-label={doc.kind === 'product' ? doc.product.name : doc.doc.title}>
      <header>
        <span className={`kind kind-${doc.kind}`}>{t(`catalog.kind.${doc.kind}`)}</span>
        <h3>{doc.kind === 'product' ? doc.product.name : doc.doc.title}</h3>
        <code>{doc.kind === 'product' ? doc.product.productId : doc.doc.docId}</code>
        <button type="button" onClick={onClose} data-testid="catalog-doc-close">{t('catalog.close')}</button>
      </header>
      {doc.kind === 'product' ? <ProductBody p={doc.product} t={t} /> : <p className="catalog-doc-body">{doc.doc.body}</p>}
    </article>
  );
}

function ProductBody({ p, t }: { p: Extract<CatalogDoc, { kind: 'product' }>['product']; t: Translate }): ReactElement {
  const specs = Object.entries(p.specifications);
  return (
    <div className="catalog-doc-body">
      <p className="catalog-doc-meta">
        {p.category}
        {p.brand ? ` · ${p.brand}` : ''}
        {p.price !== undefined ? ` · ${t('catalog.price')}: ${p.price}${p.currency ? ` ${p.currency}` : ''}` : ''}
        {` · ${t('catalog.stock')}: ${p.stockStatus}`}
      </p>
      {specs.length ? (
        <>
          <h4>{t('catalog.specifications')}</h4>
          <dl className="catalog-specs">
            {specs.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{String(v)}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
      {p.faqAnswers.length ? (
        <>
          <h4>{t('catalog.faq')}</h4>
          <ul>
            {p.faqAnswers.map((f, i) => (
              <li key={i}>{f}</li>
            ))}
          </ul>
        </>
      ) : null}
      {p.returnPolicyExcerpt ? (
        <>
          <h4>{t('catalog.returnPolicy')}</h4>
          <p>{p.returnPolicyExcerpt}</p>
        </>
      ) : null}
      {p.manual ? (
        <>
          <h4>{t('catalog.manual')}</h4>
          <p>{p.manual}</p>
        </>
      ) : null}
    </div>
  );
}
