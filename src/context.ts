import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { FreshbooksAPI } from './datasources/freshbooks/api.js';
import type { FreshbooksTransport } from './datasources/freshbooks/transport.js';
import { IcountAPI } from './datasources/icount/api.js';
import type { CurrencyCatalog } from './datasources/icount/currencies.js';
import { CachedReads, type ReadPolicy } from './cache/cached-reads.js';
import type { ReadCache } from './cache/read-cache.js';
import type { IcountTransport } from './datasources/icount/transport.js';
import type { Principal } from './auth.js';
import type { UpstreamName } from './errors.js';
import type { InflightWrites } from './inflight.js';
import type { CheckoutSettings } from './checkout/settings.js';
import type { Ledger } from './ledger/index.js';
import type { Logger } from './logger.js';

/** The long-lived parts of one gateway process, shared by all requests: transports, caches, the ledger. */
export interface Runtime {
  icount: IcountTransport;
  /** Upstream reads kept across requests (docs/performance.md, "Cross-request cache"). */
  readCache: ReadCache;
  currencies: CurrencyCatalog;
  freshbooks: FreshbooksTransport;
  /** The FreshBooks account's base currency (FreshBooks does not say it on every record). */
  freshbooksBaseCurrency: string;
  /** The FreshBooks account's zone for its date-times (FRESHBOOKS_TIMEZONE, default America/New_York). */
  freshbooksTimeZone?: string;
  /** The payments ledger (SQLite or PostgreSQL): every money-moving write, before and after. */
  ledger: Ledger;
  /** Upstream writes in flight in this process: shutdown waits for them. */
  inflight: InflightWrites;
  /** Every GraphQL request's overall deadline (REQUEST_DEADLINE_MS), on top of per-call timeouts. */
  requestDeadlineMs: number;
  settings: Settings;
  /** Both upstreams emulated (demo data, no money moves). */
  demo: boolean;
  /** Told when a money mutation is answered from a final ledger row (an idempotent replay), for metrics. */
  onReplay?: (operation: string) => void;
}

/** Per-process settings requests need (from configuration). */
export interface Settings {
  ledger: LedgerSettings;
  /** createCheckout and its callback (src/checkout/); absent: checkouts are not configured. */
  checkout?: CheckoutSettings;
}

export interface LedgerSettings {
  /** How long a duplicate request waits for the first one's result (IDEMPOTENCY_WAIT_MS). */
  waitMs: number;
  /** How long a claim's owner may take to check inputs before another may take the row over. */
  claimLeaseMs: number;
  /**
   * Per upstream: how long after a write was sent it may still land (its timeout plus
   * LEDGER_SETTLE_MS). Before then a look-up that finds nothing proves nothing.
   */
  settleMs: Record<UpstreamName, number>;
}

/** Who runs work that no API key started (the reconciler). */
export const SYSTEM_PRINCIPAL: Principal = { id: 'system', scopes: new Set() };

/** Per-request context: fresh datasources (and so fresh DataLoaders) for every operation. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  icount: IcountAPI;
  freshbooks: FreshbooksAPI;
  ledger: Ledger;
  inflight: InflightWrites;
  settings: Settings;
  demo: boolean;
  /** The API key the request came with (its id scopes idempotency keys). */
  principal: Principal;
  /**
   * Aborts when the request's deadline passes: every upstream call of the request gets it, and one
   * still running (or not yet started) then fails with UPSTREAM_TIMEOUT.
   */
  signal: AbortSignal;
  /** Current time, for expiry checks at the edge and ledger leases. */
  now: () => number;
  /** When this request's reads go around the read cache (a mutation turns `forWrite` on: src/cache/fresh-reads.ts). */
  reads: ReadPolicy;
  /** Told when a money mutation is answered from a final ledger row (an idempotent replay). */
  onReplay?: (operation: string) => void;
}

/**
 * `reads`: a GraphQL request over HTTP passes `{ noCache, forWrite: false }`; anything else (the
 * reconciler, checkout callbacks) decides money writes on what it reads, so it reads clients, cards
 * and invoices fresh by default.
 */
export function createContext(
  runtime: Runtime, logger: Logger, requestId: string = randomUUID(), principal: Principal = SYSTEM_PRINCIPAL,
  reads: ReadPolicy = { noCache: false, forWrite: true },
): GatewayContext {
  const signal = AbortSignal.timeout(runtime.requestDeadlineMs);
  // Every upstream call of the request listens to the signal (got adds one listener per call): a
  // nested list makes dozens of calls, and past 10 listeners Node prints a MaxListenersExceeded
  // warning (with a stack trace) for every such request. Not a leak: each call removes its own.
  setMaxListeners(0, signal);
  const cached = new CachedReads(runtime.readCache, reads);
  return {
    requestId,
    logger: logger.child({ requestId }),
    icount: new IcountAPI(runtime.icount, runtime.currencies, { signal, reads: cached }),
    freshbooks: new FreshbooksAPI(runtime.freshbooks, { baseCurrency: runtime.freshbooksBaseCurrency, signal, reads: cached, ...(runtime.freshbooksTimeZone ? { timeZone: runtime.freshbooksTimeZone } : {}) }),
    ledger: runtime.ledger,
    inflight: runtime.inflight,
    settings: runtime.settings,
    demo: runtime.demo,
    principal,
    signal,
    now: Date.now,
    reads,
    ...(runtime.onReplay ? { onReplay: runtime.onReplay } : {}),
  };
}
