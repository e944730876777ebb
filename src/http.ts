import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { createContext, type Upstreams } from './context.js';
import type { Logger } from './logger.js';
import { httpMetrics, metricsPlugin, type Metrics } from './metrics.js';
import { createApolloServer } from './server.js';
import { PayInvoiceRecovery } from './services/pay-invoice-recovery.js';

export interface GatewayOptions {
  upstreams: Upstreams;
  logger: Logger;
  /** Served on `GET /metrics`; the same object the upstream transports report to. */
  metrics: Metrics;
  explorer: boolean;
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
  app.use(httpMetrics(metrics));
  const httpServer = http.createServer(app);
  const server = createApolloServer({
    logger: options.logger,
    explorer: options.explorer,
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), metricsPlugin(metrics)],
  });
  await server.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  const graphql = expressMiddleware(server, {
    context: async ({ req }) => {
      const header = req.headers['x-request-id'];
      const requestId = typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : randomUUID();
      return createContext(options.upstreams, options.logger, requestId);
    },
  });
  app.use(['/graphql', '/'], express.json({ limit: options.bodyLimit ?? '1mb' }), (req, res, next) => {
    // Only the two documented paths; everything else is a 404.
    if (req.path !== '/') return next();
    return graphql(req, res, next);
  });

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
