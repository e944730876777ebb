import { ConfigError } from './config.js';
import { start } from './main.js';

/** Process entry for `npm start`: start, and stop cleanly on SIGINT/SIGTERM. */
try {
  const paygraph = await start();
  const shutdown = (signal: string) => {
    console.error(`${signal} received, shutting down`);
    paygraph.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}
