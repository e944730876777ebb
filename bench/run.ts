/**
 * `npm run bench`: what the gateway costs against calling the upstreams directly and against the
 * plain Apollo peer, what the read cache saves, and what slow upstreams cost, measured in one run on
 * this machine. See `npm run bench -- --help`.
 *
 * Processes: this one drives load (autocannon); one child runs both emulators (no added latency
 * except in the latency scenario); the gateway runs as `npm start` runs it (bench/gateway.ts:
 * `npm run build` once, then `node --enable-source-maps dist/index.js`, compiled JavaScript, no
 * tsx); one runs the baseline (bench/baseline.ts, under tsx: a bare node:http handler making the
 * same upstream calls with the same clients and parsing); one runs the peer (bench/peers/apollo-rest:
 * plain Apollo Server 5 + RESTDataSource, compiled with tsc and run with plain node, sharing no code
 * with paygraph) for the `peer-*` scenarios and the latency scenario.
 * Each process's CPU time and RSS are its own, and the emulators' request logs count upstream calls.
 * Both sides keep the payments ledger in the same kind of place: an SQLite file in a fresh DATA_DIR
 * each (where `npm start` keeps it), or a PostgreSQL database each on one throwaway server
 * (test/support/postgres-server.ts).
 */
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
import { buildGateway, startGateway } from './gateway.js';
import { Child, type ProcStats } from './ipc.js';
import { contextSetup, documentCache, xmlParse } from './findings.js';
import { ask, load, round, segment, settle, Side, sleep, type Measurement } from './measure.js';
import { cacheCalls, measureLatency, type CacheCalls, type LatencyResult } from './nested.js';
import { printGrid, printSummary, summaryRows, type Target } from './summary.js';
import { scenarios, soakMix, type Scenario, type Variant } from './scenarios.js';
import type { BenchData } from './seed.js';

const HELP = `npm run bench [-- options]

  --duration <s>      seconds measured per target per scenario (default 10)
  --connections <n>   concurrent connections (default 10)
  --warmup <s>        unmeasured load before each measurement (default 2)
  --latency-duration <s>  seconds per side of the unloaded latency run, 1 connection (default 4; 0: none)
  --only <keys>       comma-separated scenarios (default: all):
                        payment, card, nested, charge, charge-postgres, currencies, page — the
                          gateway against the baseline (bench/baseline.ts, same upstream calls)
                        peer-payment, peer-card (\`peer\` = both) — against plain Apollo Server +
                          RESTDataSource (bench/peers/apollo-rest) on the same queries
                        cache — the nested list warm against cold (Cache-Control: no-cache), and
                          the upstream calls of one request cold (page of 20 and of 100) and warm
                        latency — the nested list's p50 cold and warm and the peer's, with the
                          emulators as they are, then slowed down (--upstream-latency); in
                          upstream round trips
                        idle — RSS of a fresh gateway after one request and --idle-seconds idle
                        logging — card(id) at LOG_LEVEL=info against warn
  --upstream-latency <icount,freshbooks>  ms added to every call in the latency scenario (default 60,120)
  --latency-scenario-duration <s>  seconds per side of the latency scenario (default 6)
  --latency-scenario-connections <n>  its connections (default 1: latency, not throughput)
  --idle-seconds <s>  how long the idle gateway rests before its RSS is read (default 5)
  --soak <s>          a soak of mixed gateway traffic for <s> seconds (RSS at start and end);
                      runs the soak only, unless --only is given too
  --cpu-prof <dir>    write a CPU profile of every gateway process into <dir> (node --cpu-prof;
                      open it in Chrome DevTools or speedscope)
  --node-flags "<flags>"  extra node flags for every gateway process, to try a V8 setting against
                      the same run without it (e.g. "--max-semi-space-size=4")
  --no-findings       skip the micro-measurements (document cache, XML parse, per-request setup)
  --no-build          run dist/ as it is instead of \`npm run build\` first
  --warm-reads        send the single reads (payment, card, peer-*, page, logging) without
                      Cache-Control: no-cache, so the gateway may answer them from its read cache

The gateway runs as \`npm start\` runs it: dist/ (built once at the start), plain node,
NODE_ENV=production, the ledger in an SQLite file. Reads are sent cold (Cache-Control: no-cache),
so every side makes the same upstream calls, except the cache scenario's warm side and currencies
(and the single reads with --warm-reads).
Results: tables on stdout (the last one, issue 14's summary with its targets) and
bench/results/<timestamp>.json.`;

