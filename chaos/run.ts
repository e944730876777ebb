/**
 * `npm run chaos`: money moves exactly once through `kill -9` (issue 10). Not part of `npm test`.
 *
 * For each mode: the standalone iCount and FreshBooks emulators (latency on `cc/bill`, `cc/refund`,
 * `payment.create`, and longer on the refund bookings `payment.update`/`payment.delete`), gateways
 * with the production configuration, `payInvoice`, `chargeCard` and `refundInvoicePayment` (of
 * payments earlier keys made) under fresh idempotency keys while a gateway is killed — at a random
 * moment, or once a refund is between its `cc/refund` and its booking — restarts, retries of the
 * same keys until each answers a final result, then the books reconciled from the emulators'
 * request logs and records and the ledger's rows. Exit code 1 when any count is not 0.
 *
 * Modes: `sqlite` (the embedded ledger, one gateway), `postgres` (two replicas sharing a
 * PostgreSQL server; a random one is killed), `postgres-restart` (the same, and the PostgreSQL
 * server is killed and restarted every 8th iteration).
 */
import { parseArgs } from 'node:util';
import { COUNTS } from './books.js';
import { killAllChildren } from './processes.js';
import { MODES, removeWorkDir, runMode, type Mode, type ModeResult } from './scenario.js';

const HELP = `npm run chaos [-- options]

  --iterations <n>   kill/restart rounds per mode, each with a new payInvoice and chargeCard key
                     and (once a payment has something left to refund) a refundInvoicePayment key,
                     besides the retries of open keys (default 50)
  --mode <mode>      sqlite | postgres | postgres-restart | all (default all)
  --seed <n>         seed of every random choice (default: random, printed)
  --keep             keep each mode's work dir (gateway and emulator logs, SQLite ledger) even when
                     every count is 0`;

const { values: flags } = parseArgs({
  options: {
    iterations: { type: 'string', default: '50' },
    mode: { type: 'string', default: 'all' },
    seed: { type: 'string' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}
const iterations = Number(flags.iterations);
if (!Number.isInteger(iterations) || iterations < 1) throw new Error('--iterations must be a positive integer');
if (flags.mode !== 'all' && !(MODES as readonly string[]).includes(flags.mode)) throw new Error(`--mode must be one of ${MODES.join(', ')}, all`);
const modes: readonly Mode[] = flags.mode === 'all' ? MODES : [flags.mode as Mode];
const seed = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : Number(flags.seed);
if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');

// Whatever happens, no child outlives the run.
process.on('exit', killAllChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: stopping every child process`);
    killAllChildren();
    process.exit(130);
  });
}

/** Every count the books keep, as the table heads it; each must be 0. */
const COUNT_HEADS: Record<(typeof COUNTS)[number], string> = {
  doubleCharges: 'double charges',
  doublePayments: 'double payments',
  lostPayments: 'lost payments',
  doubleRefunds: 'double refunds',
  doubleBookings: 'double refund bookings',
  lostBookings: 'lost FreshBooks updates',
  overRefunds: 'over-refunds',
  paymentsOff: 'payments ≠ charge − refunds',
  balancesOff: 'invoice balances off',
  unsettledRows: 'rows not settled',
  stuckKeys: 'stuck keys',
  wrongAnswers: 'wrong answers',
  strayWrites: 'stray writes',
};

const HEADERS = ['mode', 'iterations', 'keys (pay/charge/refund)', 'requests', 'kills (gw/pg)', 'writes in flight at kill', 'kills mid-refund (refunds caught)', ...COUNTS.map((c) => COUNT_HEADS[c]), 'gateway crashes', 'seconds'];

function row(r: ModeResult): string[] {
  const t = r.tally;
  return [
    r.mode, String(r.iterations), `${r.payKeys + r.chargeKeys + r.refundKeys} (${r.payKeys}/${r.chargeKeys}/${r.refundKeys})`, String(r.requests), `${r.gatewayKills}/${r.postgresRestarts}`, String(r.sendingAtKill),
    `${r.killsMidRefund} (${r.refundsCaught})`, ...COUNTS.map((c) => String(t[c])), String(r.crashes.length), String(r.seconds),
  ];
}

function table(rows: string[][]): string {
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(HEADERS), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

const started = Date.now();
const results: ModeResult[] = [];
let failed = false;
try {
  for (const mode of modes) {
    const result = await runMode(mode, iterations, seed, (line) => console.error(line));
    results.push(result);
    console.error(`${mode}: non-final answers on the way: ${JSON.stringify(result.answers)}`);
    const problems = [...result.tally.problems, ...result.crashes.map((c) => `gateway crash: ${c}`)];
    if (problems.length) {
      failed = true;
      console.error(`\n${mode}: ${problems.length} problem(s); logs and ledger kept in ${result.workDir}`);
      for (const p of problems) console.error(`  - ${p}`);
    } else if (flags.keep) {
      console.error(`${mode}: logs and ledger kept in ${result.workDir}`);
    } else {
      removeWorkDir(result);
    }
  }
} catch (err) {
  failed = true;
  console.error('chaos run failed:', err instanceof Error ? (err.stack ?? err.message) : err);
}

console.log(`\nChaos: kill -9 during payInvoice/chargeCard/refundInvoicePayment, seed ${seed}, ${Math.round((Date.now() - started) / 1000)} s\n`);
console.log(table(results.map(row)));
killAllChildren();
process.exit(failed || results.length < modes.length ? 1 : 0);
