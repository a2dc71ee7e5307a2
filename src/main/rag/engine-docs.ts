// The documents of one request: the retrieved hits loaded from the catalog (with their stored token counts)
// plus any documents the caller supplied, as ranked budget candidates.
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import { getProducts, getStandaloneDoc } from '../catalog';
import { recentProduct } from '../catalog/search';
import { catalogVersion, endCatalogReads, getDocStamps, getProductRows, rowToStored, storedToProduct, type ProductRow } from '../catalog/store';
import { JOIN_SLACK, type BudgetDoc } from './budget';
import { returnWindowDays } from './escalation';
import { MANUAL_REST, MANUAL_TOP, NO_TERMS, PASSAGE_GAP, TOP_DOCS, choosePassages, passagePieces, passagesBytes, splitManual, type PassageTerms, type Passages } from './passages';
import { docId, docKind, docName, isProduct, renderDocumentBody, type AnyDoc } from './render';
import { upperBound } from './tokens';
import { stringBytes } from '../string-bytes';

/** A catalog document behind a candidate. The parsed document is not kept with its cached rendering (~1.6 KB a
 * product, thousands of renderings in each serving process): `load()` reads it again — only the offline answer
 * needs it; what every answer needs of it (the return window) is worked out once, when it is rendered. */
export interface CatalogDoc {
  product: boolean;
  /** A product's return window in days when its policy states one (escalation.ts `returnWindowDays`), else null. */
  windowDays: number | null;
  /** The stored document now (undefined: no longer in the catalog). */
  load(): AnyDoc | undefined;
}

export interface Candidate {
  budget: BudgetDoc;
  /** The catalog document (null for caller-supplied text). */
  catalog: CatalogDoc | null;
  /** A product with a manual: the budget's text is its body, then the passages chosen for this question. */
  manual?: ManualChoice;
}

/** The manual passages of one candidate: what its token count is made of. */
export interface ManualChoice {
  /** The rendered body without passages (ends with MANUAL_INTRO) and its stored count (null: not counted yet). */
  base: string;
  baseTokens: number | null;
  /** The rendering's passages (their counts are filled in there, for every later question) and the chosen ones. */
  passages: Passages;
  chosen: number[];
  /** PASSAGE_GAP marks among the pieces. */
  gaps: number;
}

/** A gap mark's tokens, bounded by its bytes (6: it is 2–3 tokens). */
const GAP_TOKENS = upperBound(PASSAGE_GAP);

/**
 * The tokens of a candidate's body and chosen passages once all are counted, else null: the counts add up, with
 * JOIN_SLACK per join for BPE merges across pieces (every piece after the first starts with a line break, where
 * the encoder's pre-tokenizer splits anyway, so this is an upper bound by a few tokens).
 */
export function manualTokens(m: ManualChoice): number | null {
  if (m.baseTokens === null) return null;
  let n = m.baseTokens + m.gaps * (GAP_TOKENS + JOIN_SLACK);
  for (const i of m.chosen) {
    const t = m.passages.tokens[i]!;
    if (t < 0) return null;
    n += t + JOIN_SLACK;
  }
  return n;
}

/** Caller-supplied context (HTTP `retrieved_documents`) goes first: the caller chose it on purpose. */
export function callerDocs(texts: readonly string[] | undefined): Candidate[] {
  return (texts ?? [])
    .map((t) => t.trim())
    .filter((t) => t.length > 0)
    .map((text, i) => ({
      budget: { id: `caller-doc-${i + 1}`, name: `Document supplied with the request #${i + 1}`, kind: 'ticket', text, tokens: null },
      catalog: null,
    }));
}

/** A rendered catalog document, valid while its stored version (content hash, demo flag) is the same. */
interface Rendered {
  hash: string;
  demo: number;
  /** Stored token count of this version when it was last checked (null: not counted then). */
  tokens: number | null;
  /** The catalog version counter when it was last checked against the stored version (null: never trust it). */
  checkedAt: number | null;
  catalog: CatalogDoc;
  id: string;
  name: string;
  kind: BudgetDoc['kind'];
  text: string;
  /** A product's manual split into passages (null: none). */
  passages: Passages | null;
  /** renderedBytes, worked out once. */
  bytes: number;
}

/** Bytes of renderings a process keeps (renderedBytes): every one of the bench's 5,000 products (~1.5 K characters
 * rendered, ~1.9 KB each), ~1,100 products with 6,000-character manuals (~14 KB: the manual twice, as passages and
 * folded). Until 2026-12-03 the texts were counted at 2 bytes a character, which held ~4,800 of the first and ~600 of
 * the second in the same bound. A miss costs a row read and a rendering: with 20,000 distinct questions over
 * 5,000 products, an 8-MB bound (~2,500 renderings) cost ~0.35 ms more CPU per stream than this (alternating runs of
 * `npm run bench -- serve --targets --queries 20000`) for ~2 MB less per process. The bound keeps a catalog of large
 * documents from growing the process past what the count alone allowed. Every serving process holds its own. */
