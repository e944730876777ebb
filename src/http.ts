import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unauthenticated, type ApiKeyAuthenticator } from './auth.js';
import { authorizationPlugin } from './authorization.js';
import { createContext, type Runtime } from './context.js';
import { requestLogPlugin } from './request-log.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits.js';
import type { Logger } from './logger.js';
import { httpMetrics, metricsPlugin, observeHttpRequest, operationNames, type Metrics } from './metrics.js';
import type { PersistedOperations } from './persisted-operations.js';
import { createApolloServer } from './server.js';
import { demoChargeExample } from './explorer/example.js';
import { explorerRouter } from './explorer/index.js';
import { Readiness, readinessHandler, type ReadinessOptions } from './readiness.js';
import { Reconciler } from './services/reconciler.js';
import { checkoutCallbacks } from './checkout/callbacks.js';
import { PaymentEventDispatcher, type PaymentEventsOptions } from './events/dispatcher.js';
import { mountSubscriptions } from './events/websocket.js';
import type { GraphQLSchema } from 'graphql';
import { StartupError } from './config.js';
import { allowedOrigins, cors, corsHeaders } from './cors.js';
import { bodyLimitBytes, graphqlFastPath, sendJsonError } from './graphql-http.js';
import type { RateLimit } from './rate-limit.js';
import { newScope, runInScope, type RequestScope } from './request-scope.js';
import { createTelemetry, extractTraceContext, incomingTraceId, tracingPlugin, type Telemetry } from './telemetry.js';
import { freshReadsForMutations, noCacheRequested } from './cache/fresh-reads.js';

