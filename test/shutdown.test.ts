import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DEMO_API_KEY } from '../src/auth.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openLedger } from '../src/ledger/index.js';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { start, type RunningPaygraph } from '../src/main.js';

/**
 * Graceful shutdown: `stop()` (what SIGTERM/SIGINT run in src/index.ts) stops accepting, lets
 * in-flight requests finish within SHUTDOWN_GRACE_MS, waits for money writes to record their outcome
 * in the ledger, then closes the ledger and the emulators.
 */

const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode card { last4 } } userErrors { code } } }`;
const chargeVariables = (key: string) => ({ input: { idempotencyKey: key, amount: { amount: '12.00', currency: 'ILS' }, card: { tokenId: 57 }, test: true } });

function post(url: string, query: string, variables: Record<string, unknown>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${DEMO_API_KEY}` },
    body: JSON.stringify({ query, variables }),
  });
}

/** Resolves once `condition` holds (polling), or throws. */
async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** Settles a promise into a value, so a test can look at a rejection later without an unhandled one. */
function settle<T>(promise: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
}

describe('stop(): graceful shutdown of a running gateway', () => {
  let paygraph: RunningPaygraph | undefined;
  afterEach(async () => {
    await paygraph?.stop();
    paygraph = undefined;
  });

  it('finishes the in-flight request, refuses new ones, then closes the emulators', async () => {
    paygraph = await start(loadConfig({ PORT: '0' }), createLogger('silent'));
    const { gateway } = paygraph;
    const icount = paygraph.emulators.icount!;
    icount.emulator.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 800 } });

    const inFlight = settle(post(gateway.url, CHARGE, chargeVariables('shutdown-1')));
    // The login answered: the charge is now on its way, held 800 ms by the emulator.
    await until(() => icount.emulator.log.count('auth/login') > 0);
    await sleep(100);

    const started = Date.now();
    const stopped = settle(paygraph.stop());
    await sleep(50);
    const refused = await settle(post(gateway.url, CHARGE, chargeVariables('shutdown-2')));
    expect(refused.ok).toBe(false);

    const result = await inFlight;
    expect(result.ok).toBe(true);
    const res = (result as { value: Response }).value;
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ data: { chargeCard: { charge: { card: { last4: '1111' } }, userErrors: [] } } });

    expect(await stopped).toEqual({ ok: true, value: undefined });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(icount.emulator.log.count('cc/bill')).toBe(1);
    // Everything is closed: the gateway and the in-process emulators.
    expect((await settle(fetch(new URL('/healthz', gateway.url)))).ok).toBe(false);
    expect((await settle(fetch(`${icount.url}/__emulator/requests`))).ok).toBe(false);
    expect((await settle(fetch(`${paygraph.emulators.freshbooks!.url}/__emulator/requests`))).ok).toBe(false);
  });

  // The grace must cover the longest write timeout (checked at start), so the slow cc/bill times out
  // (300 ms) and its request is answered with UPSTREAM_TIMEOUT, or cut, within the grace: never a charge.
  it('ends requests still running after SHUTDOWN_GRACE_MS without waiting for the upstream', async () => {
    paygraph = await start(loadConfig({ PORT: '0', SHUTDOWN_GRACE_MS: '300', ICOUNT_TIMEOUT_MS: '300', FRESHBOOKS_TIMEOUT_MS: '300' }), createLogger('silent'));
    const icount = paygraph.emulators.icount!;
    icount.emulator.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 5_000 } });
    const inFlight = settle(post(paygraph.gateway.url, CHARGE, chargeVariables('shutdown-slow')));
    await until(() => icount.emulator.log.count('auth/login') > 0);
    await sleep(100);

    const started = Date.now();
    await paygraph.stop();
    expect(Date.now() - started).toBeLessThan(2_500);
    const answer = await inFlight;
    expect(JSON.stringify(answer)).not.toMatch(/confirmationCode/);
  });

  it('records a slow charge\'s outcome in the ledger before closing it, even when its connection was cut', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'paygraph-shutdown-'));
    try {
      // The grace (300 ms) cuts the client's connection; the charge (1 s upstream) still finishes.
      paygraph = await start(loadConfig({ PORT: '0', DATA_DIR: dataDir, SHUTDOWN_GRACE_MS: '300', ICOUNT_TIMEOUT_MS: '300', FRESHBOOKS_TIMEOUT_MS: '300', REQUEST_DEADLINE_MS: '5000' }), createLogger('silent'));
      const icount = paygraph.emulators.icount!;
      // Reads take 200 ms, then cc/bill 250 ms: the grace ends while cc/bill is in flight.
      icount.emulator.faults.add({ method: 'cc_storage/token_info', fault: { kind: 'latency', ms: 200 } });
      icount.emulator.faults.add({ method: 'cc/bill', fault: { kind: 'latency', ms: 250 } });
      const inFlight = settle(post(paygraph.gateway.url, CHARGE, chargeVariables('shutdown-ledger')));
      await until(() => icount.emulator.log.count('auth/login') > 0);
      await paygraph.stop();
      expect((await inFlight).ok).toBe(false); // the client's connection was cut
      const ledger = await openLedger({ kind: 'sqlite', dataDir });
      try {
        // A principal is the first 12 hex digits of its key's SHA-256 (src/auth.ts).
        const principal = createHash('sha256').update(DEMO_API_KEY).digest('hex').slice(0, 12);
        expect(await ledger.get(principal, 'shutdown-ledger')).toMatchObject({ idempotencyKey: 'shutdown-ledger', state: 'SUCCEEDED', attempts: 1 });
        expect(await ledger.unsettled()).toEqual([]);
      } finally {
        await ledger.close();
      }
      expect(icount.emulator.log.count('cc/bill')).toBe(1);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('is idempotent', async () => {
    paygraph = await start(loadConfig({ PORT: '0' }), createLogger('silent'));
    await Promise.all([paygraph.stop(), paygraph.stop()]);
    await paygraph.stop();
  });
});