export const RENDERED_BYTES = 16 * 1024 * 1024;
let renderedBudget = RENDERED_BYTES;

/** The renderings' bound `deskmate serve` uses (env DESKMATE_SERVE_RENDERINGS_MB: megabytes per serving process, 1–4096;
 * unset: RENDERED_BYTES). A catalog of long manuals whose working set is larger than the default thrashes: each miss
 * reads, renders and splits the product again (DESIGN "Long documents"). */
export function renderingsBound(v: string | undefined): number {
  if (v === undefined || v.trim() === '') return RENDERED_BYTES;
  const mb = Number(v);
  if (!Number.isFinite(mb) || mb < 1 || mb > 4096) throw new Error(`DESKMATE_SERVE_RENDERINGS_MB must be a number of megabytes from 1 to 4096, got "${v}"`);
  return Math.round(mb * 1024 * 1024);
}
/** For tests: another bound (bytes) for the renderings of every connection; no argument: the default. */
export function limitRenderings(bytes: number = RENDERED_BYTES): void {
  renderedBudget = bytes;
}
/** About what an entry keeps alive: its text (stringBytes: 1 byte a character for Latin-1 text, else 2), its name,
 * the entry and its closures, a manual's passages and their lower-cased copy (passagesBytes). */
const renderedBytes = (r: Rendered): number => r.bytes;
function sizeOf(r: Omit<Rendered, 'bytes'>): number {
  return stringBytes(r.text) + 2 * (r.name.length + r.id.length) + r.hash.length + 320 + (r.passages ? passagesBytes(r.passages) : 0);
}

/** A rendering of `doc` (stored version `hash`/`demo`, stored count `tokens`) checked at catalog version `version`. */
function renderEntry(db: Db, doc: AnyDoc, hash: string, demo: number, tokens: number | null, version: number | null): Rendered {
  const passages = isProduct(doc) && doc.manual?.trim() ? splitManual(doc.manual) : null;
  const r = { hash, demo, tokens, checkedAt: version, catalog: catalogDoc(db, doc), id: docId(doc), name: docName(doc), kind: docKind(doc), text: renderDocumentBody(doc), passages };
  return { ...r, bytes: sizeOf(r) };
}

/** The candidate of a rendering for a question: with a manual, the passages its words choose (passages.ts) — more
 * for the first TOP_DOCS hits, what the question is most likely about. */
function candidateOf(r: Rendered, rank: number, terms: () => PassageTerms): Candidate {
  if (!r.passages) return { budget: { id: r.id, name: r.name, kind: r.kind, text: r.text, tokens: r.tokens }, catalog: r.catalog };
  const budget = rank < TOP_DOCS ? MANUAL_TOP : MANUAL_REST;
  const chosen = choosePassages(r.passages, r.passages.chars <= budget ? NO_TERMS : terms(), budget);
  const pieces = [r.text, ...passagePieces(r.passages, chosen)];
  let text = '';
  for (const p of pieces) text += p; // a rope: the wire encodes the pieces (llm/body.ts)
  const manual: ManualChoice = { base: r.text, baseTokens: r.tokens, passages: r.passages, chosen, gaps: pieces.length - 1 - chosen.length };
  return { budget: { id: r.id, name: r.name, kind: r.kind, text, tokens: manualTokens(manual), pieces }, catalog: r.catalog, manual };
}

interface RenderedCache {
  products: Map<string, Rendered>;
  docs: Map<string, Rendered>;
  bytes: number;
}
/** Products by product id (the hit's own string: no key is built per hit), standalone documents by `doc:` + id. */
const rendered = new WeakMap<Db, RenderedCache>();

/** Keeps `r` under `key` as the most recently used; the least recently used of its map go past the byte bound. */
function keepRendered(caches: RenderedCache, cache: Map<string, Rendered>, key: string, r: Rendered): void {
  const old = cache.get(key);
  if (old) {
    cache.delete(key);
    caches.bytes -= renderedBytes(old);
  }
  cache.set(key, r);
  caches.bytes += renderedBytes(r);
  const other = cache === caches.products ? caches.docs : caches.products;
  while (caches.bytes > renderedBudget) {
    // never the entry just kept: the other map's oldest when this one holds only it
    const from = cache.size > 1 ? cache : other;
    const oldest = from.entries().next().value as [string, Rendered] | undefined;
    if (!oldest) break;
    from.delete(oldest[0]);
    caches.bytes -= renderedBytes(oldest[1]);
  }
}

/** For tests and the bench: the renderings kept for `db` and their bytes. */
export function renderedStats(db: Db): { entries: number; bytes: number } {
  const c = rendered.get(db);
  return { entries: (c?.products.size ?? 0) + (c?.docs.size ?? 0), bytes: c?.bytes ?? 0 };
}