export interface GatewayOptions {
  runtime: Runtime;
  /** Who may call: API keys and their scopes. */
  authenticator: ApiKeyAuthenticator;
  logger: Logger;
  /** Served on `GET /metrics`; the same object the upstream transports report to. */
  metrics: Metrics;
  explorer: boolean;
  /** Introspection; defaults to `explorer` (see `introspectionEnabled`). */
  introspection?: boolean;
  /** Query limits and the batch size; the environment defaults when omitted. */
  limits?: QueryLimits;
  port: number;
  host?: string;
  bodyLimit?: string;
  /** The ledger's background reconciler: interval (0: run it only by hand, as tests do) and retention of settled rows. */
  reconcile?: { intervalMs: number; retentionMs: number };
  /** The persisted operations manifest and PERSISTED_OPERATIONS_ONLY (see `createApolloServer`). */
  persistedOperations?: PersistedOperations;
  /**
   * Demo mode (both upstreams emulated): Sandbox and `/explorer` open with an example charge and
   * the demo API key. Never for real upstreams.
   */
  demo?: boolean;
  /** How long `stop()` lets in-flight requests finish before cutting their connections (SHUTDOWN_GRACE_MS). */
  shutdownGraceMs?: number;
  /** `GET /readyz` tuning (cache, per-check timeout); see readiness.ts. */
  readiness?: ReadinessOptions;
  /** Origins whose pages may call the gateway (CORS_ORIGINS); none by default. */
  corsOrigins?: readonly string[];
  /** Serve `/metrics` on this port instead of the public one (METRICS_PORT; 0: any free port). */
  metricsPort?: number;
  /** Tracing (src/telemetry.ts); a no-op tracer when omitted. Shut down by `stop()`. */
  telemetry?: Telemetry;
  /** Per-API-key rate limit (src/rate-limit.ts); none when omitted. Closed by `stop()`. */
  rateLimit?: RateLimit | null;
  /** Upstream calls one HTTP request may make (MAX_UPSTREAM_CALLS_PER_REQUEST); 0 or omitted: no limit. */
  maxUpstreamCallsPerRequest?: number;
  /** Payment events: the outbox dispatcher's timing and the webhooks (WEBHOOK_URLS, WEBHOOK_SECRET); docs/checkout.md. */
  paymentEvents?: PaymentEventsOptions;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  reconciler: Reconciler;
  readiness: Readiness;
  /** Reads the payment events outbox: subscriptions (WebSocket at /graphql) and webhooks. */
  paymentEvents: PaymentEventDispatcher;
  /** The `/metrics` URL when it has its own port (METRICS_PORT). */
  metricsUrl?: string;
  /**
   * Graceful stop: stops accepting connections, lets in-flight requests finish (up to
   * `shutdownGraceMs`, then cuts them), waits for every money-moving mutation to record its
   * outcome, and stops the reconciler. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * The gateway over HTTP: `POST /graphql` (and `/`), Sandbox for browsers, GraphiQL at `/explorer`
 * (with Sandbox), `GET /healthz`, `GET /readyz`, `GET /metrics`.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { metrics, logger } = options;
  const telemetry = options.telemetry ?? createTelemetry();
  const app = express();
  app.disable('x-powered-by');
  // No ETags: GraphQL answers are POSTs that no cache revalidates, and hashing every body cost about
  // 6 % of the gateway's CPU (docs/performance.md, "What was changed").
  app.set('etag', false);
  const openScope = requestScopes(logger, telemetry, options.maxUpstreamCallsPerRequest ?? 0);
  const origins = allowedOrigins(options.corsOrigins ?? []);
  app.use(
    httpMetrics(metrics),
    (req, res, next) => runInScope(openScope(req, res, req.path), next),
    cors(options.corsOrigins ?? []),
  );
  // POST /graphql answered without express when it can be (src/graphql-http.ts); set once Apollo has started.
  let fastPath: ((req: http.IncomingMessage, res: http.ServerResponse) => boolean) | undefined;
  const httpServer = http.createServer((req, res) => {
    if (!fastPath?.(req, res)) app(req, res);
  });
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  // One example per start (its idempotency key too), the same in Sandbox and in /explorer.
  const example = options.demo && options.explorer ? demoChargeExample() : undefined;
  let apolloSchema: GraphQLSchema | undefined;
  const server = createApolloServer({
    logger: options.logger,
    explorer: options.explorer,
    ...(example ? { landingPage: example } : {}),
    ...(options.introspection !== undefined ? { introspection: options.introspection } : {}),
    limits,
    ...(options.persistedOperations ? { persistedOperations: options.persistedOperations } : {}),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }),
      // Operation spans only when spans are recorded; a caller's traceparent reaches the upstreams either way.
      { serverWillStart: async ({ schema }) => void (apolloSchema = schema) },
      ...(telemetry.enabled ? [tracingPlugin()] : []), freshReadsForMutations(), metricsPlugin(metrics, operationNames(options.persistedOperations?.manifest.values() ?? [])), authorizationPlugin(), requestLogPlugin(),
    ],
  });
  await server.start();
  // Subscriptions over WebSocket at /graphql, fed from the ledger's outbox (src/events/).
  const paymentEvents = new PaymentEventDispatcher(options.runtime.ledger, logger, options.paymentEvents);
  const subscriptions = mountSubscriptions(httpServer, { schema: () => apolloSchema!, authenticator: options.authenticator, runtime: options.runtime, logger, dispatcher: paymentEvents });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  const serveMetrics: RequestHandler = async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  };
  // With METRICS_PORT, /metrics is only there (the public port answers 404).
  const metricsServer = options.metricsPort !== undefined ? http.createServer(express().disable('x-powered-by').get('/metrics', serveMetrics)) : null;
  if (!metricsServer) app.get('/metrics', serveMetrics);
  const readiness = new Readiness(options.runtime, options.readiness);
  app.get('/readyz', readinessHandler(readiness));
  app.use(checkoutCallbacks(options.runtime, logger, httpServer));
  // GraphiQL from our own assets, for when Sandbox (Apollo's CDN) cannot load; with Sandbox only.
  if (options.explorer) app.use(explorerRouter(example ? { example } : {}));
  /** Who is calling (401 otherwise) and within their rate limit (429 otherwise): the request's context. */
  const context = async (headers: http.IncomingHttpHeaders, body: unknown, requestId: string) => {
    const principal = options.authenticator.authenticate(headers.authorization);
    if (!principal) throw unauthenticated();
    if (options.rateLimit) {
      // One point per operation: a batch of ten costs ten.
      const points = Array.isArray(body) ? Math.max(1, body.length) : 1;
      const limited = await options.rateLimit.consume(principal.id, points);
      if (!limited.ok) throw rateLimited(limited.retryAfterSeconds);
    }
    return createContext(options.runtime, options.logger, requestId, principal, { noCache: noCacheRequested(headers['cache-control']), forWrite: false });
  };
  const graphql = expressMiddleware(server, {
    context: ({ req, res }) => context(req.headers, req.body, res.locals.requestId as string),
  });
  const serve: RequestHandler = (req, res, next) => {
    // Only the two documented paths; everything else is a 404.
    if (req.path !== '/') return next();
    return graphql(req, res, next);
  };
  fastPath = graphqlFastPath({
    server,
    bodyLimitBytes: bodyLimitBytes(options.bodyLimit ?? '1mb'),
    begin: (req, res, path) => {
      observeHttpRequest(metrics, req.method ?? 'GET', path, res);
      const scope = openScope(req, res, path);
      corsHeaders(origins, req, res);
      return scope;
    },
    refuseBatch: (body) => batchRefusal(limits.maxBatch, body),
    context: (req, body, requestId) => context(req.headers, body, requestId),
  });
  app.use(['/graphql', '/'], express.json({ limit: options.bodyLimit ?? '1mb' }), bodyErrors, enterRequestScope, batchLimit(limits.maxBatch), serve);

