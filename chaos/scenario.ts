/**
 * One chaos mode, end to end: standalone emulators with latency on the money writes, gateways in
 * the production configuration, `kill -9` at random moments while keys are in flight, restarts,
 * retries of the same keys until each answers a final result, then the books.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startPostgres, type RunningPostgres } from '../test/support/postgres-server.js';
import { readLedger, reconcile, unsettledRows, type LedgerSource, type Tally } from './books.js';
import { control, gateway, onExit, sleep, startEmulator, type Emulator, type GatewayHandle } from './processes.js';
import type { Kill } from './refund-books.js';
import { newRefund } from './refund-traffic.js';
import { between, INVOICE_IDS, ledgerEntry, newChargeCard, newPayInvoice, pick, random, record, send, type KeyState } from './traffic.js';
import { invoiceOutstanding } from './upstream-reads.js';

export const MODES = ['sqlite', 'postgres', 'postgres-restart'] as const;
export type Mode = (typeof MODES)[number];

export interface ModeResult {
  mode: Mode;
  iterations: number;
  payKeys: number;
  chargeKeys: number;
  refundKeys: number;
  requests: number;
  gatewayKills: number;
  /** Gateway exits the run did not cause (each one a defect: a replica must survive its database restarting). */
  crashes: string[];
  postgresRestarts: number;
  /** Ledger rows in SENDING (an upstream write about to leave or in flight) right after a kill: kills that landed mid-write. */
  sendingAtKill: number;
  /** Kills that cut a refundInvoicePayment request between its cc/refund and its FreshBooks booking, and how many refunds that caught. */
  killsMidRefund: number;
  refundsCaught: number;
  /** Non-final answers the clients got on the way, by operation and kind (network, IDEMPOTENCY_KEY_IN_PROGRESS, pending, ...). */
  answers: Record<string, Record<string, number>>;
  seconds: number;
  tally: Tally;
  /** Where the logs and the ledger are (kept when a count is not 0). */
  workDir: string;
}

const API_KEY = 'chaos-api-key-0123456789abcdef';
const UPSTREAM_TIMEOUT_MS = 3_000;
/** Client-side bound of one request; the gateway answers within IDEMPOTENCY_WAIT_MS or its deadline first. */
const REQUEST_TIMEOUT_MS = 15_000;
/** After the kills: how long keys are retried until every one answers a final result. */
const DRAIN_MS = 90_000;
/** Random kills come within this long of the requests (long enough, on 2 loaded cores, for some keys to finish between kills). */
const KILL_WINDOW_MS = 1_200;
/** Share of the iterations with a new refund whose kill waits for that refund to be between its two writes. */
const AIMED_KILLS = 0.75;
/** How long an aimed kill waits for the refund to get there (then it kills anyway). */
const AIM_TIMEOUT_MS = 4_000;

/** The production configuration pointed at the emulators, with short timeouts so unknown writes settle within the run. */
function gatewayEnv(icount: Emulator, freshbooks: Emulator, ledger: LedgerSource): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    ICOUNT_URL: `${icount.url}/api/v3.php`,
    ICOUNT_CID: 'paygraph-demo',
    ICOUNT_USER: 'api',
    ICOUNT_PASS: 'demo-pass',
    FRESHBOOKS_URL: `${freshbooks.url}/api/2.1/xml-in`,
    FRESHBOOKS_TOKEN: 'demo-freshbooks-token',
    API_KEYS: `${API_KEY}:read+write+charge`,
    ICOUNT_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    FRESHBOOKS_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    SHUTDOWN_GRACE_MS: String(UPSTREAM_TIMEOUT_MS),
    REQUEST_DEADLINE_MS: '5000',
    IDEMPOTENCY_WAIT_MS: '1000',
    RECONCILE_INTERVAL_MS: '500',
    LEDGER_SETTLE_MS: '1000',
    // The emulators are not real accounts: no upstream quotas, and no per-key limit on the load.
    ICOUNT_RATE_LIMIT: '0',
    FRESHBOOKS_RATE_LIMIT: '0',
    RATE_LIMIT_PER_KEY: '1000000',
  };
  if (ledger.kind === 'sqlite') env.DATA_DIR = ledger.dataDir;
  else env.DATABASE_URL = ledger.url;
  return env;
}

/**
 * A random 50–400 ms on every cc/bill, cc/refund and payment.create, split before and after the
 * write is processed; and 300–1500 ms before every payment.update and payment.delete (a refund's
 * booking), so kills land between a refund and its booking. All well within the upstream timeout,
 * so a write cut by a kill lands before its settle time. Before-latency only on the bookings: the
 * emulator logs them when they happen, which dates the refund window.
 */