const { values: flags } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    'latency-duration': { type: 'string', default: '4' },
    only: { type: 'string' },
    soak: { type: 'string' },
    'no-findings': { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    'warm-reads': { type: 'boolean', default: false },
    'upstream-latency': { type: 'string', default: '60,120' },
    'latency-scenario-duration': { type: 'string', default: '6' },
    'latency-scenario-connections': { type: 'string', default: '1' },
    'idle-seconds': { type: 'string', default: '5' },
    'cpu-prof': { type: 'string' },
    'node-flags': { type: 'string' },
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
const CPU_PROF_DIR = flags['cpu-prof'] ? path.resolve(flags['cpu-prof']) : undefined;
const GATEWAY_NODE_FLAGS = [...(flags['node-flags']?.split(/\s+/).filter(Boolean) ?? []), ...(CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [])];
const CONNECTIONS = Math.floor(positive('connections', flags.connections, 1));
const WARMUP = positive('warmup', flags.warmup, 0);
const LATENCY_DURATION = positive('latency-duration', flags['latency-duration'], 0);
const SOAK = flags.soak === undefined ? 0 : positive('soak', flags.soak, 10);
const [ICOUNT_LATENCY, FRESHBOOKS_LATENCY] = (() => {
  const parts = flags['upstream-latency'].split(',');
  if (parts.length !== 2) throw new Error('--upstream-latency must be <icount ms>,<freshbooks ms>');
  return parts.map((p) => positive('upstream-latency', p, 0));
})() as [number, number];
const LATENCY_SCENARIO_DURATION = positive('latency-scenario-duration', flags['latency-scenario-duration'], 1);
const LATENCY_SCENARIO_CONNECTIONS = Math.floor(positive('latency-scenario-connections', flags['latency-scenario-connections'], 1));
const IDLE_SECONDS = positive('idle-seconds', flags['idle-seconds'], 0);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');


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
      await settle(upstream, undefined, t.child);
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
  const answer = async (child: Child, r: Scenario['gateway']) => {
    const data = await ask(child, r);
    return s.normalise ? s.normalise(data) : data;
  };
  const [g, b] = [await answer(gateway, s.gateway), await answer(baseline, s.baseline)];
  return JSON.stringify(g) === JSON.stringify(b) ? null : `the gateway and the ${s.reference ?? 'baseline'} answered different data: ${JSON.stringify(g).slice(0, 200)} vs ${JSON.stringify(b).slice(0, 200)}`;
}

// ---------------------------------------------------------------------------------------------
// Processes.

if (!flags['no-build']) {
  process.stdout.write('Building the gateway (npm run build) and the bench probe…\n');
  buildGateway();
}
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
 * ledger settings), with its own DATA_DIR or database. Every process but the PostgreSQL variant's
 * keeps its ledger in an SQLite file in a fresh DATA_DIR, where `npm start` keeps it against real
 * accounts (a ledger in memory exists only in demo mode).
 */
