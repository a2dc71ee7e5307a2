// The document opened from a search result: the sources panel's document view (SourceDoc) in a closable card.
import type { ReactElement } from 'react';
import type { RouteOutput } from '../../../../shared/contract';
import { SourceDoc } from '../sources/SourceDoc';
import type { Translate } from '../dashboard/strings';

export type CatalogDoc = RouteOutput<'catalog.get'>;

export function DocumentView({ doc, t, onClose }: { doc: CatalogDoc; t: Translate; onClose: () => void }): ReactElement {
  return (
    <div className="catalog-doc" data-testid="catalog-doc">
      <header>
        <span className={`kind kind-${doc.kind}`}>{t(`catalog.kind.${doc.kind}`)}</span>
        <button type="button" onClick={onClose} data-testid="catalog-doc-close">{t('catalog.close')}</button>
      </header>
      <SourceDoc doc={doc} />
    </div>
  );
}
