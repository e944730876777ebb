/**
 * `npm run bench`: what the gateway costs against calling the upstreams directly, measured in one
 * run on this machine. See `npm run bench -- --help`.
 *
 * Processes: this one drives load (autocannon); one child runs both emulators (no added latency);
 * one runs the gateway (`start()` of src/main.ts, what `npm start` runs); one runs the baseline (bench/baseline.ts:
 * a bare node:http handler making the same upstream calls with the same clients and parsing); one
 * runs the peer (bench/peers/apollo-rest: plain Apollo Server 5 + RESTDataSource, compiled with tsc
 * and run with plain node, sharing no code with paygraph) for the `peer-*` scenarios.
 * Each process's CPU time and RSS are its own, and the emulators' request logs count upstream calls.
 * Both sides keep the payments ledger in the same kind of place: memory, an SQLite file in a fresh
 * DATA_DIR each, or a PostgreSQL database each on one throwaway server (test/support/postgres-server.ts).
 */
import autocannon from 'autocannon';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startPostgres, type RunningPostgres } from '../test/support/postgres-server.js';
import { benchEnv } from './env.js';
import { Child, type ProcStats } from './ipc.js';
import { contextSetup, documentCache, xmlParse } from './findings.js';
import { AUTH_HEADERS, scenarios, soakMix, type BenchRequest, type Scenario, type Variant } from './scenarios.js';
import type { BenchData } from './seed.js';

const HELP = `npm run bench [-- options]

  --duration <s>      seconds measured per target per scenario (default 10)
  --connections <n>   concurrent connections (default 10)
  --warmup <s>        unmeasured load before each measurement (default 2)
  --latency-duration <s>  seconds per side of the unloaded latency run, 1 connection (default 4; 0: none)
  --only <keys>       comma-separated scenarios: payment, card, peer-payment, peer-card, nested,
                      charge, charge-sqlite, charge-postgres, currencies, page, logging
                      (default: all); \`peer\` = peer-payment,peer-card: paygraph against plain
                      Apollo Server + RESTDataSource (bench/peers/apollo-rest) on the same queries
  --soak <s>          a soak of mixed gateway traffic for <s> seconds (RSS at start and end);
                      runs the soak only, unless --only is given too
  --no-findings       skip the micro-measurements (document cache, XML parse, per-request setup)

Results: a table on stdout and bench/results/<timestamp>.json.`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'latency-duration': { type: 'string', default: '4' },
    only: { type: 'string' },
    soak: { type: 'string' },
    'no-findings': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (flags.help) {
  console.log(HELP);
  process.exit(0);
}
const positive = (name: string, raw: string, min: number): number => {
  const n = Number(raw);
  if (!Number.isFinite(n) || n < min) throw new Error(`--${name} must be a number ≥ ${min}`);
  return n;
};
const DURATION = positive('duration', flags.duration, 1);
const CONNECTIONS = Math.floor(positive('connections', flags.connections, 1));
const WARMUP = positive('warmup', flags.warmup, 0);
const LATENCY_DURATION = positive('latency-duration', flags['latency-duration'], 0);
const SOAK = flags.soak === undefined ? 0 : positive('soak', flags.soak, 10);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------------------------------------
// Measuring one target.

interface Measurement {
  /** Answers with status 2xx. */
  ok: number;
  sent: number;
  seconds: number;
  rps: number;
  /** Exact percentiles of 2xx latencies, milliseconds (autocannon's own histogram has 1 ms buckets). */
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  non2xx: number;
  errors: number;
  mismatches: number;
  /** CPU time of the target process per answered request, ms. */
  cpuMsPerReq: number;
  /** CPU time of the emulators' process per answered request, ms. */
  upstreamCpuMsPerReq: number;
  /** Upstream calls during the run / requests sent (requests in flight at the end still complete). */
  callsPerOp: number;
  calls: Record<string, number>;
  /** New TCP connections the target opened (to the emulators, PostgreSQL) per 1000 requests. */
  newUpstreamSocketsPer1000: number;
  rssMB: number;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A GraphQL answer with errors is a failure even under HTTP 200. */
const verifyBody = (body: string) => !body.includes('"errors"');

async function load(url: string, request: BenchRequest | BenchRequest[], seconds: number, connections: number, onLatency?: (ms: number) => void) {
  const requests = (Array.isArray(request) ? request : [request]).map((r) => ({ method: r.method, path: r.path, body: r.body, headers: AUTH_HEADERS }));
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests,
    idReplacement: requests.some((r) => r.body?.includes('[<id>]')),
    verifyBody,
  });
  if (onLatency) {
    (instance as unknown as NodeJS.EventEmitter).on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
      if (status >= 200 && status < 300) onLatency(ms);
    });
  }
  return instance;
}

