import { effectiveConfig, loadConfig, type GatewayConfig } from './config.js';
import { createRateLimit } from './rate-limit.js';
import { createTelemetry } from './telemetry.js';
import type { FreshbooksEmulator } from './emulators/freshbooks/index.js';
import type { IcountEmulator, RunningEmulator } from './emulators/icount/index.js';
import { startGateway, type RunningGateway } from './http.js';
import { introspectionEnabled, queryLimits } from './limits.js';
import { createLogger, type Logger } from './logger.js';
import { authenticatorFor, DEMO_API_KEY } from './auth.js';
import { createMetrics } from './metrics.js';
import { persistedOperationsFromEnv } from './persisted-operations.js';
import { describeLocation, openLedger } from './ledger/index.js';
import { configuredFreshbooks, configuredIcount, createRuntime, type UpstreamEndpoints } from './runtime.js';

export interface RunningPaygraph {
  gateway: RunningGateway;
  /** The in-process emulators standing in for unconfigured upstreams (demo mode: both), and their base URLs. */
  emulators: { icount?: { emulator: IcountEmulator; url: string }; freshbooks?: { emulator: FreshbooksEmulator; url: string } };
  /**
   * Graceful shutdown: stop accepting, let in-flight requests finish (SHUTDOWN_GRACE_MS), wait for
   * every money write's outcome to be in the ledger, stop the reconciler, then close the ledger and
   * the emulators. Idempotent.
   */
  stop(): Promise<void>;
}

/**
 * Starts paygraph. An upstream without credentials is replaced by its emulator, in-process and
 * seeded with demo data ("demo mode"), so `npm start` works with nothing configured.
 */
