// What the engine is built from (engine.ts): the stores, the Kimi client, the catalog and the tuning knobs.
import type { Db } from '../db';
import type { CatalogHit } from '../../shared/domain';
import type { SessionStore } from '../sessions/store';
import type { TurnWriter } from '../sessions/turn-writer';
import type { UsageLedger } from '../usage/ledger';
import type { ConnectivityMonitor } from '../settings/connectivity';
import type { StoredSettings } from '../settings/store';
import type { KimiClient } from '../llm/types';
import type { RetryPolicy } from '../llm/backoff';
import type { Tokenizer } from './tokens';
import type { CustomerHistorySource } from '../hub/history';

export interface EngineDeps {
  db: Db;
  sessions: SessionStore;
  /** Writes of questions and answers that survive a busy / full database (default: one over `db` and `sessions`). */
  turns?: TurnWriter;
  ledger: UsageLedger;
  connectivity: ConnectivityMonitor;
  settings: () => StoredSettings;
  /** The Kimi client for the current base URL and key; null when no key is set. */
  client: () => KimiClient | null;
  tokenizer: Tokenizer;
  search: (query: string, k: number) => CatalogHit[];
  /** A catalog document as a hit, by id (for products cited earlier in the session). */
  lookup?: (id: string) => CatalogHit | undefined;
  /** Window for models not in the table (KIMI_CONTEXT_WINDOW). */
  fallbackWindow?: number;
  retryPolicy?: Partial<RetryPolicy>;
  /** Share of the best score below which retrieved documents are not sent (default 0.1; 0 sends all). */
  relevanceFloor?: number;
  /** Documents retrieved per question before the budget picks (default 20). */
  retrievalK?: number;
  persistMs?: number;
  progressMs?: number;
  /**
   * 0 (default): a new question and its reserved answer are committed before the request to Kimi goes out. N > 0
   * (`deskmate serve`): the request goes out while they wait up to N ms to be committed together with the other
   * questions of those N ms (one commit instead of one per question); no answer text is shown or stored before the
   * question is. A question whose commit fails ends the request as a failing commit did before it (StorageError).
   */
  questionCommitMs?: number;
  now?: () => number;
  /** Earlier turns of the customer/session at other desks (team hub); absent without a hub. */
  customerHistory?: () => CustomerHistorySource | undefined;
}