/** Waits until the emulators stop receiving calls (requests still in flight have finished). */
async function settle(upstream: Child): Promise<void> {
  let last = -1;
  for (let i = 0; i < 200; i++) {
    const total = await upstream.call<number>('peekTotal');
    if (total === last) return;
    last = total;
    await sleep(100);
  }
}

/** What one side accumulates over its segments. */
class Side {
  latencies = new Float64Array(1 << 16);
  n = 0;
  sent = 0;
  seconds = 0;
  non2xx = 0;
  errors = 0;
  mismatches = 0;
  cpuMs = 0;
  upstreamCpuMs = 0;
  sockets = 0;
  rss = 0;
  calls: Record<string, number> = {};

  record = (ms: number) => {
    if (this.n === this.latencies.length) {
      const bigger = new Float64Array(this.latencies.length * 2);
      bigger.set(this.latencies);
      this.latencies = bigger;
    }
    this.latencies[this.n++] = ms;
  };

  result(): Measurement {
    const sorted = this.latencies.slice(0, this.n).sort();
    const n = Math.max(1, this.n);
    const totalCalls = Object.values(this.calls).reduce((a, b) => a + b, 0);
    return {
      ok: this.n,
      sent: this.sent,
      seconds: round(this.seconds),
      rps: round(this.n / this.seconds, 1),
      p50: round(percentile(sorted, 50), 3),
      p90: round(percentile(sorted, 90), 3),
      p99: round(percentile(sorted, 99), 3),
      mean: round(sorted.reduce((a, b) => a + b, 0) / n, 3),
      non2xx: this.non2xx,
      errors: this.errors,
      mismatches: this.mismatches,
      cpuMsPerReq: round(this.cpuMs / n, 3),
      upstreamCpuMsPerReq: round(this.upstreamCpuMs / n, 3),
      callsPerOp: round(totalCalls / Math.max(1, this.sent), 2),
      calls: this.calls,
      newUpstreamSocketsPer1000: round((this.sockets / n) * 1000, 2),
      rssMB: round(this.rss / 2 ** 20, 1),
    };
  }
}

/** One segment of load on one side; counts are exact because in-flight requests are waited for. */
async function segment(side: Side, target: Child, upstream: Child, request: BenchRequest, seconds: number, connections: number): Promise<void> {
  await settle(upstream);
  await upstream.call('takeCounts');
  const [before, upBefore] = await Promise.all([target.stats(), upstream.stats()]);
  const result = await load(new URL(target.ready.url as string).origin, request, seconds, connections, side.record);
  await settle(upstream);
  const [after, upAfter, calls] = await Promise.all([target.stats(), upstream.stats(), upstream.call<Record<string, number>>('takeCounts')]);
  side.sent += result.requests.sent ?? 0;
  side.seconds += result.duration;
  side.non2xx += result.non2xx;
  side.errors += result.errors;
  side.mismatches += result.mismatches;
  side.cpuMs += (after.cpuMicros - before.cpuMicros) / 1000;
  side.upstreamCpuMs += (upAfter.cpuMicros - upBefore.cpuMicros) / 1000;
  side.sockets += after.clientSockets - before.clientSockets;
  side.rss = after.rss;
  for (const [m, c] of Object.entries(calls)) side.calls[m] = (side.calls[m] ?? 0) + c;
}

/**
 * Both sides of a scenario: a warm-up each, then the measured time in two halves per side in the
 * order baseline, gateway, gateway, baseline, so a drift of the machine (other work on it) hits
 * both sides alike. Then the unloaded latency: one connection, same order.
 */