/** `npm start`'s entry (src/index.ts) as a real process, in demo mode on a free port. */
class GatewayProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stderr = '';
  stdout = '';

  constructor(env: Record<string, string> = {}) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
      cwd: process.cwd(),
      // A clean environment: nothing configured (demo mode), and not NODE_ENV=test, so that
      // everything that registers signal handlers outside tests does so here too.
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development', PORT: '0', LOG_LEVEL: 'info', ...env },
    });
    this.child.stdout.on('data', (d: Buffer) => void (this.stdout += d.toString()));
    this.child.stderr.on('data', (d: Buffer) => void (this.stderr += d.toString()));
  }

  /** The GraphQL URL and the iCount emulator's URL, once the process says it is running. */
  async ready(): Promise<{ url: string; icountUrl: string }> {
    await until(() => /DEMO MODE at http/.test(this.stdout) || this.child.exitCode !== null, 20_000);
    const url = this.stdout.match(/DEMO MODE at (http:\/\/\S+\/graphql)/)?.[1];
    const icountUrl = this.stdout.match(/"url":"(http:\/\/[^"]+)","msg":"iCount/)?.[1];
    if (!url || !icountUrl) throw new Error(`gateway did not start:\n${this.stdout}\n${this.stderr}`);
    return { url, icountUrl };
  }

  async exit(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode === null && this.child.signalCode === null) await once(this.child, 'exit');
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

describe('signals (src/index.ts as a process)', () => {
  let proc: GatewayProcess | undefined;
  afterEach(async () => {
    proc?.kill();
    await proc?.exit();
    proc = undefined;
  });

  async function slowCharges(icountUrl: string, ms: number): Promise<void> {
    const res = await fetch(`${icountUrl}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'cc/bill', fault: { kind: 'latency', ms } }),
    });
    expect(res.ok).toBe(true);
  }

  it('on SIGTERM drains the in-flight request and exits 0', async () => {
    proc = new GatewayProcess();
    const { url, icountUrl } = await proc.ready();
    await slowCharges(icountUrl, 1_000);
    const inFlight = settle(post(url, CHARGE, chargeVariables('signal-1')));
    await sleep(300);
    proc.child.kill('SIGTERM');
    const result = await inFlight;
    expect(result.ok).toBe(true);
    expect((result as { value: Response }).value.status).toBe(200);
    expect(await proc.exit()).toEqual({ code: 0, signal: null });
    // A JSON log line on stdout, like everything the process prints.
    expect(proc.stdout).toMatch(/"signal":"SIGTERM","msg":"SIGTERM received, shutting down gracefully/);
  }, 30_000);

  it('exits at once on a second signal', async () => {
    proc = new GatewayProcess();
    const { url, icountUrl } = await proc.ready();
    await slowCharges(icountUrl, 8_000);
    const inFlight = settle(post(url, CHARGE, chargeVariables('signal-2')));
    await sleep(300);
    proc.child.kill('SIGINT');
    await until(() => proc!.stdout.includes('SIGINT received'));
    const started = Date.now();
    proc.child.kill('SIGINT');
    expect(await proc.exit()).toEqual({ code: 1, signal: null });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(proc.stdout).toContain('"msg":"SIGINT received again, exiting now"');
    await inFlight;
  }, 30_000);
});