async function setLatency(icount: Emulator, freshbooks: Emulator, rng: () => number): Promise<void> {
  await control(icount, 'DELETE', 'faults');
  await control(freshbooks, 'DELETE', 'faults');
  for (const [emulator, method] of [[icount, 'cc/bill'], [icount, 'cc/refund'], [freshbooks, 'payment.create']] as const) {
    const total = between(rng, 50, 400);
    const before = between(rng, 0, total);
    await control(emulator, 'POST', 'faults', { method, times: -1, fault: { kind: 'latency', ms: before } });
    await control(emulator, 'POST', 'faults', { method, times: -1, afterProcessing: true, fault: { kind: 'latency', ms: total - before } });
  }
  const booking = between(rng, 300, 1500);
  for (const method of ['payment.update', 'payment.delete']) await control(freshbooks, 'POST', 'faults', { method, times: -1, fault: { kind: 'latency', ms: booking } });
}

/** Waits (bounded) until the key's refundInvoicePayment row is refunded and not yet booked. */
async function refundBetweenWrites(ledger: LedgerSource, key: string): Promise<void> {
  for (const until = Date.now() + AIM_TIMEOUT_MS; Date.now() < until; await sleep(15)) {
    const row = await readLedger(ledger).then((rows) => rows.find((r) => r.idempotency_key === key), () => undefined);
    if (row && (row.state === 'PENDING' || row.step === 'book')) return;
    if (row && (row.state === 'SUCCEEDED' || row.state === 'REJECTED')) return;
  }
}

async function createDatabase(server: RunningPostgres, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return server.url.replace(/\/postgres$/, `/${name}`);
}