async function envFor(name: string, variant: Variant | 'soak' | 'idle'): Promise<Record<string, string> | null> {
  const env = benchEnv(upstream.ready.icountUrl as string, upstream.ready.freshbooksUrl as string, { LOG_LEVEL: variant === 'info' ? 'info' : 'warn' });
  if (variant !== 'postgres') env.DATA_DIR = freshDataDir(name);
  else {
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
  // NODE_ENV=production, as the gateway runs (bench/gateway.ts).
  const peerEnv: Record<string, string> = { FRESHBOOKS_BASE_CURRENCY: 'USD', NODE_ENV: 'production' };
  for (const key of pick) peerEnv[key] = env[key]!;
  return Child.start('peer', 'peers/apollo-rest/dist/server.js', peerEnv, { tsx: false });
}

const children = new Map<string, Child>();
async function child(kind: 'gateway' | 'baseline' | 'peer', variant: Variant | 'soak' | 'idle'): Promise<Child | null> {
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
  const started =
    kind === 'gateway'
      ? await startGateway(name, env, env.DATA_DIR ?? freshDataDir(name), GATEWAY_NODE_FLAGS)
      : await Child.start(name, 'baseline.ts', { BENCH_ENV: JSON.stringify(env) });
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
  /** The cache scenario: the upstream calls of single requests, cold and warm. */
  cacheCalls?: CacheCalls;
  /** What the two sides are called in the tables, when not gateway and baseline/peer. */
  labels?: Scenario['labels'];
}

const all = scenarios(data, { warmReads: flags['warm-reads'] });
/** Scenarios measured their own way rather than as a gateway/reference pair. */
const SPECIAL = ['latency', 'idle'] as const;
const ALIASES: Record<string, string[]> = { peer: ['peer-payment', 'peer-card'], 'charge-sqlite': ['charge'] };
const only = flags.only
  ?.split(',')
  .map((s) => s.trim())
  .flatMap((s) => ALIASES[s] ?? (s ? [s] : []));
if (only) {
  const known = [...all.map((s) => s.key), ...SPECIAL];
  const unknown = only.filter((k) => !known.includes(k));
  if (unknown.length) throw new Error(`--only: unknown scenario ${unknown.join(', ')}; known: ${known.join(', ')}, peer`);
}
const selected = only ? all.filter((s) => only.includes(s.key)) : SOAK ? [] : all;
const runs = (key: (typeof SPECIAL)[number]) => (only ? only.includes(key) : !SOAK);

const results: ScenarioResult[] = [];
const startedAt = new Date();
try {
  for (const s of selected) {
    const row: ScenarioResult = { key: s.key, title: s.title, connections: CONNECTIONS, durationSeconds: DURATION, ...(s.labels ? { labels: s.labels } : {}) };
    results.push(row);
    const gateway = await child('gateway', s.variant);
    const referenceKind = s.reference ?? 'baseline';
    const baseline = referenceKind === 'gateway' ? await child('gateway', 'sqlite') : await child(referenceKind, s.variant);
    row.referenceKind = referenceKind;
    row.reference = s.labels?.reference ?? { baseline: 'baseline', gateway: 'gateway (LOG_LEVEL=warn)', peer: 'peer (Apollo Server 5 standalone + @apollo/datasource-rest)' }[referenceKind];
    if (!gateway || !baseline) {
      row.skipped = `PostgreSQL variant skipped: ${postgresNote}`;
      console.log(`\n${s.title}: SKIPPED (${row.skipped})`);
      continue;
    }
    row.preflight = await preflight(s, gateway, baseline);
    process.stdout.write(`\n${s.title} — ${CONNECTIONS} connections, ${DURATION} s each${row.preflight ? ` [${row.preflight}]` : ''}\n`);
    if (s.key === 'cache') {
      // After the pre-flight, so the iCount login and the currency list are not counted.
      row.cacheCalls = await cacheCalls(gateway, upstream);
      const c = row.cacheCalls;
      process.stdout.write(`  one request: cold ${c.cold.map((x) => `${x.calls} calls (page of ${x.perPage})`).join(', ')}; warm ${c.warm.calls} calls\n`);
    }
    Object.assign(row, await measurePair(s, gateway, baseline));
    const g = row.gateway!;
    const b = row.baseline!;
    const refName = s.labels?.reference ?? (row.referenceKind === 'peer' ? 'peer' : 'baseline');
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
  // Slow upstreams: the nested list cold and warm next to the peer.
  let latency: LatencyResult | undefined;
  if (runs('latency')) {
    const [gateway, peer] = [await child('gateway', 'sqlite'), await child('peer', 'sqlite')];
    process.stdout.write(
      `\nlatency: nested payments(perPage: 100) with every iCount call +${ICOUNT_LATENCY} ms and every FreshBooks call +${FRESHBOOKS_LATENCY} ms — ` +
        `${LATENCY_SCENARIO_CONNECTIONS} connection(s), ${LATENCY_SCENARIO_DURATION} s each, cold, warm and the peer, first with no added latency\n`,
    );
    latency = await measureLatency({
      gateway: gateway!, peer: peer!, upstream, icountMs: ICOUNT_LATENCY, freshbooksMs: FRESHBOOKS_LATENCY,
      seconds: LATENCY_SCENARIO_DURATION, connections: LATENCY_SCENARIO_CONNECTIONS,
    });
    const l = latency;
    process.stdout.write(
      `  p50 cold ${l.cold.p50} ms, warm ${l.warm.p50} ms, peer ${l.peer.p50} ms (with no added latency ${l.fast.cold.p50}, ${l.fast.warm.p50}, ${l.fast.peer.p50} ms)` +
        `${l.preflight ? ` [${l.preflight}]` : ''}\n`,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Idle memory: a fresh gateway, one request, then nothing.
  let idle: IdleResult | undefined;
  if (runs('idle')) idle = await measureIdle();

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
  const targets = evaluate(results, soak, idle, latency);
  const summary = summaryRows(results, latency, idle);
  printTable(results);
  printPeer(results);
  if (findings) printFindings(findings);
  if (soak) printSoak(soak);
  const notes = [
    ...(postgresNote ? [`${postgresNote}; the PostgreSQL variant was skipped`] : []),
    flags['warm-reads']
      ? 'single reads were sent without Cache-Control: no-cache (--warm-reads): the gateway may have answered them from its read cache (calls/op in the first table) while the peer and the baseline call upstream every time'
      : 'single reads were sent cold (Cache-Control: no-cache): every side made the same upstream calls (--warm-reads to leave the header off)',
    'the gateway ran as npm start runs it (dist/, plain node, NODE_ENV=production); the baseline (bench/baseline.ts) still runs under tsx, ' +
      'so its figures include tsx\'s cost (about 35 µs CPU per request and 38 MB RSS when last measured)',
  ];
  printSummary(summary, targets, notes, latency);

  const out = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGB: round(os.totalmem() / 2 ** 30, 1), node: process.version, platform: `${os.platform()} ${os.release()}` },
    settings: {
      durationSeconds: DURATION, connections: CONNECTIONS, warmupSeconds: WARMUP, only: only ?? null, soakSeconds: SOAK || null, warmReads: flags['warm-reads'], nodeFlags: flags['node-flags'] ?? null,
      upstreamLatencyMs: { icount: ICOUNT_LATENCY, freshbooks: FRESHBOOKS_LATENCY }, latencyScenarioSeconds: LATENCY_SCENARIO_DURATION,
      latencyScenarioConnections: LATENCY_SCENARIO_CONNECTIONS, idleSeconds: IDLE_SECONDS, built: !flags['no-build'],
    },
    data,
    summary,
    scenarios: results,
    latency: latency ?? null,
    idle: idle ?? null,
    findings: findings ?? null,
    soak: soak ?? null,
    targets,
    notes,
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

function notRun(target: string, how: string): Target {
  return { target, measured: `not run (${how})`, met: null };
}

/** Issue 14's targets ("What to reach", items 2–5). */
function evaluate(rows: ScenarioResult[], soak: Record<string, unknown> | undefined, idle: IdleResult | undefined, latency: LatencyResult | undefined): Target[] {
  const out: Target[] = [];
  const row = (key: string) => rows.find((r) => r.key === key && r.gateway && r.baseline);
  for (const [key, label] of [['peer-card', 'card(id)'], ['peer-payment', 'payment(id)']] as const) {
    const target = `${label}: throughput ≥ 1.0 × the peer`;
    const r = row(key);
    out.push(r ? { target, measured: `${r.ratios!.throughput} × (${r.gateway!.rps} vs ${r.baseline!.rps} req/s)`, met: r.ratios!.throughput >= 1 } : notRun(target, `--only ${key}`));
  }
  {
    const target = 'fixed gateway CPU ≤ 0.15 ms per request (currencies, from the process cache)';
    const r = row('currencies');
    out.push(r ? { target, measured: `${r.gateway!.cpuMsPerReq} ms (the baseline ${r.baseline!.cpuMsPerReq} ms)`, met: r.gateway!.cpuMsPerReq <= 0.15 } : notRun(target, '--only currencies'));
  }
  {
    const target = 'idle RSS ≤ 120 MB';
    out.push(idle ? { target, measured: `${idle.rssMB} MB (fresh gateway, one request, ${idle.seconds} s idle; ${idle.rssAtStartMB} MB when it started listening)`, met: idle.rssMB <= 120 } : notRun(target, '--only idle'));
  }
  {
    const target = 'RSS under load ≤ 200 MB';
    // Every gateway process under load: both sides of rows whose reference is a gateway too.
    const peaks = rows.flatMap((r) => [
      ...(r.gateway ? [{ where: r.key, mb: r.gateway.rssPeakMB }] : []),
      ...(r.referenceKind === 'gateway' && r.baseline ? [{ where: `${r.key} (${r.labels?.reference ?? 'reference'})`, mb: r.baseline.rssPeakMB }] : []),
    ]);
    if (soak) peaks.push({ where: 'soak', mb: soak.rssMaxMB as number });
    const top = peaks.reduce<{ where: string; mb: number } | null>((a, b) => (a && a.mb >= b.mb ? a : b), null);
    out.push(top ? { target, measured: `peak ${top.mb} MB (${top.where}; of ${peaks.length} loaded runs, scenarios sampled every 500 ms, the soak every 5 s)`, met: top.mb <= 200 } : notRun(target, 'any loaded scenario'));
  }
  {
    const target = 'chargeCard with the ledger (SQLite file) ≥ 0.8 × the bare proxy making the same upstream calls';
    const r = row('charge');
    out.push(
      r
        ? { target, measured: `${r.ratios!.throughput} × (${r.gateway!.rps} vs ${r.baseline!.rps} req/s; calls/op ${r.gateway!.callsPerOp} vs ${r.baseline!.callsPerOp})`, met: r.ratios!.throughput >= 0.8 }
        : notRun(target, '--only charge'),
    );
  }
  const cache = row('cache');
  {
    const target = 'warm nested list ≤ 2 upstream calls';
    const c = cache?.cacheCalls;
    if (cache && c) {
      const worst = Math.max(c.warm.calls, cache.gateway!.callsPerOp);
      const methods = Object.entries(c.warm.byMethod).map(([m, n]) => `${m} ${n}`).join(', ') || 'none';
      out.push({ target, measured: `${c.warm.calls} for one request (${methods}), ${cache.gateway!.callsPerOp}/op under load`, met: worst <= 2 });
    } else out.push(notRun(target, '--only cache'));
  }
  {
    const expected = 1 + 4 * data.clients;
    const target = `cold nested list: upstream calls independent of page size (all ${data.clients} clients on every page: 1 list + 4 per client = ${expected})`;
    const c = cache?.cacheCalls;
    const nested = row('nested');
    const baselineNote = nested ? `; under load the gateway ${nested.gateway!.callsPerOp}/op, the baseline ${nested.baseline!.callsPerOp}/op` : '';
    out.push(c ? { target, measured: `${c.cold.map((x) => `${x.calls} (page of ${x.perPage})`).join(', ')}${baselineNote}`, met: c.cold.every((x) => x.calls === c.cold[0]!.calls) } : notRun(target, '--only cache'));
  }
  for (const [side, budget] of [['cold', 3], ['warm', 1]] as const) {
    // A round trip is a call the request waits for: the p50's growth when every call is slowed,
    // in the slower upstream's added latency, to the nearest whole one (the gateway's own time is
    // the p50 with no added latency, reported next to it).
    const target = `nested list at +${ICOUNT_LATENCY}/+${FRESHBOOKS_LATENCY} ms per call, ${side}: waits for ≤ ${budget} upstream round trip${budget > 1 ? 's' : ''} ((p50 − p50 unslowed) ÷ ${Math.max(ICOUNT_LATENCY, FRESHBOOKS_LATENCY)} ms, rounded)`;
    out.push(
      latency
        ? {
            target,
            measured:
              `${latency.waits[side]} waiting (p50 ${latency[side].p50} ms = ${latency.roundTrips[side]} × ${Math.max(ICOUNT_LATENCY, FRESHBOOKS_LATENCY)} ms; ` +
              `the peer ${latency.peer.p50} ms = ${latency.roundTrips.peer}, ${latency.waits.peer} waiting)`,
            met: Math.round(latency.waits[side]) <= budget,
          }
        : notRun(target, '--only latency'),
    );
  }
  if (soak) {
    const change = soak.rssChangePct as number;
    out.push({
      target: 'soak: RSS flat within 5%',
      measured: `${soak.rssStartMB} → ${soak.rssEndMB} MB (${change > 0 ? '+' : ''}${change}%, medians of the first and last ${soak.rssWindowSeconds} s) over ${soak.seconds} s; heap after GC ${soak.heapAfterGcStartMB} → ${soak.heapAfterGcEndMB} MB`,
      met: Math.abs(change) <= 5,
    });
  } else out.push(notRun('soak: RSS flat within 5%', 'npm run bench -- --soak 300'));
  return out;
}

interface IdleResult {
  seconds: number;
  /** RSS after one request and `seconds` of nothing. */
  rssMB: number;
  heapUsedMB: number;
  /** RSS when /healthz first answered. */
  rssAtStartMB: number;
}

/** A fresh gateway (as npm start runs it), warmed by one card(id), left idle, then its RSS as the OS sees it (no forced GC). */
async function measureIdle(): Promise<IdleResult> {
  const env = (await envFor('gateway:idle', 'idle'))!;
  const gateway = await startGateway('gateway:idle', env, env.DATA_DIR!, GATEWAY_NODE_FLAGS);
  try {
    const atStart = await gateway.stats();
    await ask(gateway, all.find((s) => s.key === 'card')!.gateway);
    await sleep(IDLE_SECONDS * 1000);
    const after = await gateway.stats();
    const result = { seconds: IDLE_SECONDS, rssMB: round(after.rss / 2 ** 20, 1), heapUsedMB: round(after.heapUsed / 2 ** 20, 1), rssAtStartMB: round(atStart.rss / 2 ** 20, 1) };
    process.stdout.write(`\nidle: a fresh gateway ${result.rssAtStartMB} MB RSS when listening, ${result.rssMB} MB after one card(id) and ${IDLE_SECONDS} s idle (heap ${result.heapUsedMB} MB)\n`);
    return result;
  } finally {
    await gateway.stop();
  }
}

function signed(n: number): string {
  return `${n >= 0 ? '+' : ''}${n.toFixed(2)}`;
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
        r.labels ? r.labels[side === 'gateway' ? 'gateway' : 'reference'] : r.referenceKind === 'peer' && side === 'baseline' ? 'peer' : side,
        String(m.rps),
        m.p50.toFixed(2),
        m.p99.toFixed(2),
        m.cpuMsPerReq.toFixed(3),
        String(m.callsPerOp),
        side === 'gateway' ? r.ratios!.throughput.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.p50.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.p99.toFixed(2) : '',
        side === 'gateway' ? r.ratios!.cpu.toFixed(2) : '',
        side === 'gateway' ? signed(r.addedP50Ms!) : '',
        r.unloaded ? r.unloaded[side].p50.toFixed(2) : '',
        r.unloaded && side === 'gateway' ? signed(r.unloadedAddedP50Ms!) : '',
      ]);
    }
  }
  console.log(
    `\n${CONNECTIONS} connections, ${DURATION} s per side (halves in the order baseline, gateway, gateway, baseline; after ${WARMUP} s warm-up); ` +
      `1-conn: ${LATENCY_DURATION} s per side at 1 connection. ${os.cpus().length} CPUs, Node ${process.version}. Latencies in ms; × = gateway ÷ the other side (baseline, peer, gw@warn, or cold for the cache row).`,
  );
  printGrid(header, lines);
  const problems = rows.flatMap((r) =>
    [r.gateway, r.baseline].flatMap((m, i) =>
      m && (m.non2xx || m.errors || m.mismatches || !m.ok)
        ? [`${r.key} ${i ? (r.labels?.reference ?? (r.referenceKind === 'peer' ? 'peer' : 'baseline')) : (r.labels?.gateway ?? 'gateway')}: ${m.non2xx} non-2xx, ${m.errors} errors, ${m.mismatches} answers with GraphQL errors${m.ok ? '' : ', no answer within the measured time (a longer --duration)'}`]
        : [],
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
  console.log(
    `\npaygraph ÷ peer (bench/peers/apollo-rest: Apollo Server 5 standalone + @apollo/datasource-rest, compiled, no API keys, limits, metrics or logs), ` +
      `same GraphQL request, ${CONNECTIONS} connections; × = paygraph / peer (req/s: higher is better for paygraph; CPU and RSS: lower is). RSS at the end of each side's last half:`,
  );
  printGrid(header, lines);
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