async function measurePair(s: Scenario, gateway: Child, baseline: Child): Promise<Pick<ScenarioResult, 'gateway' | 'baseline' | 'unloaded' | 'gatewayRetainedBytesPerRequest'>> {
  const targets = { gateway: { child: gateway, request: s.gateway }, baseline: { child: baseline, request: s.baseline } };
  // The gateway's heap after a full GC before and after the scenario: what its requests leave behind.
  const heapBefore = await gateway.call<ProcStats>('gc');
  let gatewaySent = 0;
  if (WARMUP > 0) {
    for (const key of ['baseline', 'gateway'] as const) {
      const t = targets[key];
      const result = await load(new URL(t.child.ready.url as string).origin, t.request, WARMUP, CONNECTIONS);
      if (key === 'gateway') gatewaySent += result.requests.sent ?? 0;
    }
  }
  const loaded = { gateway: new Side(), baseline: new Side() };
  for (const key of ['baseline', 'gateway', 'gateway', 'baseline'] as const) {
    await segment(loaded[key], targets[key].child, upstream, targets[key].request, DURATION / 2, CONNECTIONS);
  }
  const out: Pick<ScenarioResult, 'gateway' | 'baseline' | 'unloaded' | 'gatewayRetainedBytesPerRequest'> = { gateway: loaded.gateway.result(), baseline: loaded.baseline.result() };
  gatewaySent += loaded.gateway.sent;
  if (LATENCY_DURATION > 0) {
    const unloaded = { gateway: new Side(), baseline: new Side() };
    for (const key of ['baseline', 'gateway', 'gateway', 'baseline'] as const) {
      await segment(unloaded[key], targets[key].child, upstream, targets[key].request, LATENCY_DURATION / 2, 1);
    }
    out.unloaded = { gateway: unloaded.gateway.result(), baseline: unloaded.baseline.result() };
    gatewaySent += unloaded.gateway.sent;
  }
  const heapAfter = await gateway.call<ProcStats>('gc');
  out.gatewayRetainedBytesPerRequest = Math.round((heapAfter.heapUsed - heapBefore.heapUsed) / Math.max(1, gatewaySent));
  return out;
}