  await listen(httpServer, options.port, options.host, 'PORT');
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const urlHost = host.includes(':') ? `[${host}]` : host;
  let metricsUrl: string | undefined;
  if (metricsServer) {
    await listen(metricsServer, options.metricsPort!, options.host, 'METRICS_PORT').catch(async (err: unknown) => {
      await new Promise((resolve) => httpServer.close(resolve));
      throw err;
    });
    metricsUrl = `http://${urlHost}:${(metricsServer.address() as AddressInfo).port}/metrics`;
  }
  const reconciler = new Reconciler(options.runtime, options.logger, options.reconcile ?? { intervalMs: 0, retentionMs: 30 * 86_400_000 });
  reconciler.start();
  paymentEvents.start();
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/graphql`,
    port,
    reconciler,
    readiness,
    paymentEvents,
    ...(metricsUrl ? { metricsUrl } : {}),
    stop: () => {
      stopping ??= (async () => {
        readiness.markStopping();
        await subscriptions.close();
        // server.stop() runs the drain plugin: close the listener, wait for in-flight requests.
        await Promise.all([reconciler.stop(), server.stop()]);
        // A cut connection does not stop its mutation: every money write records its outcome first.
        await options.runtime.inflight.drain();
        await paymentEvents.stop();
        await options.runtime.readCache.close();
        if (metricsServer) await new Promise((resolve) => metricsServer.close(resolve));
        await options.rateLimit?.close();
        await telemetry.shutdown().catch((err: unknown) => logger.warn({ err: (err as Error).message }, 'tracing: flushing spans failed'));
      })();
      return stopping;
    },
  };
}

/** Listens, or fails with one line naming the variable when the port is taken. */
function listen(server: http.Server, port: number, host: string | undefined, variable: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      const where = `${host ?? 'all interfaces'} port ${port}`;
      if (err.code === 'EADDRINUSE') reject(new StartupError(`${variable}: ${where} is already in use by another process; stop it or choose another ${variable}`));
      else if (err.code === 'EACCES') reject(new StartupError(`${variable}: not allowed to listen on ${where}; choose a port above 1023`));
      else reject(err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
}

/**
 * Every request gets an id — the caller's `x-request-id` when it is sane, else the trace id of a
 * valid W3C `traceparent`, else a UUID — echoed in the `x-request-id` header and carried by every
 * log line and error of the request (its scope, src/request-scope.ts). A request answered with an
 * HTTP error status gets one log line with the status and the reason.
 */
function requestScopes(logger: Logger, telemetry: Telemetry, budget: number): (req: http.IncomingMessage, res: http.ServerResponse, path: string) => RequestScope {
  return (req, res, path) => {
    const header = req.headers['x-request-id'];
    const parent = extractTraceContext(req.headers);
    const requestId = typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : (incomingTraceId(parent) ?? randomUUID());
    const scope = newScope(requestId, { budget, tracer: telemetry.tracer, trace: parent });
    const locals = (res as Response).locals;
    if (locals) {
      locals.requestId = requestId;
      locals.scope = scope;
    }
    res.setHeader('x-request-id', requestId);
    res.on('finish', () => {
      if (res.statusCode < 400) return;
      const reason = scope.outcome.rejection ?? { code: res.statusCode === 404 ? 'NOT_FOUND' : 'HTTP_ERROR', message: `HTTP ${res.statusCode}` };
      logger.warn({ requestId, status: res.statusCode, method: req.method, path: routeOf(path), code: reason.code, reason: reason.message }, 'request rejected');
    });
    return scope;
  };
}

/** The path as logged: the gateway's own paths, anything else as `other` (a path may hold anything). */
function routeOf(path: string): string {
  return ['/graphql', '/', '/healthz', '/readyz', '/metrics', '/explorer'].includes(path) ? path : 'other';
}

/** Enters the request's scope again after the body is parsed (body-parser's stream events lose it). */
const enterRequestScope: RequestHandler = (_req, res, next) => {
  runInScope(res.locals.scope as RequestScope, next);
};

/** An HTTP-level refusal in the shape of a GraphQL response, so clients need only one error parser. */
function sendError(res: Response, status: number, code: string, message: string): void {
  sendJsonError(res, res.locals.scope as RequestScope | undefined, status, code, message);
}

/** HTTP 429 with Retry-After: the API key used up its operations for the window (RATE_LIMIT_PER_KEY). */
function rateLimited(retryAfterSeconds: number): GraphQLError {
  return new GraphQLError(`Rate limit exceeded for this API key (RATE_LIMIT_PER_KEY per RATE_LIMIT_WINDOW_SECONDS); retry in ${retryAfterSeconds} s.`, {
    extensions: { code: 'RATE_LIMITED', retryAfterSeconds, http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) } },
  });
}

/** express.json's failures (too large, malformed, bad charset) as JSON instead of express's HTML page. */
const bodyErrors: ErrorRequestHandler = (err: unknown, _req, res, next) => {
  const { status, type } = (err ?? {}) as { status?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status >= 500 || typeof type !== 'string') return next(err);
  if (type === 'entity.too.large') return sendError(res, 413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit (BODY_LIMIT).');
  if (type === 'entity.parse.failed') return sendError(res, 400, 'BAD_REQUEST', 'The request body is not valid JSON.');
  return sendError(res, status, 'BAD_REQUEST', 'The request body could not be read.');
};

/** At most `max` operations in one batched request (a JSON array); with `max` 1, no arrays at all. */
function batchLimit(max: number): RequestHandler {
  return (req, res, next) => {
    const refused = batchRefusal(max, req.body);
    if (refused) return sendError(res, refused.status, 'BAD_REQUEST', refused.message);
    return next();
  };
}

function batchRefusal(max: number, body: unknown): { status: number; message: string } | undefined {
  if (!Array.isArray(body)) return undefined;
  if (max <= 1) return { status: 400, message: 'Batched operations are not accepted (MAX_BATCH=1): send one operation per request.' };
  if (body.length > max) return { status: 400, message: `A batch of ${body.length} operations exceeds the limit of ${max} (MAX_BATCH).` };
  return undefined;
}