/**
 * The hits as candidates. A document seen before is not read or rendered again. While the catalog's version counter
 * (catalogVersion: bumped by any change of a stored document's version or token count, in any process) reads what
 * it read when a rendering was last checked, the rendering and its token count are the stored ones and nothing is
 * read; otherwise one small read of the hits' stamps (content hash, demo flag, token count) tells whether they
 * still are.
 */
export function loadCandidates(db: Db, hits: readonly CatalogHit[], words: () => PassageTerms = () => NO_TERMS): Candidate[] {
  // the question's words are worked out only when a manual is longer than its share (most catalogs: never)
  let memo: PassageTerms | undefined;
  const terms = (): PassageTerms => (memo ??= words());
  let caches = rendered.get(db);
  if (!caches) rendered.set(db, (caches = { products: new Map(), docs: new Map(), bytes: 0 }));
  const { products: byProduct, docs: byDoc } = caches;
  const keyOf = (h: CatalogHit): string => (h.kind === 'product' ? h.productId : `doc:${h.productId}`);
  const version = catalogVersion(db);
  const known: (Rendered | undefined)[] = [];
  let stale: CatalogHit[] | null = null;
  for (const h of hits) {
    const r = (h.kind === 'product' ? byProduct : byDoc).get(keyOf(h));
    const ok = r !== undefined && version !== null && r.checkedAt === version;
    known.push(ok ? r : undefined);
    if (!ok) (stale ??= []).push(h);
  }
  // Products neither rendered nor just read by the search (a result another process computed, a hit that was only a
  // candidate before): their whole rows, in one read. The stamps of the rest that is not known to be current, in one
  // read per kind.
  let rows: Map<string, ProductRow & { token_count: number | null }> | null = null;
  if (stale) {
    const unseen = stale.filter((h) => h.kind === 'product' && !byProduct.has(h.productId) && !recentProduct(db, h.productId));
    if (unseen.length > 0) {
      rows = getProductRows(db, unseen.map((h) => h.productId));
      const read = new Set(unseen.map((h) => h.productId));
      stale = stale.filter((h) => h.kind !== 'product' || !read.has(h.productId));
    }
  }
  const products = stale ? getDocStamps(db, 'product', stale.filter((h) => h.kind === 'product').map((h) => h.productId)) : null;
  const docs = stale?.some((h) => h.kind !== 'product') ? getDocStamps(db, 'doc', stale.filter((h) => h.kind !== 'product').map((h) => h.productId)) : null;
  const out: Candidate[] = [];
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i]!;
    const key = keyOf(h);
    const cache = h.kind === 'product' ? byProduct : byDoc;
    let r = known[i];
    if (r) {
      // most recently used last: what is evicted is what nobody asked about for longest
      cache.delete(key);
      cache.set(key, r);
      out.push(candidateOf(r, i, terms));
      continue;
    }
    const kind = h.kind === 'product' ? 'product' : 'doc';
    const row = kind === 'product' ? rows?.get(h.productId) : undefined;
    if (row) {
      const doc = storedToProduct(rowToStored(row), row.demo);
      r = renderEntry(db, doc, row.content_hash, row.demo, row.token_count, version);
      keepRendered(caches, cache, key, r);
      out.push(candidateOf(r, i, terms));
      continue;
    }
    const stamp = (kind === 'product' ? products : docs)?.get(h.productId);
    if (!stamp) continue;
    r = cache.get(key);
    if (r && r.hash === stamp.hash && r.demo === stamp.demo) {
      r.tokens = stamp.tokens;
      r.checkedAt = version;
      cache.delete(key);
      cache.set(key, r);
    } else {
      // A product the search has just read (a question seen for the first time) is not read again.
      const recent = kind === 'product' ? recentProduct(db, h.productId) : undefined;
      const fresh = recent !== undefined && recent.row.content_hash === stamp.hash && recent.row.demo === stamp.demo;
      const doc: AnyDoc | undefined = fresh ? storedToProduct(recent.stored, recent.row.demo) : kind === 'product' ? getProducts(db, [h.productId])[0] : getStandaloneDoc(db, h.productId);
      if (!doc) continue;
      r = renderEntry(db, doc, stamp.hash, stamp.demo, stamp.tokens, version);
      keepRendered(caches, cache, key, r);
    }
    out.push(candidateOf(r, i, terms));
  }
  endCatalogReads(db); // the question's last catalog read: the next question reads the catalog's state again
  return out;
}

function catalogDoc(db: Db, doc: AnyDoc): CatalogDoc {
  if (isProduct(doc)) {
    const id = doc.productId;
    return { product: true, windowDays: returnWindowDays(doc.returnPolicyExcerpt), load: () => getProducts(db, [id])[0] };
  }
  const id = doc.docId;
  return { product: false, windowDays: null, load: () => getStandaloneDoc(db, id) };
}
