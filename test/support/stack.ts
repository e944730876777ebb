import { pino } from 'pino';
import { authenticatorFor, DEMO_API_KEY } from '../../src/auth.js';
import { loadConfig, type GatewayConfig } from '../../src/config.js';
import type { Runtime } from '../../src/context.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FreshbooksEmulator, type FreshbooksEmulatorOptions } from '../../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH, IcountEmulator, type IcountEmulatorOptions } from '../../src/emulators/icount/index.js';
import { ManualClock } from '../../src/emulators/shared/clock.js';
import type { RunningEmulator } from '../../src/emulators/shared/server.js';
import type { IcountAuth } from '../../src/datasources/icount/transport.js';
import { startGateway, type GatewayOptions, type RunningGateway } from '../../src/http.js';
import { createRateLimit } from '../../src/rate-limit.js';
import { introspectionEnabled, queryLimits } from '../../src/limits.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { persistedOperationsFromEnv } from '../../src/persisted-operations.js';
import { openLedger, type Ledger, type LedgerLocation } from '../../src/ledger/index.js';
import { createRuntime, type UpstreamEndpoints } from '../../src/runtime.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

/** One gateway process: its upstream clients, ledger, metrics and HTTP endpoint. */
export interface TestGateway {
  gateway: RunningGateway;
  runtime: Runtime;
  metrics: Metrics;
  /** POSTs a GraphQL operation to this gateway over HTTP, with the demo API key unless told otherwise (null: none). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: { apiKey?: string | null }): Promise<GraphQLResponse<T>>;
  stop(): Promise<void>;
}

export interface TestStack extends TestGateway {
  icount: IcountEmulator;
  freshbooks: FreshbooksEmulator;
  /** The emulators' clock: advance it to expire sessions. */
  clock: ManualClock;
  icountUrl: string;
  /** Everything the gateways logged, as parsed JSON lines. */
  logs: Record<string, unknown>[];
  /** Where this stack's ledger lives. */
  ledgerLocation: LedgerLocation;
  /** Another gateway process on the same emulators (a replica, or the same one after a restart). */
  startGateway(): Promise<TestGateway>;
  /** Stops the current gateway and starts a fresh one, as a process restart would. */
  restartGateway(): Promise<void>;
  close(): Promise<void>;
}

export interface StackOptions {
  icount?: IcountEmulatorOptions;
  freshbooks?: FreshbooksEmulatorOptions;
  icountAuth?: (icountUrl: string) => IcountAuth;
  env?: Record<string, string>;
  /**
   * The ledger: PostgreSQL at this URL (each gateway opens its own pool, as replicas would), or by
   * default one in-memory SQLite ledger shared by the stack's gateways (a restart keeps it, as a
   * file would).
   */
  databaseUrl?: string;
  /** More gateway options (tracing, METRICS_PORT); a rate limit only when `env` sets RATE_LIMIT_PER_KEY. */
  gateway?: Pick<GatewayOptions, 'telemetry' | 'metricsPort' | 'paymentEvents'>;
}

