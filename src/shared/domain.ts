// Domain types shared by every side (main, preload, renderer). No node, electron or react imports.
import { z } from 'zod';

/** A specification value as it appears in catalog files. */
export const SpecValue = z.union([z.string(), z.number(), z.boolean()]);

/** A product document of the catalog cache (field names of our examples, camel-cased). */
export const ProductDoc = z.object({
  productId: z.string().min(1),
  name: z.string(),
  category: z.string(),
  specifications: z.record(z.string(), SpecValue),
  faqAnswers: z.array(z.string()),
  returnPolicyExcerpt: z.string(),
  stockStatus: z.string(),
  brand: z.string().optional(),
  price: z.number().optional(),
  currency: z.string().optional(),
  locale: z.string().optional(),
  updatedAt: z.string().optional(),
  manual: z.string().optional(),
  /** True for rows of the bundled demo catalog. */
  demo: z.boolean().optional(),
});
export type ProductDoc = z.infer<typeof ProductDoc>;

export const DocKind = z.enum(['policy', 'manual', 'ticket']);
export type DocKind = z.infer<typeof DocKind>;

/** A store-wide document (policy, manual, ticket) not tied to one product. */
export const StandaloneDoc = z.object({
  docId: z.string().min(1),
  title: z.string(),
  body: z.string(),
  kind: DocKind,
  demo: z.boolean().optional(),
});
export type StandaloneDoc = z.infer<typeof StandaloneDoc>;

/** One search result. For standalone documents `productId` holds the doc id and `kind` says which. */
export const CatalogHit = z.object({
  productId: z.string(),
  name: z.string(),
  score: z.number(),
  snippet: z.string(),
  kind: z.enum(['product', 'policy', 'manual', 'ticket']),
});
export type CatalogHit = z.infer<typeof CatalogHit>;

export const Speaker = z.enum(['customer', 'agent', 'assistant']);
export type Speaker = z.infer<typeof Speaker>;

/**
 * complete: finished normally. streaming: being written now. interrupted: the stream broke or was stopped
 * after tokens arrived (partial text kept). error: failed before any answer text. offline: composed from the
 * catalog without the model. queued: a customer question waiting to be re-asked online.
 */
export const TurnStatus = z.enum(['complete', 'streaming', 'interrupted', 'error', 'offline', 'queued']);
export type TurnStatus = z.infer<typeof TurnStatus>;

export const Turn = z.object({
  id: z.number().int(),
  sessionId: z.string(),
  seq: z.number().int(),
  speaker: Speaker,
  text: z.string(),
  status: TurnStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
  /** Free-form JSON the engine attaches (citations, usage, error). */
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type Turn = z.infer<typeof Turn>;

export const SessionSummary = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  title: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  turnCount: z.number().int(),
  /** Archived sessions leave the list (sessions.list with archived: true shows them). */
  archived: z.boolean().optional(),
  /** The agent who last asked in this session (HTTP API `user_id`); null when asked at this desk's own UI or the CLI. */
  agentId: z.string().nullable().optional(),
});
export type SessionSummary = z.infer<typeof SessionSummary>;
