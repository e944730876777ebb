import { randomUUID } from 'node:crypto';
import { FreshbooksAPI } from './datasources/freshbooks/api.js';
import type { FreshbooksTransport } from './datasources/freshbooks/transport.js';
import { IcountAPI } from './datasources/icount/api.js';
import type { CurrencyCatalog } from './datasources/icount/currencies.js';
import type { IcountTransport } from './datasources/icount/transport.js';
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
}

/** Per-request context: fresh datasources (and so fresh DataLoaders) for every operation. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  icount: IcountAPI;
  freshbooks: FreshbooksAPI;
  journal: PayInvoiceJournal;
  /** Current time, for expiry checks at the edge. */
  now: () => number;
}

export function createContext(upstreams: Upstreams, logger: Logger, requestId: string = randomUUID()): GatewayContext {
  return {
    requestId,
    logger: logger.child({ requestId }),
    icount: new IcountAPI(upstreams.icount, upstreams.currencies),
    freshbooks: new FreshbooksAPI(upstreams.freshbooks, { baseCurrency: upstreams.freshbooksBaseCurrency }),
    journal: upstreams.journal,
    now: Date.now,
  };
}
