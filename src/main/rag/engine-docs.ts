// The documents of one request: the retrieved hits loaded from the catalog (with their stored token counts)
// plus any documents the caller supplied, as ranked budget candidates.
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { getProducts, getStandaloneDoc, getTokenCounts } from '../catalog';
import type { BudgetDoc } from './budget';
import { docId, docKind, docName, renderDocumentBody, type AnyDoc } from './render';

export interface Candidate {
  budget: BudgetDoc;
  /** The catalog document (null for caller-supplied text). */
  doc: AnyDoc | null;
}

/** Caller-supplied context (HTTP `retrieved_documents`) goes first: the caller chose it on purpose. */
export function callerDocs(texts: readonly string[] | undefined): Candidate[] {
  return (texts ?? [])
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((text, i) => ({
      budget: { id: `caller-doc-${i + 1}`, name: `Document supplied with the request #${i + 1}`, kind: 'ticket', text, tokens: null },
      doc: null,
    }));
}

export function loadCandidates(db: Db, hits: readonly CatalogHit[]): Candidate[] {
  const productIds = hits.filter((h) => h.kind === 'product').map((h) => h.productId);
  const products = new Map(getProducts(db, productIds).map((p) => [p.productId, p] as const));
  const counts = getTokenCounts(db, hits.map((h) => h.productId));
  const out: Candidate[] = [];
  for (const h of hits) {
    const doc: AnyDoc | undefined = h.kind === 'product' ? products.get(h.productId) : getStandaloneDoc(db, h.productId);
    if (!doc) continue;
    out.push({
      budget: { id: docId(doc), name: docName(doc), kind: docKind(doc), text: renderDocumentBody(doc), tokens: counts.get(h.productId) ?? null },
      doc,
    });
  }
  return out;
}