/**
 * The real parts over loopback: both emulators on port 0 and the gateway on port 0, wired with
 * the same factories `npm start` uses.
 */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const clock = new ManualClock(Date.now());
  const icount = new IcountEmulator({ clock, ...options.icount });
  const freshbooks = new FreshbooksEmulator({ clock, ...options.freshbooks });
  const running: RunningEmulator[] = [];
  const runningIcount = await icount.start();
  running.push(runningIcount);
  const runningFreshbooks = await freshbooks.start();
  running.push(runningFreshbooks);
  const icountUrl = `${runningIcount.url}${ICOUNT_PATH}`;
  const endpoints: UpstreamEndpoints = {
    icount: { url: icountUrl, auth: options.icountAuth?.(icountUrl) ?? { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS } },
    freshbooks: { url: `${runningFreshbooks.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN },
  };
  const config = loadConfig({
    ICOUNT_READ_RETRIES: '0',
    ICOUNT_TIMEOUT_MS: '2000',
    FRESHBOOKS_READ_RETRIES: '0',
    FRESHBOOKS_TIMEOUT_MS: '2000',
    SHUTDOWN_GRACE_MS: '2000',
    // A write of unknown outcome may land until its timeout has passed; tests add no margin.
    LEDGER_SETTLE_MS: '0',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } as pino.DestinationStream);
  const ledgerLocation: LedgerLocation = options.databaseUrl ? { kind: 'postgres', url: options.databaseUrl } : { kind: 'memory' };
  const shared = ledgerLocation.kind === 'memory' ? await openLedger(ledgerLocation) : null;
  const newLedger = async (): Promise<{ ledger: Ledger; owned: boolean }> => (shared ? { ledger: shared, owned: false } : { ledger: await openLedger(ledgerLocation), owned: true });
  const gateways: TestGateway[] = [];
  const extra = options.gateway ?? {};
  const rateLimited = options.env?.RATE_LIMIT_PER_KEY !== undefined;
  const launch = () =>
    newLedger()
      .then(({ ledger, owned }) => launchGateway(config, endpoints, logger, ledger, owned, extra, rateLimited, options.databaseUrl))
      .then((g) => (gateways.push(g), g));

  let current = await launch();
  const stack: TestStack = {
    icount,
    freshbooks,
    clock,
    icountUrl,
    logs,
    ledgerLocation,
    get gateway() {
      return current.gateway;
    },
    get runtime() {
      return current.runtime;
    },
    get metrics() {
      return current.metrics;
    },
    gql: (query, variables, gqlOptions) => current.gql(query, variables, gqlOptions),
    stop: () => current.stop(),
    startGateway: launch,
    async restartGateway() {
      await current.stop();
      current = await launch();
    },
    async close() {
      for (const g of gateways) await g.stop();
      for (const r of running) await r.close();
      await shared?.close();
    },
  };
  return stack;
}

async function launchGateway(
  config: GatewayConfig, endpoints: UpstreamEndpoints, logger: Logger, ledger: Ledger, ownsLedger: boolean,
  extra: StackOptions['gateway'] = {}, rateLimited = false, databaseUrl?: string,
): Promise<TestGateway> {
  const metrics = createMetrics();
  const runtime = createRuntime(config, endpoints, ledger, { metrics });
  metrics.observeLedger(ledger);
  const gateway = await startGateway({
    runtime,
    authenticator: authenticatorFor(config),
    logger,
    metrics,
    explorer: true,
    // The "Query limits" variables of `env` (their defaults when not given).
    introspection: introspectionEnabled(config.env.INTROSPECTION, true),
    limits: queryLimits(config.env),
    bodyLimit: config.env.BODY_LIMIT,
    port: 0,
    host: '127.0.0.1',
    persistedOperations: persistedOperationsFromEnv(config.env),
    corsOrigins: config.env.CORS_ORIGINS,
    maxUpstreamCallsPerRequest: config.env.MAX_UPSTREAM_CALLS_PER_REQUEST,
    // In the ledger's PostgreSQL when the stack has one (shared by replicas), else in memory.
    rateLimit: rateLimited
      ? await createRateLimit({ points: config.env.RATE_LIMIT_PER_KEY, windowSeconds: config.env.RATE_LIMIT_WINDOW_SECONDS, ...(databaseUrl ? { databaseUrl } : {}) })
      : null,
    ...extra,
  });
  let stopped = false;
  return {
    gateway,
    runtime,
    metrics,
    async gql(query, variables, { apiKey = DEMO_API_KEY } = {}) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(apiKey === null ? {} : { authorization: `Bearer ${apiKey}` }) },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: res.status, ...body } as GraphQLResponse<any>;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await gateway.stop();
      if (ownsLedger) await ledger.close();
    },
  };
}
