import { DEMO_API_KEY } from '../src/auth.js';
import { loadConfig, type GatewayConfig } from '../src/config.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from '../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH } from '../src/emulators/icount/index.js';

/**
 * The environment the gateway and the baseline run with: the emulators configured as if they were
 * real accounts (session auth to iCount, API token to FreshBooks — what demo mode does too), the
 * demo key with every scope, rate limits that never bind, every other setting at its default. The driver adds where the ledger
 * lives: DATA_DIR (a fresh temp dir) or DATABASE_URL.
 */
export function benchEnv(icountUrl: string, freshbooksUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    ICOUNT_URL: `${icountUrl}${ICOUNT_PATH}`,
    ICOUNT_CID: ICOUNT_DEMO_CREDENTIALS.cid,
    ICOUNT_USER: ICOUNT_DEMO_CREDENTIALS.user,
    ICOUNT_PASS: ICOUNT_DEMO_CREDENTIALS.pass,
    FRESHBOOKS_URL: `${freshbooksUrl}${FRESHBOOKS_PATH}`,
    FRESHBOOKS_TOKEN: FRESHBOOKS_DEMO_TOKEN,
    API_KEYS: `${DEMO_API_KEY}:read+write+charge`,
    // The per-key limit stays on (its cost is part of the gateway's) but never refuses: the default
    // 600 operations a minute would turn a throughput run into a measure of the limiter.
    RATE_LIMIT_PER_KEY: '1000000',
    // Configured as real accounts, the upstreams would get real accounts' client-side limits (30 and
    // 60 calls a minute) and every run would queue; off, as for the emulators in demo mode.
    ICOUNT_RATE_LIMIT: '0',
    FRESHBOOKS_RATE_LIMIT: '0',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

/**
 * In the baseline (bench/baseline.ts): the configuration from BENCH_ENV (JSON), so whatever the
 * shell running the bench has set does not leak in. The gateway reads the same variables from its
 * environment (bench/gateway.ts). The driver always sets DATA_DIR or DATABASE_URL; without either,
 * configuration would put an SQLite file in ./data, so the ledger is then kept in memory instead.
 */
export function benchConfig(): GatewayConfig {
  const env = JSON.parse(process.env.BENCH_ENV ?? '{}') as Record<string, string>;
  const config = loadConfig(env);
  return env.DATA_DIR || env.DATABASE_URL ? config : { ...config, ledger: { kind: 'memory' } };
}
