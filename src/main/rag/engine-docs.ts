// The documents of one request: the retrieved hits loaded from the catalog (with their stored token counts)
// plus any documents the caller supplied, as ranked budget candidates.
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { getProducts, getStandaloneDoc } from '../catalog';
import { recentProductRow } from '../catalog/search';
import { getDocStamps, rowToProduct } from '../catalog/store';
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

/** A rendered catalog document, valid while its stored version (content hash, demo flag) is the same. */
interface Rendered {
  hash: string;
  demo: number;
  doc: AnyDoc;
  id: string;
  name: string;
  kind: BudgetDoc['kind'];
  text: string;
}

/** Enough for the documents a busy desk's questions keep hitting (the serve bench's 500 questions hit ~3,300 of 5,000
 * products; 2,000 made every one of them be read and rendered again). A rendering is ~1–3 KB. */
const RENDERED_MAX = 6_000;
const rendered = new WeakMap<Db, Map<string, Rendered>>();

/**
 * The hits as candidates. A document seen before is not read or rendered again: one small read of its stamp
 * (content hash, demo flag, token count) tells whether the rendering kept in memory is still the stored version
 * (an import in any process changes the hash).
 */
export function loadCandidates(db: Db, hits: readonly CatalogHit[]): Candidate[] {
  let cache = rendered.get(db);
  if (!cache) rendered.set(db, (cache = new Map()));
  const out: Candidate[] = [];
  // every hit's stamp in one read per kind
  const products = getDocStamps(db, 'product', hits.filter((h) => h.kind === 'product').map((h) => h.productId));
  const docs = hits.some((h) => h.kind !== 'product') ? getDocStamps(db, 'doc', hits.filter((h) => h.kind !== 'product').map((h) => h.productId)) : null;
  for (const h of hits) {
    const kind = h.kind === 'product' ? 'product' : 'doc';
    const key = `${kind}:${h.productId}`;
    const stamp = (kind === 'product' ? products : docs)?.get(h.productId);
    if (!stamp) continue;
    let r = cache.get(key);
    if (r && r.hash === stamp.hash && r.demo === stamp.demo) {
      // most recently used last: what is evicted is what nobody asked about for longest
      cache.delete(key);
      cache.set(key, r);
    } else {
      // A product the search has just read (a question seen for the first time) is not read again.
      const row = kind === 'product' ? recentProductRow(db, h.productId) : undefined;
      const fresh = row !== undefined && row.content_hash === stamp.hash && row.demo === stamp.demo;
      const doc: AnyDoc | undefined = fresh ? rowToProduct(row) : kind === 'product' ? getProducts(db, [h.productId])[0] : getStandaloneDoc(db, h.productId);
      if (!doc) continue;
      r = { hash: stamp.hash, demo: stamp.demo, doc, id: docId(doc), name: docName(doc), kind: docKind(doc), text: renderDocumentBody(doc) };
      cache.set(key, r);
      if (cache.size > RENDERED_MAX) cache.delete(cache.keys().next().value as string);
    }
    out.push({ budget: { id: r.id, name: r.name, kind: r.kind, text: r.text, tokens: stamp.tokens }, doc: r.doc });
  }
  return out;
}
