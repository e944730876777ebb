/**
 * Child process: the gateway exactly as `npm start` builds it — `start()` from src/main.ts, with
 * the environment pointing the upstreams at the bench's emulators as if they were real accounts
 * (so `start()` does not start its own in-process emulators). Environment: BENCH_ENV, the
 * gateway's environment as JSON (bench/env.ts), so whatever the shell running the bench has set
 * does not leak in. Logs go to /dev/null: at `warn` nothing is written in normal operation; at
 * `info` the bench measures what one line per operation costs.
 */
import { pino } from 'pino';
import { createLogger } from '../src/logger.js';
import { start } from '../src/main.js';
import { benchConfig } from './env.js';
import { serveCommands } from './ipc.js';

const config = benchConfig();
const logger = createLogger(config.env.LOG_LEVEL, pino.destination({ dest: '/dev/null', sync: true }));
const paygraph = await start(config, logger);

process.on('SIGTERM', () => {
  void paygraph.stop().finally(() => process.exit(0));
});

serveCommands({}, { url: paygraph.gateway.url, ledger: config.ledger.kind });
