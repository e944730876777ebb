import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { FreshbooksAPI } from './datasources/freshbooks/api.js';
import type { FreshbooksTransport } from './datasources/freshbooks/transport.js';
import { IcountAPI } from './datasources/icount/api.js';
import type { CurrencyCatalog } from './datasources/icount/currencies.js';
import type { IcountTransport } from './datasources/icount/transport.js';
import type { Principal } from './auth.js';
import type { Logger } from './logger.js';
import type { PayInvoiceJournal } from './services/pay-invoice-journal.js';
import type { Store } from './stores/store.js';

/** Long-lived parts shared by all requests: upstream transports, caches. */
export interface Upstreams {
  icount: IcountTransport;
  currencies: CurrencyCatalog;
  freshbooks: FreshbooksTransport;
  /** The FreshBooks account's base currency (FreshBooks does not say it on every record). */
  freshbooksBaseCurrency: string;
  /** Shared state (memory or Redis). */
  store: Store;
  journal: PayInvoiceJournal;
  /** Every GraphQL request's overall deadline (REQUEST_DEADLINE_MS), on top of per-call timeouts. */
  requestDeadlineMs: number;
  settings: Settings;
}

/** Per-process settings requests need (from configuration). */
export interface Settings {
  /** How long idempotency records are replayed. */
  idempotencyTtlSeconds: number;
  /** How long a duplicate waits for the first request's result. */
  idempotencyWaitMs: number;
}

/** Who runs work that no API key started (the background recovery). */
export const SYSTEM_PRINCIPAL: Principal = { id: 'system', scopes: new Set() };

/** Per-request context: fresh datasources (and so fresh DataLoaders) for every operation. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  icount: IcountAPI;
  freshbooks: FreshbooksAPI;
  journal: PayInvoiceJournal;
  store: Store;
  settings: Settings;
  /** The API key the request came with (its id scopes idempotency keys). */
  principal: Principal;
  /**
   * Aborts when the request's deadline passes: every upstream call of the request gets it, and one
   * still running (or not yet started) then fails with UPSTREAM_TIMEOUT.
   */
  signal: AbortSignal;
  /** Current time, for expiry checks at the edge. */
  now: () => number;
}

export function createContext(
  upstreams: Upstreams,
  logger: Logger,
  requestId: string = randomUUID(),
  principal: Principal = SYSTEM_PRINCIPAL,
): GatewayContext {
  const signal = AbortSignal.timeout(upstreams.requestDeadlineMs);
  // Every upstream call of the request listens to the signal (got adds one listener per call): a
  // nested list makes dozens of calls, and past 10 listeners Node prints a MaxListenersExceeded
  // warning (with a stack trace) for every such request. Not a leak: each call removes its own.
  setMaxListeners(0, signal);
  return {
    requestId,
    logger: logger.child({ requestId }),
    icount: new IcountAPI(upstreams.icount, upstreams.currencies, { signal }),
    freshbooks: new FreshbooksAPI(upstreams.freshbooks, { baseCurrency: upstreams.freshbooksBaseCurrency, signal }),
    journal: upstreams.journal,
    store: upstreams.store,
    settings: upstreams.settings,
    principal,
    signal,
    now: Date.now,
  };
}
