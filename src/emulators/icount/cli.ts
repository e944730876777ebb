/** Standalone iCount emulator: `npm run emulator:icount` (PORT env, default 4101; demo seed, system clock). */
import { IcountEmulator, ICOUNT_DEMO_CREDENTIALS, ICOUNT_DEMO_TOKEN, ICOUNT_PATH } from './index.js';

const port = Number(process.env.PORT ?? 4101);
const emulator = new IcountEmulator();
const running = await emulator.start({ port, host: '127.0.0.1' });

console.log(`iCount v3 emulator listening on ${running.url}${ICOUNT_PATH}/{module}/{method}`);
console.log(`  credentials: cid=${ICOUNT_DEMO_CREDENTIALS.cid} user=${ICOUNT_DEMO_CREDENTIALS.user} pass=${ICOUNT_DEMO_CREDENTIALS.pass}`);
console.log(`  API token:   Authorization: Bearer ${ICOUNT_DEMO_TOKEN}`);
console.log(`  control API: ${running.url}/__emulator/{requests,faults,clock,reset}`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: stopping the iCount emulator`);
  await running.close();
  process.exit(0);
}
process.once('SIGINT', () => void stop('SIGINT'));
process.once('SIGTERM', () => void stop('SIGTERM'));
