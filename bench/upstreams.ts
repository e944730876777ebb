/**
 * Child process: both emulators, on loopback, seeded with the bench data, with NO added latency
 * unless the driver sets some (`setLatency`, for the latency scenario: every call sleeps that long
 * before it is answered, through the emulators' latency fault). The driver reads their request
 * logs (upstream calls per method) and clears them between runs, so a long soak does not grow the
 * logs without bound.
 */
import { FreshbooksEmulator } from '../src/emulators/freshbooks/index.js';
import { IcountEmulator } from '../src/emulators/icount/index.js';
import { serveCommands } from './ipc.js';
import { seedBench } from './seed.js';

// Test charges are not kept in the emulator's transaction log: a soak would grow it without bound.
const icount = new IcountEmulator({ seed: 'empty', logTestCharges: false });
const freshbooks = new FreshbooksEmulator({ seed: 'empty' });
const data = seedBench(icount, freshbooks);
const runningIcount = await icount.start({ port: 0, host: '127.0.0.1' });
const runningFreshbooks = await freshbooks.start({ port: 0, host: '127.0.0.1' });

function countsByMethod(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of [...icount.log.all(), ...freshbooks.log.all()]) counts[r.method] = (counts[r.method] ?? 0) + 1;
  return counts;
}

serveCommands(
  {
    /** Upstream calls so far (not cleared): the driver waits for it to stop moving. */
    peekTotal: () => icount.log.count() + freshbooks.log.count(),
    /** Every later call to each emulator waits this long before it is answered; 0 takes it away. */
    setLatency: (args) => {
      for (const [emulator, ms] of [[icount, Number(args.icountMs ?? 0)], [freshbooks, Number(args.freshbooksMs ?? 0)]] as const) {
        emulator.faults.clear();
        if (ms > 0) emulator.faults.add({ fault: { kind: 'latency', ms }, method: '*', times: Infinity });
      }
      return null;
    },
    /** Upstream calls per method since the last `takeCounts`, and clears the logs. */
    takeCounts: () => {
      const counts = countsByMethod();
      icount.log.clear();
      freshbooks.log.clear();
      return counts;
    },
  },
  { icountUrl: runningIcount.url, freshbooksUrl: runningFreshbooks.url, data },
);
