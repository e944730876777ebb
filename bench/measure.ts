/**
 * Measuring one target: load from autocannon, the target's CPU time and RSS over IPC, upstream
 * calls from the emulators' request logs (bench/upstreams.ts).
 */
import autocannon from 'autocannon';
import type { Child } from './ipc.js';
import { AUTH_HEADERS, type BenchRequest } from './scenarios.js';

export interface Measurement {
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
  /** The highest RSS sampled (every 500 ms) while the load ran. */
  rssPeakMB: number;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** A GraphQL answer with errors is a failure even under HTTP 200. */
const verifyBody = (body: string) => !body.includes('"errors"');

export async function load(url: string, request: BenchRequest | BenchRequest[], seconds: number, connections: number, onLatency?: (ms: number) => void) {
  const requests = (Array.isArray(request) ? request : [request]).map((r) => ({ method: r.method, path: r.path, body: r.body, headers: { ...AUTH_HEADERS, ...r.headers } }));
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

/**
 * Waits until the emulators stop receiving calls and `target` stops working: requests still in
 * flight have finished, including those autocannon gave up on at the end of a run, which the target
 * still completes (a cold nested list may spend longer than `quietMs` parsing between its rounds of
 * calls). Quiet means no new call for `quietMs` (longer than one call takes when the emulators add
 * latency) and the target using under a quarter of a core meanwhile.
 */
export async function settle(upstream: Child, quietMs = 300, target?: Child): Promise<void> {
  let last = -1;
  let cpu = target ? (await target.stats()).cpuMicros : 0;
  for (let i = 0; i < 30_000 / quietMs; i++) {
    const total = await upstream.call<number>('peekTotal');
    const nowCpu = target ? (await target.stats()).cpuMicros : 0;
    if (total === last && nowCpu - cpu < quietMs * 250) return;
    last = total;
    cpu = nowCpu;
    await sleep(quietMs);
  }
}

/** What one side accumulates over its segments. */
export class Side {
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
  rssPeak = 0;
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
      rssPeakMB: round(this.rssPeak / 2 ** 20, 1),
    };
  }
}

/** One segment of load on one side; counts are exact because in-flight requests are waited for. */
export async function segment(side: Side, target: Child, upstream: Child, request: BenchRequest, seconds: number, connections: number, quietMs?: number): Promise<void> {
  await settle(upstream, quietMs);
  await upstream.call('takeCounts');
  const [before, upBefore] = await Promise.all([target.stats(), upstream.stats()]);
  const sampler = setInterval(() => void target.stats().then((s) => (side.rssPeak = Math.max(side.rssPeak, s.rss)), () => undefined), 500);
  const result = await load(new URL(target.ready.url as string).origin, request, seconds, connections, side.record);
  clearInterval(sampler);
  await settle(upstream, quietMs, target);
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
  side.rssPeak = Math.max(side.rssPeak, after.rss);
  for (const [m, c] of Object.entries(calls)) side.calls[m] = (side.calls[m] ?? 0) + c;
}

/** One request, checked: 200 without GraphQL errors; its `data`. */
export async function ask(target: Child, r: BenchRequest): Promise<unknown> {
  const body = r.body?.replaceAll('[<id>]', `preflight-${target.name}-${Date.now()}`);
  const res = await fetch(`${new URL(target.ready.url as string).origin}${r.path}`, { method: r.method, headers: { ...AUTH_HEADERS, ...r.headers }, body });
  const json = (await res.json()) as { data?: unknown; errors?: unknown };
  if (res.status !== 200 || json.errors) throw new Error(`${target.name} answered ${res.status}: ${JSON.stringify(json).slice(0, 300)}`);
  return json.data;
}

/** The upstream calls of exactly one request, by method (nothing else runs meanwhile). */
export async function callsOf(target: Child, upstream: Child, r: BenchRequest, quietMs?: number): Promise<{ total: number; byMethod: Record<string, number> }> {
  await settle(upstream, quietMs);
  await upstream.call('takeCounts');
  await ask(target, r);
  await settle(upstream, quietMs, target);
  const byMethod = await upstream.call<Record<string, number>>('takeCounts');
  return { total: Object.values(byMethod).reduce((a, b) => a + b, 0), byMethod };
}
