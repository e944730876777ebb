/** Standalone FreshBooks Classic emulator: demo seed, system clock, PORT (default 4102) on 127.0.0.1. */
import { FreshbooksEmulator, FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from './index.js';

const port = Number(process.env.PORT ?? 4102);
const emulator = new FreshbooksEmulator({ seed: 'demo' });
const running = await emulator.start({ port, host: '127.0.0.1' });
console.log(`FreshBooks Classic emulator listening on ${running.url}${FRESHBOOKS_PATH}`);
console.log(`API token (Basic auth user name, any password): ${FRESHBOOKS_DEMO_TOKEN}`);
console.log(`Control API: ${running.url}/__emulator/requests | faults | reset`);

const stop = () => {
  void running.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
