import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { unauthenticated, type ApiKeyAuthenticator } from './auth.js';
import { authorizationPlugin } from './authorization.js';
import { createContext, type Upstreams } from './context.js';
import { requestLogPlugin } from './request-log.js';
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from './limits.js';
import type { Logger } from './logger.js';
import { httpMetrics, metricsPlugin, type Metrics } from './metrics.js';
import { createApolloServer } from './server.js';
import { PayInvoiceRecovery } from './services/pay-invoice-recovery.js';

export interface GatewayOptions {
  upstreams: Upstreams;
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
  /** Background completion of pending payInvoice payments; 0 to run it only by hand (tests). */
  recoveryIntervalMs?: number;
}

export interface RunningGateway {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  port: number;
  recovery: PayInvoiceRecovery;
  stop(): Promise<void>;
}

/** The gateway over HTTP: `POST /graphql` (and `/`), Sandbox for browsers, `GET /healthz`, `GET /metrics`. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { metrics } = options;
  const app = express();
  app.disable('x-powered-by');
  app.use(httpMetrics(metrics), requestIds);
  const httpServer = http.createServer(app);
  const limits = options.limits ?? DEFAULT_QUERY_LIMITS;
  const server = createApolloServer({
    logger: options.logger,
    explorer: options.explorer,
    ...(options.introspection !== undefined ? { introspection: options.introspection } : {}),
    limits,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), metricsPlugin(metrics), authorizationPlugin(), requestLogPlugin()],
  });
  await server.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const graphql = expressMiddleware(server, {
    context: async ({ req, res }) => {
      const principal = options.authenticator.authenticate(req.headers.authorization);
      if (!principal) throw unauthenticated();
      return createContext(options.upstreams, options.logger, res.locals.requestId as string, principal);
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
  const recovery = new PayInvoiceRecovery(options.upstreams, options.logger, options.recoveryIntervalMs ?? 0);
  recovery.start();
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    port,
    recovery,
    stop: async () => {
      await recovery.stop();
      await server.stop();
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