/** One request to each side before measuring: both must answer 200 without errors, and the same data. */
async function preflight(s: Scenario, gateway: Child, baseline: Child): Promise<string | null> {
  const ask = async (child: Child, r: BenchRequest) => {
    const body = r.body?.replaceAll('[<id>]', `preflight-${child.name}-${Date.now()}`);
    const res = await fetch(`${new URL(child.ready.url as string).origin}${r.path}`, { method: r.method, headers: AUTH_HEADERS, body });
    const json = (await res.json()) as { data?: unknown; errors?: unknown };
    if (res.status !== 200 || json.errors) throw new Error(`${child.name} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
    return s.normalise ? s.normalise(json.data) : json.data;
  };
  const [g, b] = [await ask(gateway, s.gateway), await ask(baseline, s.baseline)];
  return JSON.stringify(g) === JSON.stringify(b) ? null : `the gateway and the ${s.reference ?? 'baseline'} answered different data: ${JSON.stringify(g).slice(0, 200)} vs ${JSON.stringify(b).slice(0, 200)}`;
}

// ---------------------------------------------------------------------------------------------
// Processes.

const upstream = await Child.start('emulators', 'upstreams.ts');
const data = upstream.ready.data as BenchData;

/** Temp dirs of the SQLite ledgers (a fresh DATA_DIR per process), removed at the end. */
let tempRoot: string | null = null;
function freshDataDir(name: string): string {
  tempRoot ??= mkdtempSync(path.join(os.tmpdir(), 'paygraph-bench-'));
  return mkdtempSync(path.join(tempRoot, `${name.replace(/[^a-z0-9]+/gi, '-')}-`));
}

/** One throwaway PostgreSQL server for the PostgreSQL variant, started when first needed. */
let postgres: RunningPostgres | null = null;
let postgresNote: string | null = null;
async function postgresDatabase(name: string): Promise<string | null> {
  if (postgresNote) return null;
  // A database per process, as the SQLite variant has a file per process.
  const db = `bench_${name.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}`;
  try {
    postgres ??= await startPostgres();
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS "${db}"`);
      await client.query(`CREATE DATABASE "${db}"`);
    } finally {
      await client.end();
    }
  } catch (err) {
    postgresNote = `no PostgreSQL for the ledger (${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
    return null;
  }
  const url = new URL(postgres.url);
  url.pathname = `/${db}`;
  return url.toString();
}

/**
 * A process's environment per variant; the baseline gets the same as the gateway (it reads the
 * ledger settings), with its own DATA_DIR or database. Without DATA_DIR and DATABASE_URL the
 * children keep the ledger in memory (bench/env.ts).
 */
async function envFor(name: string, variant: Variant | 'soak'): Promise<Record<string, string> | null> {
  const env = benchEnv(upstream.ready.icountUrl as string, upstream.ready.freshbooksUrl as string, { LOG_LEVEL: variant === 'info' ? 'info' : 'warn' });
  // The soak runs on the SQLite ledger, what a single gateway runs with: settled rows are kept
  // LEDGER_RETENTION_DAYS (≥ 1 day) by design, so in memory a soak of unique keys would measure
  // retention, not leaks; in the file they cost disk, not RSS.
  if (variant === 'sqlite' || variant === 'soak') env.DATA_DIR = freshDataDir(name);
  if (variant === 'postgres') {
    const url = await postgresDatabase(name);
    if (!url) return null;
    env.DATABASE_URL = url;
  }
  return env;
}

/**
 * The peer runs as its users would deploy it: compiled with tsc (its own tsconfig, output in its
 * git-ignored dist/), then plain node, no tsx. Its settings come from the environment only.
 */
async function startPeer(): Promise<Child> {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'bench', 'peers', 'apollo-rest')], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`building bench/peers/apollo-rest failed:\n${build.stdout}${build.stderr}`);
  const env = benchEnv(upstream.ready.icountUrl as string, upstream.ready.freshbooksUrl as string);
  const pick = ['PORT', 'HOST', 'ICOUNT_URL', 'ICOUNT_CID', 'ICOUNT_USER', 'ICOUNT_PASS', 'FRESHBOOKS_URL', 'FRESHBOOKS_TOKEN'] as const;
  const peerEnv: Record<string, string> = { FRESHBOOKS_BASE_CURRENCY: 'USD' };
  for (const key of pick) peerEnv[key] = env[key]!;
  return Child.start('peer', 'peers/apollo-rest/dist/server.js', peerEnv, { tsx: false });
}

const children = new Map<string, Child>();
async function child(kind: 'gateway' | 'baseline' | 'peer', variant: Variant | 'soak'): Promise<Child | null> {
  const name = kind === 'peer' ? 'peer' : `${kind}:${variant}`;
  const existing = children.get(name);
  if (existing) return existing;
  if (kind === 'peer') {
    const peer = await startPeer();
    children.set(name, peer);
    return peer;
  }
  const env = await envFor(name, variant);
  if (!env) return null;
  const started = await Child.start(name, kind === 'gateway' ? 'gateway.ts' : 'baseline.ts', { BENCH_ENV: JSON.stringify(env) });
  children.set(name, started);
  return started;
}

async function shutdown(): Promise<void> {
  for (const c of children.values()) await c.stop();
  await upstream.stop();
  await postgres?.remove();
  if (tempRoot) rmSync(tempRoot, { recursive: true, force: true });
}

// ---------------------------------------------------------------------------------------------
// Scenarios.

interface ScenarioResult {
  key: string;
  title: string;
  connections: number;
  durationSeconds: number;
  skipped?: string;
  /** What the "baseline" figures of this row are: the baseline, the gateway at LOG_LEVEL=warn, or the peer. */
  reference?: string;
  referenceKind?: 'baseline' | 'gateway' | 'peer';
  preflight?: string | null;
  gateway?: Measurement;
  baseline?: Measurement;
  /** The gateway's heap growth after GC over the scenario, per request it served (≈ 0 unless it keeps something). */
  gatewayRetainedBytesPerRequest?: number;
  /** One connection: the latency a request sees when nothing queues (what "added at p50" means). */
  unloaded?: { gateway: Measurement; baseline: Measurement };
  /** gateway ÷ reference; rss compares the two processes' RSS at the end of their last loaded half. */
  ratios?: { throughput: number; p50: number; p99: number; cpu: number; rss: number };
  addedP50Ms?: number;
  unloadedAddedP50Ms?: number;
}

const all = scenarios(data);
const only = flags.only
  ?.split(',')
  .map((s) => s.trim())
  .flatMap((s) => (s === 'peer' ? ['peer-payment', 'peer-card'] : s ? [s] : []));
if (only) {
  const unknown = only.filter((k) => !all.some((s) => s.key === k));
  if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')}; known: ${all.map((s) => s.key).join(', ')}`);
}
const selected = only ? all.filter((s) => only.includes(s.key)) : SOAK ? [] : all;

