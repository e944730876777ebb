import { ConfigError } from './config.js';
import { start } from './main.js';

/**
 * Process entry for `npm start`. On the first SIGTERM or SIGINT: stop accepting connections, let
 * in-flight requests finish (up to SHUTDOWN_GRACE_MS), stop background work, close Redis and the
 * emulators, exit 0 (1 if something failed to close). A second signal exits at once (1).
 */
try {
  const paygraph = await start();
  let shuttingDown = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (shuttingDown) {
      console.error(`${signal} received again, exiting now`);
      process.exit(1);
    }
    shuttingDown = true;
    console.error(`${signal} received, shutting down gracefully (send it again to exit at once)`);
    paygraph.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('shutdown failed:', err instanceof Error ? err.message : err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
