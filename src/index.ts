import { pino } from 'pino';
import { ConfigError, loadConfig, loadDotEnv, StartupError } from './config.js';
import { createLogger } from './logger.js';
import { start } from './main.js';

/**
 * Process entry for `npm start`. Loads `.env` when there is one (the environment wins), then
 * starts. On the first SIGTERM or SIGINT: stop accepting connections, let in-flight requests
 * finish (up to SHUTDOWN_GRACE_MS), stop background work, close the ledger and the emulators,
 * exit 0 (1 if something failed to close). A second signal exits at once (1). Everything it
 * prints is a JSON line; a failure to start (configuration, port in use) goes to stderr.
 */
const envFile = loadDotEnv();
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
// Before the configuration is validated: its level if it is a level, else info.
let logger = createLogger(LEVELS.includes(process.env.LOG_LEVEL ?? '') ? process.env.LOG_LEVEL! : 'info');
// Node's own warnings (deprecations, MaxListenersExceeded) as JSON lines instead of its plain-text stderr.
process.removeAllListeners('warning');
process.on('warning', (warning) => logger.warn({ warning: warning.name, code: (warning as { code?: string }).code }, warning.message));
try {
  const config = loadConfig();
  logger = createLogger(config.env.LOG_LEVEL);
  if (envFile) logger.info({ file: '.env' }, 'Configuration read from .env as well as the environment (the environment wins)');
  const paygraph = await start(config, logger);
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      logger.warn({ signal }, `${signal} received again, exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, `${signal} received, shutting down gracefully (send it again to exit at once)`);
    paygraph.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  const fatal = createLogger('fatal', pino.destination({ dest: 2, sync: true }));
  if (err instanceof ConfigError) {
    fatal.fatal({ problems: err.problems }, 'Invalid configuration');
    process.exit(1);
  }
  if (err instanceof StartupError) {
    fatal.fatal(err.message);
    process.exit(1);
  }
  throw err;
}