const results: ScenarioResult[] = [];
const startedAt = new Date();
try {
  for (const s of selected) {
    const row: ScenarioResult = { key: s.key, title: s.title, connections: CONNECTIONS, durationSeconds: DURATION };
    results.push(row);
    const gateway = await child('gateway', s.variant);
    const referenceKind = s.reference ?? 'baseline';
    const baseline = referenceKind === 'gateway' ? await child('gateway', 'memory') : await child(referenceKind, s.variant);
    row.referenceKind = referenceKind;
    row.reference = { baseline: 'baseline', gateway: 'gateway (LOG_LEVEL=warn)', peer: 'peer (Apollo Server 5 standalone + @apollo/datasource-rest)' }[referenceKind];
    if (!gateway || !baseline) {
      row.skipped = `PostgreSQL variant skipped: ${postgresNote}`;
      console.log(`\n${s.title}: SKIPPED (${row.skipped})`);
      continue;
    }
    row.preflight = await preflight(s, gateway, baseline);
    process.stdout.write(`\n${s.title} — ${CONNECTIONS} connections, ${DURATION} s each${row.preflight ? ` [${row.preflight}]` : ''}\n`);
    Object.assign(row, await measurePair(s, gateway, baseline));
    const g = row.gateway!;
    const b = row.baseline!;
    const refName = row.referenceKind === 'peer' ? 'peer' : 'baseline';
    process.stdout.write(`  ${refName} ${b.rps} req/s, p50 ${b.p50} ms; gateway ${g.rps} req/s, p50 ${g.p50} ms\n`);
    if (row.unloaded) {
      const u = row.unloaded;
      row.unloadedAddedP50Ms = round(u.gateway.p50 - u.baseline.p50, 3);
      process.stdout.write(`  1 connection: ${refName} p50 ${u.baseline.p50} ms, gateway p50 ${u.gateway.p50} ms\n`);
    }
    row.ratios = { throughput: round(g.rps / b.rps), p50: round(g.p50 / b.p50), p99: round(g.p99 / b.p99), cpu: round(g.cpuMsPerReq / b.cpuMsPerReq), rss: round(g.rssMB / b.rssMB) };
    row.addedP50Ms = round(g.p50 - b.p50, 3);
  }

  // -------------------------------------------------------------------------------------------
  // Micro-measurements.
  let findings: Record<string, unknown> | undefined;
  if (!flags['no-findings'] && selected.length) {
    findings = {
      apolloDocumentCache: await documentCache(),
      xmlPaymentListPage: await xmlParse(upstream.ready.freshbooksUrl as string),
      perRequestSetupUs: await contextSetup(upstream.ready.icountUrl as string, upstream.ready.freshbooksUrl as string),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Soak.
  let soak: Record<string, unknown> | undefined;
  if (SOAK) soak = await runSoak(SOAK);

  // -------------------------------------------------------------------------------------------
  // Report.
  const targets = evaluate(results, soak);
  printTable(results);
  printPeer(results);
  if (findings) printFindings(findings);
  if (soak) printSoak(soak);
  console.log('\nTargets');
  for (const t of targets) console.log(`  ${t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS'}  ${t.target}: ${t.measured}`);
  if (postgresNote) console.log(`\nNote: ${postgresNote}; the PostgreSQL variant was skipped.`);

  const out = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: { durationSeconds: DURATION, connections: CONNECTIONS, warmupSeconds: WARMUP, only: only ?? null, soakSeconds: SOAK || null },
    data,
    scenarios: results,
    findings: findings ?? null,
    soak: soak ?? null,
    targets,
    notes: postgresNote ? [postgresNote] : [],
  };
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  const file = path.join(ROOT, 'bench', 'results', `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), file)}`);
} finally {
  await shutdown();
}

// ---------------------------------------------------------------------------------------------

async function runSoak(seconds: number): Promise<Record<string, unknown>> {
  const gateway = await child('gateway', 'soak');
  if (!gateway) throw new Error('the soak gateway did not start');
  const mix = soakMix(all);
  const origin = new URL(gateway.ready.url as string).origin;
  const warmup = Math.max(30, WARMUP);
  const idle = await gateway.call<ProcStats>('gc');
  console.log(`\nSoak: ${seconds} s of mixed gateway traffic (${mix.length} operations in turn), ${CONNECTIONS} connections, ledger: ${gateway.ready.ledger}; warm-up ${warmup} s`);
  await load(origin, mix, warmup, CONNECTIONS);
  await sleep(500);
  const heapStart = await gateway.call<ProcStats>('gc');
  await upstream.call('takeCounts');
  const samples: { t: number; rssMB: number; heapMB: number }[] = [];
  const t0 = Date.now();
  const sample = async () => {
    const s = await gateway.stats();
    samples.push({ t: round((Date.now() - t0) / 1000, 1), rssMB: round(s.rss / 2 ** 20, 1), heapMB: round(s.heapUsed / 2 ** 20, 1) });
    // Keep the emulators' request logs small.
    await upstream.call('takeCounts');
  };
  const timer = setInterval(() => void sample(), 5000);
  let ok = 0;
  const result = await load(origin, mix, seconds, CONNECTIONS, () => void ok++);
  clearInterval(timer);
  await sample();
  await sleep(1000);
  const heapEnd = await gateway.call<ProcStats>('gc');
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const maxRss = Math.max(...samples.map((s) => s.rssMB));
  // RSS swings with the GC cycle (the heap holds 50–200 MB of garbage between major GCs), so a
  // single sample says where in the cycle it fell: start and end are the medians of the first and
  // the last minute (a fifth of a shorter soak).
  const window = Math.min(60, seconds / 5);
  const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) / 2 : NaN;
  };
  const rssStart = round(median(samples.filter((x) => x.t <= window).map((x) => x.rssMB)), 1);
  const rssEnd = round(median(samples.filter((x) => x.t >= last.t - window).map((x) => x.rssMB)), 1);
  return {
    seconds,
    connections: CONNECTIONS,
    ledger: gateway.ready.ledger,
    operations: mix.length,
    requests: ok,
    rps: round(ok / result.duration, 1),
    non2xx: result.non2xx,
    errors: result.errors,
    mismatches: result.mismatches,
    rssIdleMB: round(idle.rss / 2 ** 20, 1),
    rssWindowSeconds: window,
    rssStartMB: rssStart,
    rssEndMB: rssEnd,
    rssFirstSampleMB: first.rssMB,
    rssLastSampleMB: last.rssMB,
    rssMinMB: Math.min(...samples.map((x) => x.rssMB)),
    rssMaxMB: maxRss,
    rssChangePct: round(((rssEnd - rssStart) / rssStart) * 100, 1),
    heapAfterGcStartMB: round(heapStart.heapUsed / 2 ** 20, 1),
    heapAfterGcEndMB: round(heapEnd.heapUsed / 2 ** 20, 1),
    samples,
  };
}

interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

function evaluate(rows: ScenarioResult[], soak: Record<string, unknown> | undefined): Target[] {
  const out: Target[] = [];
  const row = (key: string) => rows.find((r) => r.key === key && r.gateway && r.baseline);
  for (const [key, label, budget] of [['payment', 'a. payment(id) (XML)', 3], ['card', 'b. card(id) (JSON)', 1.5]] as const) {
    const r = row(key);
    if (!r) continue;
    out.push({ target: `${label}: throughput ≥ 0.6 × baseline`, measured: `${r.ratios!.throughput} × (${r.gateway!.rps} vs ${r.baseline!.rps} req/s)`, met: r.ratios!.throughput >= 0.6 });
    const u = r.unloaded;
    const added = u ? r.unloadedAddedP50Ms! : r.addedP50Ms!;
    out.push({
      target: `${label}: ≤ ${budget} ms added at p50`,
      measured: u
        ? `+${added} ms at 1 connection (${u.gateway.p50} vs ${u.baseline.p50} ms); under ${CONNECTIONS}-connection saturation +${r.addedP50Ms} ms (queueing: p50 ≈ connections / throughput)`
        : `+${added} ms (${r.gateway!.p50} vs ${r.baseline!.p50} ms, ${CONNECTIONS} connections)`,
      met: added <= budget,
    });
  }
  const nested = row('nested');
  if (nested) {
    out.push({ target: 'c. nested list: ≥ 300 req/s', measured: `${nested.gateway!.rps} req/s`, met: nested.gateway!.rps >= 300 });
    const expected = 1 + 4 * data.clients;
    const g = nested.gateway!.callsPerOp;
    out.push({
      target: `c. nested list: constant upstream calls (1 list + 4 per distinct client = ${expected}, whatever the page size)`,
      measured: `${g} calls/op (baseline ${nested.baseline!.callsPerOp})`,
      met: Math.abs(g - expected) <= 0.05 * expected && Math.abs(g - nested.baseline!.callsPerOp) <= 0.05 * expected,
    });
  }
  if (soak) {
    const change = soak.rssChangePct as number;
    out.push({
      target: 'soak: RSS flat within 5%',
      measured: `${soak.rssStartMB} → ${soak.rssEndMB} MB (${change > 0 ? '+' : ''}${change}%, medians of the first and last ${soak.rssWindowSeconds} s) over ${soak.seconds} s; heap after GC ${soak.heapAfterGcStartMB} → ${soak.heapAfterGcEndMB} MB`,
      met: Math.abs(change) <= 5,
    });
    out.push({ target: 'soak: RSS below 200 MB', measured: `max ${soak.rssMaxMB} MB`, met: (soak.rssMaxMB as number) < 200 });
  } else if (rows.length) {
    out.push({ target: 'soak: RSS flat within 5%, below 200 MB', measured: 'not run (npm run bench -- --soak 300)', met: null });
  }
  return out;
}

