import { randomUUID } from 'node:crypto';
import { IcountAPI } from './datasources/icount/api.js';
import type { CurrencyCatalog } from './datasources/icount/currencies.js';
import type { IcountTransport } from './datasources/icount/transport.js';
import type { Logger } from './logger.js';

/** Long-lived parts shared by all requests: upstream transports, caches, the logger. */
export interface Upstreams {
  icount: IcountTransport;
  currencies: CurrencyCatalog;
}

/** Per-request context: fresh datasources (and so fresh DataLoaders) for every operation. */
export interface GatewayContext {
  requestId: string;
  logger: Logger;
  icount: IcountAPI;
  /** Current time, for expiry checks at the edge. */
  now: () => number;
}

export function createContext(upstreams: Upstreams, logger: Logger, requestId: string = randomUUID()): GatewayContext {
  return {
    requestId,
    logger: logger.child({ requestId }),
    icount: new IcountAPI(upstreams.icount, upstreams.currencies),
    now: Date.now,
  };
}