export async function runMode(mode: Mode, iterations: number, seed: number, log: (line: string) => void): Promise<ModeResult> {
  const started = Date.now();
  const rng = random(seed);
  const workDir = mkdtempSync(path.join(tmpdir(), `paygraph-chaos-${mode}-`));
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const [icount, freshbooks] = await Promise.all([
      startEmulator('icount', path.join(workDir, 'icount.log')),
      startEmulator('freshbooks', path.join(workDir, 'freshbooks.log')),
    ]);
    cleanups.push(async () => {
      icount.process.child.kill('SIGKILL');
      freshbooks.process.child.kill('SIGKILL');
    });
    let postgres: RunningPostgres | null = null;
    let ledger: LedgerSource = { kind: 'sqlite', dataDir: path.join(workDir, 'data') };
    if (mode !== 'sqlite') {
      postgres = await startPostgres();
      const server = postgres;
      const unregister = onExit(() => void server.kill());
      cleanups.push(async () => {
        unregister();
        copyFileSync(server.logFile, path.join(workDir, 'postgres.log'));
        await server.remove();
      });
      ledger = { kind: 'postgres', url: await createDatabase(server, 'paygraph_chaos') };
    }
    const env = gatewayEnv(icount, freshbooks, ledger);
    const replicas = mode === 'sqlite' ? 1 : 2;
    const gateways: GatewayHandle[] = Array.from({ length: replicas }, (_, i) => gateway(`gateway-${i + 1}`, env, path.join(workDir, `gateway-${i + 1}.log`)));
    cleanups.push(async () => {
      for (const g of gateways) await g.kill9().catch(() => undefined);
    });
    // One at a time: replicas sharing a fresh database both run its migrations.
    for (const g of gateways) await g.start();
    log(`${mode}: emulators, ${replicas} gateway(s)${postgres ? ' and PostgreSQL' : ''} up (${Date.now() - started} ms); seed ${seed}`);
    const outstandingBefore = new Map(await Promise.all(INVOICE_IDS.map(async (id) => [id, await invoiceOutstanding(freshbooks, id)] as const)));

    const keys: KeyState[] = [];
    let serial = 0;
    const newKey = () => `chaos-${mode}-${seed}-${++serial}`;
    const up = () => gateways.filter((g) => g.url);
    const sendTo = async (state: KeyState, to?: GatewayHandle) => {
      const target = to ?? (up().length ? pick(rng, up()) : null);
      if (!target?.url) return false;
      state.inFlightTo = target.name;
      const answer = await send(target.url, API_KEY, state, REQUEST_TIMEOUT_MS);
      state.inFlightTo = null;
      return record(state, answer);
    };
    const kills: Kill[] = [];
    const kill = (victim: GatewayHandle | null) => {
      if (!victim) return Promise.resolve();
      kills.push({ at: Date.now(), victim: victim.name, refundKeys: keys.filter((k) => k.refund && k.inFlightTo === victim.name).map((k) => k.key) });
      return victim.kill9();
    };
    let postgresRestarts = 0;
    // A write is one row version in SENDING: seen again at a later kill, it is the same write.
    const sendingAtKill = new Set<string>();
    const countSending = () =>
      readLedger(ledger).then(
        (rows) => rows.filter((r) => r.state === 'SENDING').forEach((r) => sendingAtKill.add(`${r.id}:${r.version}`)),
        () => undefined, // PostgreSQL down at that moment
      );

    // A gateway that exited by itself (counted as a crash) is started again, as a supervisor would.
    const restartCrashed = () => Promise.all(gateways.filter((g) => !g.url).map((g) => g.start()));

    for (let i = 1; i <= iterations; i++) {
      await restartCrashed();
      await setLatency(icount, freshbooks, rng);
      const open = keys.filter((k) => !k.final);
      const busy = new Set(open.flatMap((k) => (k.invoiceId === null ? [] : [k.invoiceId])));
      const refund = newRefund(rng, newKey(), keys);
      const fresh = [newPayInvoice(rng, newKey(), busy), newChargeCard(rng, newKey())].filter((k): k is KeyState => k !== null);
      keys.push(...fresh, ...(refund ? [refund] : []));
      const victim = up().length ? pick(rng, up()) : null;
      // Most new refunds go to the victim, which is killed once the refund is between its two writes.
      const aimed = refund !== null && victim !== null && rng() < AIMED_KILLS;
      const requests = [...open, ...fresh].map((k) => sendTo(k));
      if (refund) requests.push(sendTo(refund, aimed ? victim : undefined));
      const killing = (aimed ? refundBetweenWrites(ledger, refund.key) : sleep(between(rng, 0, KILL_WINDOW_MS))).then(() => kill(victim)).then(countSending);
      // postgres-restart: the server is killed (SIGKILL, crash recovery at start) every 8th iteration.
      const crashPostgres = mode === 'postgres-restart' && postgres && i % 8 === 3;
      const server = postgres;
      const pgChaos = crashPostgres && server
        ? sleep(between(rng, 0, KILL_WINDOW_MS))
            .then(() => server.kill())
            .then(() => sleep(between(rng, 200, 1500)))
            .then(() => server.restart())
            .then(() => void (postgresRestarts += 1))
        : Promise.resolve();
      // The victim restarts while the survivor still answers (once PostgreSQL is back: a gateway that cannot open its ledger exits).
      const restarting = Promise.all([killing, pgChaos]).then(() => victim?.start());
      await Promise.all([...requests, restarting]);
      if (i % 10 === 0 || i === iterations) {
        log(`${mode}: iteration ${i}/${iterations}, ${keys.length} keys, ${keys.filter((k) => !k.final).length} open (${Math.round((Date.now() - started) / 1000)} s)`);
      }
    }

    // No more kills: retry every open key until it answers a final result (the reconciler runs meanwhile).
    const drainUntil = Date.now() + DRAIN_MS;
    for (let open = keys.filter((k) => !k.final); open.length && Date.now() < drainUntil; open = keys.filter((k) => !k.final)) {
      await restartCrashed();
      await Promise.all(open.map((k) => sendTo(k)));
      await sleep(500);
    }
    await restartCrashed();
    // Every final answer must replay identically.
    await Promise.all(keys.filter((k) => k.final).map((k) => sendTo(k)));
    // The reconciler has had its chance: wait (bounded) for rows nobody retries any more.
    for (let waited = 0; waited < 10_000 && unsettledRows(await readLedger(ledger)).length; waited += 500) await sleep(500);
    // What support staff would see for each key.
    const support = up()[0]?.url;
    const views = new Map(await Promise.all(keys.map(async (k) => [k.key, support ? await ledgerEntry(support, API_KEY, k.key) : 'no gateway up'] as const)));
    for (const g of gateways) await g.stop(UPSTREAM_TIMEOUT_MS + 2_000);

    const { tally, window } = await reconcile(icount, freshbooks, await readLedger(ledger), keys, views, outstandingBefore, kills);
    return {
      mode,
      iterations,
      payKeys: keys.filter((k) => k.operation === 'payInvoice').length,
      chargeKeys: keys.filter((k) => k.operation === 'chargeCard').length,
      refundKeys: keys.filter((k) => k.operation === 'refundInvoicePayment').length,
      requests: keys.reduce((n, k) => n + k.requests, 0),
      gatewayKills: gateways.reduce((n, g) => n + g.kills, 0),
      crashes: gateways.flatMap((g) => g.crashes),
      postgresRestarts,
      sendingAtKill: sendingAtKill.size,
      ...window,
      answers: tallyAnswers(keys),
      seconds: Math.round((Date.now() - started) / 1000),
      tally,
      workDir,
    };
  } catch (err) {
    log(`${mode}: failed; logs in ${workDir}`);
    throw err;
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  }
}

function tallyAnswers(keys: KeyState[]): Record<string, Record<string, number>> {
  const total: Record<string, Record<string, number>> = {};
  for (const key of keys) {
    const mine = (total[key.operation] ??= {});
    for (const [kind, n] of Object.entries(key.transient)) mine[kind] = (mine[kind] ?? 0) + n;
  }
  return total;
}

/** Deletes a mode's work dir (logs, SQLite ledger) when nothing went wrong. */
export function removeWorkDir(result: ModeResult): void {
  rmSync(result.workDir, { recursive: true, force: true });
}