function pad(cells: string[], widths: number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function printTable(rows: ScenarioResult[]): void {
  if (!rows.length) return;
  const header = ['scenario', 'side', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'calls/op', 'thr ×', 'p50 ×', 'p99 ×', 'CPU ×', 'Δp50 ms', '1-conn p50', 'Δ 1-conn'];
  const lines: string[][] = [];
  for (const r of rows) {
    if (r.skipped || !r.gateway || !r.baseline) {
      lines.push([r.key, 'skipped', '', '', '', '', '', '', '', '', '', '', '', '']);
      continue;
    }
    for (const [side, m] of [['gateway', r.gateway], ['baseline', r.baseline]] as const) {
      lines.push([
        side === 'gateway' ? r.key : '',
        r.referenceKind === 'gateway' ? (side === 'gateway' ? 'gw@info' : 'gw@warn') : r.referenceKind === 'peer' && side === 'baseline' ? 'peer' : side,
        String(m.rps),
        m.p50.toFixed(2),
        m.p99.toFixed(2),
        m.cpuMsPerReq.toFixed(3),
        String(m.callsPerOp),
        side === 'gateway' ? r.ratios!.throughput.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.p50.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.p99.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.cpu.toFixed(2) : '',
        side === 'gateway' ? `+${r.addedP50Ms!.toFixed(2)}` : '',
        r.unloaded ? r.unloaded[side].p50.toFixed(2) : '',
        r.unloaded && side === 'gateway' ? `+${r.unloadedAddedP50Ms!.toFixed(2)}` : '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s per side (halves in the order baseline, gateway, gateway, baseline; after ${WARMUP} s warm-up); ` +
      `1-conn: ${LATENCY_DURATION} s per side at 1 connection. ${os.cpus().length} CPUs, Node ${process.version}. Latencies in ms; × = gateway / baseline (gw@warn, or the peer).`,
  );
  console.log(pad(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(pad(l, widths));
  const problems = rows.flatMap((r) =>
    [r.gateway, r.baseline].flatMap((m, i) =>
      m && (m.non2xx || m.errors || m.mismatches) ? [`${r.key} ${i ? (r.referenceKind === 'peer' ? 'peer' : 'baseline') : 'gateway'}: ${m.non2xx} non-2xx, ${m.errors} errors, ${m.mismatches} answers with GraphQL errors`] : [],
    ),
  );
  for (const p of problems) console.log(`  ! ${p}`);
  const differing = rows.filter((r) => r.preflight);
  for (const r of differing) console.log(`  ! ${r.key}: ${r.preflight}`);
  console.log('\nUpstream calls per operation, by method (gateway):');
  for (const r of rows) {
    if (!r.gateway) continue;
    const perOp = (m: Measurement) => Object.entries(m.calls).map(([method, c]) => `${method} ${round(c / m.sent, 2)}`).join(', ') || 'none';
    // The peer makes its own choice of calls (invoice.get for a payment's currency where paygraph lists the client's invoices).
    const peerCalls = r.referenceKind === 'peer' && r.baseline ? ` (peer: ${perOp(r.baseline)})` : '';
    console.log(
      `  ${r.key}: ${perOp(r.gateway)}${peerCalls}; new upstream connections per 1000 requests: gateway ${r.gateway.newUpstreamSocketsPer1000}, ` +
        `${r.referenceKind === 'baseline' ? 'baseline' : r.referenceKind === 'peer' ? 'peer' : 'reference'} ${r.baseline!.newUpstreamSocketsPer1000}; emulators' CPU ${r.gateway.upstreamCpuMsPerReq} ms/req; ` +
        `gateway heap kept after GC ${r.gatewayRetainedBytesPerRequest} B/request`,
    );
  }
}

/** paygraph ÷ the peer, the comparison of issue 14: throughput, CPU per request and RSS side by side. */
function printPeer(rows: ScenarioResult[]): void {
  const peerRows = rows.filter((r) => r.referenceKind === 'peer' && r.gateway && r.baseline);
  if (!peerRows.length) return;
  const header = ['query', 'paygraph req/s', 'peer req/s', 'req/s ×', 'paygraph CPU ms/req', 'peer CPU ms/req', 'CPU ×', 'paygraph RSS MB', 'peer RSS MB', 'RSS ×'];
  const lines = peerRows.map((r) => {
    const [g, p, x] = [r.gateway!, r.baseline!, r.ratios!];
    return [r.key.replace(/^peer-/, '') + '(id)', String(g.rps), String(p.rps), x.throughput.toFixed(2), g.cpuMsPerReq.toFixed(3), p.cpuMsPerReq.toFixed(3), x.cpu.toFixed(2), g.rssMB.toFixed(1), p.rssMB.toFixed(1), x.rss.toFixed(2)];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  console.log(
    `\npaygraph ÷ peer (bench/peers/apollo-rest: Apollo Server 5 standalone + @apollo/datasource-rest, compiled, no API keys, limits, metrics or logs), ` +
      `same GraphQL request, ${CONNECTIONS} connections; × = paygraph / peer (req/s: higher is better for paygraph; CPU and RSS: lower is). RSS at the end of each side's last half:`,
  );
  console.log(pad(header, widths));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(pad(l, widths));
}

function printFindings(f: Record<string, unknown>): void {
  const doc = f.apolloDocumentCache as { operations: number; parses: number; validations: number };
  const xml = f.xmlPaymentListPage as { bytes: number; payments: number; validateUs: number; parseResponseUs: number; mapUs: number };
  const setup = f.perRequestSetupUs as Record<string, number>;
  console.log('\nFindings');
  console.log(`  Apollo document cache: ${doc.operations} identical operations → ${doc.parses} parse, ${doc.validations} validation`);
  const ms = (us: number) => round(us / 1000, 3);
  console.log(
    `  payment.list page of ${xml.payments} (${round(xml.bytes / 1024, 1)} KiB XML): parseResponse ${ms(xml.parseResponseUs)} ms ` +
      `(of which XMLValidator ${ms(xml.validateUs)} ms); mapping 100 payments ${ms(xml.mapUs)} ms`,
  );
  console.log(`  per-request setup (µs): ${Object.entries(setup).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}

function printSoak(s: Record<string, unknown>): void {
  console.log(`\nSoak: ${s.seconds} s, ${s.rps} req/s mixed (${s.requests} requests, ${s.non2xx} non-2xx, ${s.errors} errors, ${s.mismatches} with GraphQL errors), ledger ${s.ledger}`);
  console.log(
    `  RSS (median of the first / last ${s.rssWindowSeconds} s, sampled every 5 s) ${s.rssStartMB} MB at start → ${s.rssEndMB} MB at end (${s.rssChangePct}%); ` +
      `samples ${s.rssFirstSampleMB} … ${s.rssLastSampleMB} MB, range ${s.rssMinMB}–${s.rssMaxMB} MB; ${s.rssIdleMB} MB idle before any traffic; ` +
      `heap after a full GC ${s.heapAfterGcStartMB} MB before → ${s.heapAfterGcEndMB} MB after`,
  );
}
