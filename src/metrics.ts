import type { ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { UpstreamCallObserver } from './datasources/transport-contract.js';
import type { Ledger } from './ledger/index.js';

/**
 * Prometheus metrics. Every label takes values from a small fixed set (never a URL, operation
 * name, upstream reason text or anything a client sent), so cardinality stays bounded and no card
 * data or secret can end up in `/metrics`.
 */
export interface Metrics {
  registry: Registry;
  upstreamRequests: Counter<'upstream' | 'method' | 'outcome'>;
  upstreamDuration: Histogram<'upstream' | 'method'>;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  httpDuration: Histogram<'method' | 'route'>;
  graphqlOperations: Counter<'operation_type' | 'outcome'>;
  /** Execution time per operation name: a name of the persisted-operations manifest, or `other`. */
  graphqlDuration: Histogram<'operation_type' | 'operation_name'>;
  /** Money mutations answered from a final ledger row (a client retried an idempotency key). */
  idempotentReplays: Counter<'operation'>;
  /** Look-ups of process caches (`currencies`: iCount's currency list), hit or miss. */
  cacheLookups: Counter<'cache' | 'result'>;
  /** Reports `paygraph_ledger_entries{state}` from this ledger at every scrape. */
  observeLedger(ledger: Ledger): void;
  /** Reports `paygraph_circuit_state{upstream}` (0 closed, 1 half-open, 2 open) at every scrape. */
  observeCircuits(circuits: Record<UpstreamLabel, () => 'closed' | 'half-open' | 'open'>): void;
}

export type UpstreamLabel = 'icount' | 'freshbooks';
export type UpstreamOutcome = 'ok' | 'rejected' | 'timeout' | 'unavailable' | 'auth' | 'bad_response' | 'error';

/** Seconds, 5 ms to 30 s: from a local or cached answer up to the longest sensible upstream timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** A registry per gateway (not prom-client's global one): tests run several gateways in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'paygraph_' });
  const registers = [registry];
  return {
    registry,
    upstreamRequests: new Counter({
      name: 'paygraph_upstream_requests_total',
      help: 'HTTP exchanges with an upstream, by upstream method and normalised outcome.',
      labelNames: ['upstream', 'method', 'outcome'] as const,
      registers,
    }),
    upstreamDuration: new Histogram({
      name: 'paygraph_upstream_request_duration_seconds',
      help: 'Duration of HTTP exchanges with an upstream (retries included), in seconds.',
      labelNames: ['upstream', 'method'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    httpRequests: new Counter({
      name: 'paygraph_http_requests_total',
      help: 'HTTP requests answered by the gateway.',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    httpDuration: new Histogram({
      name: 'paygraph_http_request_duration_seconds',
      help: 'Time to answer an HTTP request to the gateway, in seconds.',
      labelNames: ['method', 'route'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    graphqlOperations: new Counter({
      name: 'paygraph_graphql_operations_total',
      help: 'GraphQL operations executed, by type; outcome is error when the response carries errors.',
      labelNames: ['operation_type', 'outcome'] as const,
      registers,
    }),
    graphqlDuration: new Histogram({
      name: 'paygraph_graphql_operation_duration_seconds',
      help: 'Time from receiving a GraphQL operation to its response, by type and name (names of the persisted-operations manifest; any other is "other").',
      labelNames: ['operation_type', 'operation_name'] as const,
      buckets: DURATION_BUCKETS,
      registers,
    }),
    idempotentReplays: new Counter({
      name: 'paygraph_idempotent_replays_total',
      help: 'Money mutations answered from a final ledger row without calling an upstream (a retried idempotency key).',
      labelNames: ['operation'] as const,
      registers,
    }),
    cacheLookups: new Counter({
      name: 'paygraph_cache_lookups_total',
      help: 'Look-ups of the read cache by kind (currencies, card_types, clients, cards, invoices) and result (hit, miss; bypass: read fresh).',
      labelNames: ['cache', 'result'] as const,
      registers,
    }),
    observeCircuits(circuits) {
      new Gauge({
        name: 'paygraph_circuit_state',
        help: 'Circuit breaker state per upstream: 0 closed, 1 half-open (one trial call), 2 open (failing fast).',
        labelNames: ['upstream'] as const,
        registers,
        collect() {
          for (const [upstream, state] of Object.entries(circuits)) this.set({ upstream }, CIRCUIT_STATES[state()]);
        },
      });
    },
    observeLedger(ledger) {
      new Gauge({
        name: 'paygraph_ledger_entries',
        help: 'Ledger rows by state (UNKNOWN and PENDING rows are settled by the reconciler; see docs/ledger.md).',
        labelNames: ['state'] as const,
        registers,
        async collect() {
          const counts = await ledger.countByState().catch(() => null);
          if (!counts) return;
          for (const [state, n] of Object.entries(counts)) this.set({ state }, n);
        },
      });
    },
  };
}

const CIRCUIT_STATES = { closed: 0, 'half-open': 1, open: 2 } as const;

/** What the transports pass as `outcome` for anything but an upstream's own failure answer. */
const TRANSPORT_OUTCOMES = new Map<string, UpstreamOutcome>([
  ['ok', 'ok'],
  ['upstream_timeout', 'timeout'],
  ['upstream_unavailable', 'unavailable'],
  ['upstream_auth', 'auth'],
  ['upstream_bad_response', 'bad_response'],
  ['upstream_error', 'error'],
  // The transports' initial value, left only if a call ended without classifying itself.
  ['error', 'error'],
]);

/**
 * Maps a transport's raw `outcome` onto the fixed label set. Anything not known is the upstream's
 * own failure answer (iCount `reason`, FreshBooks `<code>` or `fail`) and so `rejected` — except
 * iCount reasons that mean "session expired", which are `auth` (the transport logs in again).
 */
export function normaliseOutcome(raw: string, authFailureReasons: readonly string[] = []): UpstreamOutcome {
  const known = TRANSPORT_OUTCOMES.get(raw);
  if (known) return known;
  return authFailureReasons.includes(raw) ? 'auth' : 'rejected';
}

/** The transports' `onCall` hook. `method` is the transport's typed method name, a closed set. */
export function upstreamObserver(
  metrics: Metrics,
  upstream: UpstreamLabel,
  options: { authFailureReasons?: readonly string[] } = {},
): UpstreamCallObserver {
  return ({ method, outcome, durationMs }) => {
    metrics.upstreamRequests.inc({ upstream, method, outcome: normaliseOutcome(outcome, options.authFailureReasons) });
    metrics.upstreamDuration.observe({ upstream, method }, durationMs / 1000);
  };
}

const ROUTES = new Set(['/graphql', '/', '/healthz', '/metrics']);
const HTTP_METHODS = new Set(['GET', 'POST', 'HEAD', 'OPTIONS']);

/** The route label: one of the gateway's paths (as express matches them) or `other`, never the raw URL. */
export function routeLabel(path: string): string {
  const normalised = path.length > 1 ? path.replace(/\/+$/, '').toLowerCase() : path;
  return ROUTES.has(normalised) ? normalised : 'other';
}

/** Records every answered request. Mounted first, so it sees the path before any router rewrites it. */
export function httpMetrics(metrics: Metrics): RequestHandler {
  return (req, res, next) => {
    observeHttpRequest(metrics, req.method, req.path, res);
    next();
  };
}

/** Counts and times one HTTP request when its answer is sent (`path`: its URL's path, without the query). */
export function observeHttpRequest(metrics: Metrics, httpMethod: string, path: string, res: ServerResponse): void {
  const started = performance.now();
  const route = routeLabel(path);
  const method = HTTP_METHODS.has(httpMethod) ? httpMethod : 'other';
  res.on('finish', () => {
    metrics.httpRequests.inc({ method, route, status: String(res.statusCode) });
    metrics.httpDuration.observe({ method, route }, (performance.now() - started) / 1000);
  });
}

/**
 * Counts operations by type, and times them by type and name. Operation names are client-chosen
 * and unbounded: only the names in `knownNames` (the persisted-operations manifest's) are labels,
 * any other name is `other`.
 */
export function metricsPlugin<T extends object>(metrics: Metrics, knownNames: ReadonlySet<string> = new Set()): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(ctx) {
          const type = ctx.operation?.operation ?? 'unknown';
          metrics.graphqlOperations.inc({ operation_type: type, outcome: ctx.errors?.length ? 'error' : 'ok' });
          const name = ctx.operationName && knownNames.has(ctx.operationName) ? ctx.operationName : 'other';
          metrics.graphqlDuration.observe({ operation_type: type, operation_name: name }, (performance.now() - started) / 1000);
        },
      };
    },
  };
}

/** The operation names of a persisted-operations manifest (its documents), for `metricsPlugin`. */
export function operationNames(documents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const document of documents) {
    for (const m of document.matchAll(/\b(?:query|mutation|subscription)\s+([_A-Za-z][_0-9A-Za-z]*)/g)) names.add(m[1]!);
  }
  return names;
}
