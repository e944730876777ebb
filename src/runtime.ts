import { upstreamRateLimits, type GatewayConfig } from './config.js';
import type { Runtime } from './context.js';
import { FreshbooksTransport } from './datasources/freshbooks/transport.js';
import { CurrencyCatalog } from './datasources/icount/currencies.js';
import { LruReadCache, type ReadCacheKind } from './cache/read-cache.js';
import { PgCachePeers } from './cache/pg-drops.js';
import { IcountTransport, type IcountAuth } from './datasources/icount/transport.js';
import { InflightWrites } from './inflight.js';
import type { Ledger } from './ledger/index.js';
import type { Logger } from './logger.js';
import { upstreamObserver, type Metrics } from './metrics.js';
import { checkoutSettings } from './checkout/settings.js';
import { UpstreamRateLimiter } from './datasources/upstream-rate-limit.js';

/** Where the upstreams are and how to authenticate: from configuration, or the in-process emulators. */
export interface UpstreamEndpoints {
  /** iCount base URL (up to `/api/v3.php`) and how to authenticate. */
  icount: { url: string; auth: IcountAuth };
  /** FreshBooks `…/api/2.1/xml-in` URL and API token. */
  freshbooks: { url: string; token: string };
}

/**
 * Builds the long-lived parts of a gateway process around its ledger. With `metrics`, every
 * upstream exchange is counted and timed; `logger` hears of trouble sharing cache drops.
 */
export function createRuntime(config: GatewayConfig, endpoints: UpstreamEndpoints, ledger: Ledger, extras: { metrics?: Metrics; logger?: Logger } = {}): Runtime {
  const { env } = config;
  const { metrics, logger } = extras;
  const authFailureReasons = env.ICOUNT_AUTH_FAILURE_REASONS;
  // One breaker per transport: each upstream trips on its own.
  const circuit = { failureThreshold: env.CIRCUIT_FAILURE_THRESHOLD, halfOpenAfterMs: env.CIRCUIT_HALF_OPEN_AFTER_MS };
  // One client-side rate limit per upstream account, shared by replicas through PostgreSQL.
  const limits = upstreamRateLimits(config);
  const slots = ledger.upstreamSlots();
  const rateLimit = (upstream: 'ICOUNT' | 'FRESHBOOKS', variable: string) =>
    limits[upstream] > 0 ? new UpstreamRateLimiter(upstream, { limit: limits[upstream], windowMs: env.UPSTREAM_RATE_WINDOW_MS, store: slots, variable }) : null;
  const readCache = new LruReadCache(
    {
      maxEntries: env.READ_CACHE_MAX_ENTRIES,
      ttlSeconds: {
        currencies: env.CURRENCY_CACHE_TTL_SECONDS,
        card_types: env.CURRENCY_CACHE_TTL_SECONDS,
        clients: env.READ_CACHE_TTL_CLIENTS_SECONDS,
        cards: env.READ_CACHE_TTL_CARDS_SECONDS,
        invoices: env.READ_CACHE_TTL_INVOICES_SECONDS,
      },
      ...(env.READ_CACHE === 'off' ? { off: new Set<ReadCacheKind>(['clients', 'cards', 'invoices']) } : {}),
    },
    metrics ? (kind, result) => metrics.cacheLookups.inc({ cache: kind, result }) : undefined,
  );
  // Replicas sharing a PostgreSQL ledger drop each other's written keys too (LISTEN/NOTIFY).
  if (config.ledger.kind === 'postgres') {
    const warn = (err: Error) => logger?.warn({ err: err.message }, 'read cache: sharing drops with other replicas through PostgreSQL failed; retrying (their copies expire by TTL meanwhile)');
    readCache.share(new PgCachePeers(config.ledger.url, (keys) => readCache.dropLocally(keys), warn));
  }
  const runtime: Runtime = {
    icount: new IcountTransport({
      url: endpoints.icount.url,
      auth: endpoints.icount.auth,
      timeoutMs: env.ICOUNT_TIMEOUT_MS,
      readRetries: env.ICOUNT_READ_RETRIES,
      retryAfterMaxMs: env.RETRY_AFTER_MAX_MS,
      circuit,
      authFailureReasons,
      rateLimit: rateLimit('ICOUNT', 'ICOUNT_RATE_LIMIT'),
      ...(metrics ? { onCall: upstreamObserver(metrics, 'icount', { authFailureReasons }) } : {}),
    }),
    readCache,
    currencies: new CurrencyCatalog(readCache),
    freshbooks: new FreshbooksTransport({
      url: endpoints.freshbooks.url,
      token: endpoints.freshbooks.token,
      timeoutMs: env.FRESHBOOKS_TIMEOUT_MS,
      readRetries: env.FRESHBOOKS_READ_RETRIES,
      retryAfterMaxMs: env.RETRY_AFTER_MAX_MS,
      circuit,
      rateLimit: rateLimit('FRESHBOOKS', 'FRESHBOOKS_RATE_LIMIT'),
      ...(metrics ? { onCall: upstreamObserver(metrics, 'freshbooks') } : {}),
    }),
    freshbooksBaseCurrency: env.FRESHBOOKS_BASE_CURRENCY,
    freshbooksTimeZone: env.FRESHBOOKS_TIMEZONE,
    ledger,
    inflight: new InflightWrites(),
    requestDeadlineMs: env.REQUEST_DEADLINE_MS,
    demo: config.demo,
    settings: {
      checkout: checkoutSettings(config),
      ledger: {
        waitMs: env.IDEMPOTENCY_WAIT_MS,
        // A request never outlives its deadline: past it (and a margin), its claim can be taken over.
        claimLeaseMs: env.REQUEST_DEADLINE_MS + 5_000,
        settleMs: { ICOUNT: env.ICOUNT_TIMEOUT_MS + env.LEDGER_SETTLE_MS, FRESHBOOKS: env.FRESHBOOKS_TIMEOUT_MS + env.LEDGER_SETTLE_MS },
      },
    },
    ...(metrics ? { onReplay: (operation: string) => metrics.idempotentReplays.inc({ operation }) } : {}),
  };
  if (metrics) metrics.observeCircuits({ icount: () => runtime.icount.circuitState(), freshbooks: () => runtime.freshbooks.circuitState() });
  return runtime;
}

/** Real-account iCount endpoint from configuration, or null to emulate it. */
export function configuredIcount(config: GatewayConfig): UpstreamEndpoints['icount'] | null {
  const c = config.icount;
  if (c.emulated) return null;
  return {
    url: c.url,
    auth: c.mode === 'token'
      ? { mode: 'token', token: c.token, ...(c.cid ? { cid: c.cid } : {}), ...(c.refreshToken ? { refreshToken: c.refreshToken } : {}), ...(c.expiresAt !== undefined ? { expiresAt: c.expiresAt } : {}) }
      : { mode: c.mode, cid: c.cid, user: c.user, pass: c.pass },
  };
}

/** Real-account FreshBooks endpoint from configuration, or null to emulate it. */
export function configuredFreshbooks(config: GatewayConfig): UpstreamEndpoints['freshbooks'] | null {
  const c = config.freshbooks;
  return c.emulated ? null : { url: c.url, token: c.token };
}
