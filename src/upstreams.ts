import type { GatewayConfig } from './config.js';
import type { Upstreams } from './context.js';
import { CurrencyCatalog } from './datasources/icount/currencies.js';
import { IcountTransport, type IcountAuth } from './datasources/icount/transport.js';

export interface UpstreamEndpoints {
  /** iCount base URL (up to `/api/v3.php`) and how to authenticate. */
  icount: { url: string; auth: IcountAuth };
}

/** Builds the long-lived upstream clients from configuration and resolved endpoints. */
export function createUpstreams(config: GatewayConfig, endpoints: UpstreamEndpoints): Upstreams {
  const { env } = config;
  return {
    icount: new IcountTransport({
      url: endpoints.icount.url,
      auth: endpoints.icount.auth,
      timeoutMs: env.ICOUNT_TIMEOUT_MS,
      readRetries: env.ICOUNT_READ_RETRIES,
      authFailureReasons: env.ICOUNT_AUTH_FAILURE_REASONS,
    }),
    currencies: new CurrencyCatalog(env.CURRENCY_CACHE_TTL_SECONDS),
  };
}

/** Real-account endpoints from configuration. */
export function configuredIcount(config: GatewayConfig): UpstreamEndpoints['icount'] | null {
  const c = config.icount;
  if (c.emulated) return null;
  return {
    url: c.url,
    auth: c.mode === 'token' ? { mode: 'token', token: c.token, ...(c.cid ? { cid: c.cid } : {}) } : { mode: c.mode, cid: c.cid, user: c.user, pass: c.pass },
  };
}
