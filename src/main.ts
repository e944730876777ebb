import { loadConfig, type GatewayConfig } from './config.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FreshbooksEmulator } from './emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH, IcountEmulator } from './emulators/icount/index.js';
import { startGateway, type RunningGateway } from './http.js';
import { introspectionEnabled, queryLimits } from './limits.js';
import { createLogger, type Logger } from './logger.js';
import { authenticatorFor, DEMO_API_KEY } from './auth.js';
import { createMetrics } from './metrics.js';
import { createStore } from './stores/index.js';
import { configuredFreshbooks, configuredIcount, createUpstreams, type UpstreamEndpoints } from './upstreams.js';

export interface RunningPaygraph {
  gateway: RunningGateway;
  stop(): Promise<void>;
}

/**
 * Starts paygraph. An upstream without credentials is replaced by its emulator, in-process and
 * seeded with demo data ("demo mode"), so `npm start` works with nothing configured.
 */
export async function start(config: GatewayConfig = loadConfig(), logger: Logger = createLogger(config.env.LOG_LEVEL)): Promise<RunningPaygraph> {
  const stops: (() => Promise<void>)[] = [];
  let icount = configuredIcount(config);
  if (!icount) {
    const emulator = new IcountEmulator({ seed: 'demo' });
    const running = await emulator.start({ port: 0, host: '127.0.0.1' });
    stops.push(running.close);
    icount = { url: `${running.url}${ICOUNT_PATH}`, auth: { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS } };
    logger.info({ url: running.url }, 'iCount: no ICOUNT_* credentials set, using the in-process emulator with demo data');
  }
  let freshbooks = configuredFreshbooks(config);
  if (!freshbooks) {
    const emulator = new FreshbooksEmulator({ seed: 'demo' });
    const running = await emulator.start({ port: 0, host: '127.0.0.1' });
    stops.push(running.close);
    freshbooks = { url: `${running.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN };
    logger.info({ url: running.url }, 'FreshBooks: no FRESHBOOKS_* settings, using the in-process emulator with demo data');
  }
  const endpoints: UpstreamEndpoints = { icount, freshbooks };
  const metrics = createMetrics();
  const store = createStore(config.env.REDIS_URL, { onError: (err) => logger.warn({ err: err.message }, 'Redis connection error') });
  stops.push(() => store.close());
  logger.info(config.env.REDIS_URL ? 'Shared state (idempotency, payInvoice journal) in Redis' : 'Shared state in memory (set REDIS_URL to share it between replicas and keep it across restarts)');
  const explorer = config.demo || config.env.NODE_ENV !== 'production';
  const gateway = await startGateway({
    upstreams: createUpstreams(config, endpoints, { metrics, store }),
    authenticator: authenticatorFor(config),
    logger,
    metrics,
    explorer,
    introspection: introspectionEnabled(config.env.INTROSPECTION, explorer),
    limits: queryLimits(config.env),
    port: config.env.PORT,
    ...(config.env.HOST ? { host: config.env.HOST } : {}),
    bodyLimit: config.env.BODY_LIMIT,
    recoveryIntervalMs: config.env.PAYINVOICE_RECOVERY_INTERVAL_MS,
  });
  stops.unshift(gateway.stop);

  if (config.demo) {
    logger.info(
      `paygraph is running in DEMO MODE at ${gateway.url} — open http://localhost:${gateway.port}/ for Apollo Sandbox. ` +
        'Upstreams are emulated; no money moves. To use real accounts set ICOUNT_CID, ICOUNT_USER and ICOUNT_PASS ' +
        '(or ICOUNT_TOKEN) and FRESHBOOKS_URL and FRESHBOOKS_TOKEN; see the README.',
    );
    logger.info(
      `Demo API key (every scope): ${DEMO_API_KEY} — in Sandbox open "Headers" and add Authorization: Bearer ${DEMO_API_KEY}`,
    );
  } else {
    logger.info({ url: gateway.url }, 'paygraph is running');
  }
  return {
    gateway,
    stop: async () => {
      for (const stop of stops) await stop();
    },
  };
}