export async function start(config: GatewayConfig = loadConfig(), logger: Logger = createLogger(config.env.LOG_LEVEL)): Promise<RunningPaygraph> {
  // Once, before anything starts: what this process runs with (secrets redacted).
  logger.info({ config: effectiveConfig(config) }, 'Effective configuration');
  // Read before anything starts: a bad manifest is a configuration error.
  const persistedOperations = persistedOperationsFromEnv(config.env);
  logger.info(
    { operations: persistedOperations.manifest.size },
    persistedOperations.only ? 'PERSISTED_OPERATIONS_ONLY: only the operations of the manifest run' : 'Persisted operations: manifest hashes and automatic persisted queries accepted',
  );
  const stops: (() => Promise<void>)[] = [];
  const emulators: RunningPaygraph['emulators'] = {};
  /** Runs every step, in order, even when one fails; rethrows the first failure. */
  const runStops = async () => {
    let failure: unknown;
    for (const stop of stops) await stop().catch((err: unknown) => void (failure ??= err));
    if (failure) throw failure;
  };
  /** Starts an emulator on a free loopback port, stopped with the rest; answers its base URL. */
  const startInProcess = async <E extends { start(options: { port?: number; host?: string }): Promise<RunningEmulator> }>(emulator: E): Promise<string> => {
    const running = await emulator.start({ port: 0, host: '127.0.0.1' });
    stops.push(running.close);
    return running.url;
  };
  let icount = configuredIcount(config);
  // The emulators are loaded only when they stand in for an upstream: real accounts never carry them.
  if (!icount) {
    const { IcountEmulator, ICOUNT_PATH, ICOUNT_DEMO_CREDENTIALS } = await import('./emulators/icount/index.js');
    const emulator = new IcountEmulator({ seed: 'demo' });
    const url = await startInProcess(emulator);
    emulators.icount = { emulator, url };
    icount = { url: `${url}${ICOUNT_PATH}`, auth: { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS } };
    logger.info({ url }, 'iCount: no ICOUNT_* credentials set, using the in-process emulator with demo data');
  }
  let freshbooks = configuredFreshbooks(config);
  if (!freshbooks) {
    const { FreshbooksEmulator, FRESHBOOKS_PATH, FRESHBOOKS_DEMO_TOKEN } = await import('./emulators/freshbooks/index.js');
    const emulator = new FreshbooksEmulator({ seed: 'demo' });
    const url = await startInProcess(emulator);
    emulators.freshbooks = { emulator, url };
    freshbooks = { url: `${url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN };
    logger.info({ url }, 'FreshBooks: no FRESHBOOKS_* settings, using the in-process emulator with demo data');
  }
  const endpoints: UpstreamEndpoints = { icount, freshbooks };
  const metrics = createMetrics();
  const ledger = await openLedger(config.ledger, { onError: (err) => logger.warn({ err: err.message }, 'ledger: database connection error') }).catch(async (err: unknown) => {
    await runStops();
    throw err;
  });
  stops.push(() => ledger.close());
  logger.info({ ledger: describeLocation(config.ledger) }, 'Payments ledger open');
  if (config.env.REDIS_URL) logger.warn('REDIS_URL is set but unused: the ledger (DATABASE_URL) holds all shared state');
  const runtime = createRuntime(config, endpoints, ledger, { metrics, logger });
  const token = runtime.icount.tokenState();
  if (token) {
    // iCount API tokens expire (token/create: one day by default); say when, and whether it is renewed.
    const line = { icountTokenExpiresAt: token.expiresAt, refreshable: token.refreshable };
    if (token.refreshable) logger.info(line, 'iCount API token: renewed with token/refresh before it expires');
    else logger.warn(line, token.expiresAt ? 'iCount API token expires then and cannot be renewed (no ICOUNT_REFRESH_TOKEN): calls fail with UPSTREAM_AUTH after it' : 'iCount API token expiry unknown (ICOUNT_TOKEN_EXPIRES_AT unset) and no ICOUNT_REFRESH_TOKEN: a token made with token/create lasts one day unless expires_in=0');
  }
  metrics.observeLedger(ledger);
  const explorer = config.demo || config.env.NODE_ENV !== 'production';
  const telemetry = createTelemetry({
    ...(config.env.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.env.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    serviceName: config.env.OTEL_SERVICE_NAME,
  });
  const rateLimit = await createRateLimit({
    points: config.env.RATE_LIMIT_PER_KEY,
    windowSeconds: config.env.RATE_LIMIT_WINDOW_SECONDS,
    ...(config.env.DATABASE_URL ? { databaseUrl: config.env.DATABASE_URL } : {}),
    logger,
  }).catch(async (err: unknown) => {
    await runStops();
    throw err;
  });
  const gateway = await startGateway({
    runtime,
    authenticator: authenticatorFor(config),
    logger,
    metrics,
    explorer,
    introspection: introspectionEnabled(config.env.INTROSPECTION, explorer),
    limits: queryLimits(config.env),
    port: config.env.PORT,
    ...(config.env.HOST ? { host: config.env.HOST } : {}),
    bodyLimit: config.env.BODY_LIMIT,
    reconcile: { intervalMs: config.env.RECONCILE_INTERVAL_MS, retentionMs: config.env.LEDGER_RETENTION_DAYS * 86_400_000 },
    persistedOperations,
    demo: config.demo,
    shutdownGraceMs: config.env.SHUTDOWN_GRACE_MS,
    corsOrigins: config.env.CORS_ORIGINS,
    ...(config.env.METRICS_PORT !== undefined ? { metricsPort: config.env.METRICS_PORT } : {}),
    telemetry,
    rateLimit,
    maxUpstreamCallsPerRequest: config.env.MAX_UPSTREAM_CALLS_PER_REQUEST,
    paymentEvents: { webhookUrls: config.env.WEBHOOK_URLS, ...(config.env.WEBHOOK_SECRET ? { webhookSecret: config.env.WEBHOOK_SECRET } : {}) },
  }).catch(async (err: unknown) => {
    await rateLimit?.close();
    await runStops();
    throw err;
  });
  if (gateway.metricsUrl) logger.info({ url: gateway.metricsUrl }, 'Metrics served on their own port (METRICS_PORT), not on the public one');
  // First the gateway (drain), then what its requests use: the emulators and the ledger.
  stops.unshift(gateway.stop);

  if (config.demo) {
    logger.info(
      `paygraph is running in DEMO MODE at ${gateway.url} — open http://localhost:${gateway.port}/ for Apollo Sandbox ` +
        `(loads from Apollo's CDN) or http://localhost:${gateway.port}/explorer for GraphiQL (works offline). ` +
        'Upstreams are emulated; no money moves. To use real accounts set ICOUNT_CID, ICOUNT_USER and ICOUNT_PASS ' +
        '(or ICOUNT_TOKEN) and FRESHBOOKS_URL and FRESHBOOKS_TOKEN; see the README.',
    );
    logger.info(
      `Demo API key (every scope): ${DEMO_API_KEY} — both explorers open with an example charge and ` +
        `Authorization: Bearer ${DEMO_API_KEY} already in their headers`,
    );
  } else {
    logger.info({ url: gateway.url }, 'paygraph is running');
  }
  let stopping: Promise<void> | undefined;
  return {
    gateway,
    emulators,
    stop: () => {
      stopping ??= (async () => {
        logger.info({ graceMs: config.env.SHUTDOWN_GRACE_MS }, 'Shutting down: no new connections, finishing in-flight requests');
        await runStops();
        logger.info('Shut down');
      })();
      return stopping;
    },
  };
}
