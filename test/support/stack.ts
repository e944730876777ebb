import { pino } from 'pino';
import { loadConfig } from '../../src/config.js';
import type { Upstreams } from '../../src/context.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH, FreshbooksEmulator, type FreshbooksEmulatorOptions } from '../../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH, IcountEmulator, type IcountEmulatorOptions } from '../../src/emulators/icount/index.js';
import { ManualClock } from '../../src/emulators/shared/clock.js';
import type { RunningEmulator } from '../../src/emulators/shared/server.js';
import { startGateway, type RunningGateway } from '../../src/http.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import type { IcountAuth } from '../../src/datasources/icount/transport.js';
import { createUpstreams } from '../../src/upstreams.js';

export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
}

export interface TestStack {
  icount: IcountEmulator;
  freshbooks: FreshbooksEmulator;
  /** The emulators' clock: advance it to expire sessions. */
  clock: ManualClock;
  icountUrl: string;
  gateway: RunningGateway;
  upstreams: Upstreams;
  /** The gateway's own metrics registry (also served on `GET /metrics`). */
  metrics: Metrics;
  /** Everything the gateway logged, as parsed JSON lines. */
  logs: Record<string, unknown>[];
  /** POSTs a GraphQL operation to the gateway over HTTP. */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  close(): Promise<void>;
}

export interface StackOptions {
  icount?: IcountEmulatorOptions;
  freshbooks?: FreshbooksEmulatorOptions;
  icountAuth?: (icountUrl: string) => IcountAuth;
  env?: Record<string, string>;
}

/**
 * The real parts over loopback: the iCount emulator on port 0 and the gateway on port 0, wired
 * with the same factories `npm start` uses.
 */
export async function startStack(options: StackOptions = {}): Promise<TestStack> {
  const clock = new ManualClock(Date.now());
  const icount = new IcountEmulator({ clock, ...options.icount });
  const running: RunningEmulator = await icount.start();
  const icountUrl = `${running.url}${ICOUNT_PATH}`;
  const freshbooks = new FreshbooksEmulator({ clock, ...options.freshbooks });
  const runningFreshbooks = await freshbooks.start();
  const config = loadConfig({
    ICOUNT_READ_RETRIES: '0',
    ICOUNT_TIMEOUT_MS: '2000',
    FRESHBOOKS_READ_RETRIES: '0',
    FRESHBOOKS_TIMEOUT_MS: '2000',
    ...options.env,
  });
  const logs: Record<string, unknown>[] = [];
  const logger: Logger = createLogger('debug', { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) } as pino.DestinationStream);
  const metrics = createMetrics();
  const upstreams = createUpstreams(
    config,
    {
      icount: { url: icountUrl, auth: options.icountAuth?.(icountUrl) ?? { mode: 'session', ...ICOUNT_DEMO_CREDENTIALS } },
      freshbooks: { url: `${runningFreshbooks.url}${FRESHBOOKS_PATH}`, token: FRESHBOOKS_DEMO_TOKEN },
    },
    metrics,
  );
  const gateway = await startGateway({ upstreams, logger, metrics, explorer: true, port: 0, host: '127.0.0.1' });

  return {
    icount,
    freshbooks,
    clock,
    icountUrl,
    gateway,
    upstreams,
    metrics,
    logs,
    async gql(query, variables) {
      const res = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await res.json()) as Omit<GraphQLResponse, 'status'>;
      return { status: res.status, ...body } as GraphQLResponse<any>;
    },
    async close() {
      await gateway.stop();
      await running.close();
      await runningFreshbooks.close();
    },
  };
}
