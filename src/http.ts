import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unauthenticated, type ApiKeyAuthenticator } from './auth.js';
import { authorizationPlugin } from './authorization.js';
import { createContext, type Runtime } from './context.js';
import { requestLogPlugin } from './request-log.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits.js';
import type { Logger } from './logger.js';
import { httpMetrics, metricsPlugin, type Metrics } from './metrics.js';
import type { PersistedOperations } from './persisted-operations.js';
import { createApolloServer } from './server.js';
import { demoChargeExample } from './explorer/example.js';
import { explorerRouter } from './explorer/index.js';
import { Readiness, readinessHandler, type ReadinessOptions } from './readiness.js';
import { Reconciler } from './services/reconciler.js';

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
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  reconciler: Reconciler;
  readiness: Readiness;
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
  const { metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(metrics), requestIds);
  const httpServer = http.createServer(app);
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  // One example per start (its idempotency key too), the same in Sandbox and in /explorer.
  const example = options.demo && options.explorer ? demoChargeExample() : undefined;
  const server = createApolloServer({
    logger: options.logger,
    explorer: options.explorer,
    ...(example ? { landingPage: example } : {}),
    ...(options.introspection !== undefined ? { introspection: options.introspection } : {}),
    limits,
    ...(options.persistedOperations ? { persistedOperations: options.persistedOperations } : {}),
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: options.shutdownGraceMs ?? 10_000 }), metricsPlugin(metrics), authorizationPlugin(), requestLogPlugin()],
  });
  await server.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const readiness = new Readiness(options.runtime, options.readiness);
  app.get('/readyz', readinessHandler(readiness));
  // GraphiQL from our own assets, for when Sandbox (Apollo's CDN) cannot load; with Sandbox only.
  if (options.explorer) app.use(explorerRouter(example ? { example } : {}));
  const graphql = expressMiddleware(server, {
    context: async ({ req, res }) => {
      const principal = options.authenticator.authenticate(req.headers.authorization);
      if (!principal) throw unauthenticated();
      return createContext(options.runtime, options.logger, res.locals.requestId as string, principal);
    },
  });
  const serve: RequestHandler = (req, res, next) => {
    // Only the two documented paths; everything else is a 404.
    if (req.path !== '/') return next();
    return graphql(req, res, next);
  };
  app.use(['/graphql', '/'], express.json({ limit: options.bodyLimit ?? '1mb' }), bodyErrors, batchLimit(limits.maxBatch), serve);

  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const host = options.host && options.host !== '0.0.0.0' && options.host !== '::' ? options.host : 'localhost';
  const reconciler = new Reconciler(options.runtime, options.logger, options.reconcile ?? { intervalMs: 0, retentionMs: 30 * 86_400_000 });
  reconciler.start();
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    reconciler,
    readiness,
    stop: () => {
      stopping ??= (async () => {
        readiness.markStopping();
        // server.stop() runs the drain plugin: close the listener, wait for in-flight requests.
        await Promise.all([reconciler.stop(), server.stop()]);
        // A cut connection does not stop its mutation: every money write records its outcome first.
        await options.runtime.inflight.drain();
      })();
      return stopping;
    },
  };
}

/** Every request gets an id (the caller's `x-request-id` when it is sane), echoed in a header, logs and errors. */
const requestIds: RequestHandler = (req, res, next) => {
  const header = req.headers['x-request-id'];
  const requestId = typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
  res.locals.requestId = requestId;
  res.setHeader('x-request-id', requestId);
  next();
};

/** An HTTP-level refusal in the shape of a GraphQL response, so clients need only one error parser. */
function sendError(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
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
    const body: unknown = req.body;
    if (!Array.isArray(body)) return next();
    if (max <= 1) return sendError(res, 400, 'BAD_REQUEST', 'Batched operations are not accepted (MAX_BATCH=1): send one operation per request.');
    if (body.length > max) return sendError(res, 400, 'BAD_REQUEST', `A batch of ${body.length} operations exceeds the limit of ${max} (MAX_BATCH).`);
    return next();
  };
}
