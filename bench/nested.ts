/**
 * The nested list of issue 14 (a page of payments with client, stored cards and invoice), cold and
 * warm: cold is the request sent with `Cache-Control: no-cache` (the gateway bypasses its
 * cross-request read cache for it), warm the same request without the header. Nothing here knows
 * how the cache works; until it exists, warm costs what cold costs.
 *
 * - `cacheCalls`: the upstream calls of exactly one request, from the emulators' request logs: cold
 *   at two page sizes (the bench data puts all 10 clients on any page of 10 or more, so equal counts
 *   mean independent of page size) and warm after one priming request.
 * - `measureLatency`: the p50 of the nested list cold and warm, next to the peer answering the
 *   same query with its per-field resolvers, first with the emulators as they are, then made slow
 *   (every iCount call 60 ms, every FreshBooks call 120 ms by default); few connections, since this
 *   is about latency. The difference between the two p50s is the time spent waiting on upstreams,
 *   whatever the machine's speed: in round trips, how many calls in a row the request waits for.
 */
import type { Child } from './ipc.js';
import { ask, callsOf, round, segment, Side, type Measurement } from './measure.js';
import { graphql, NESTED, nestedQuery, NO_CACHE } from './scenarios.js';

export interface CacheCalls {
  /** Cold, per page size: upstream calls of one request. */
  cold: { perPage: number; calls: number; byMethod: Record<string, number> }[];
  /** Warm (after one priming request), page of 100. */
  warm: { perPage: number; calls: number; byMethod: Record<string, number> };
}

export async function cacheCalls(gateway: Child, upstream: Child): Promise<CacheCalls> {
  const cold = [];
  for (const perPage of [20, 100]) {
    const { total, byMethod } = await callsOf(gateway, upstream, graphql(nestedQuery(perPage), undefined, false, NO_CACHE));
    cold.push({ perPage, calls: total, byMethod });
  }
  await ask(gateway, graphql(NESTED));
  const warm = await callsOf(gateway, upstream, graphql(NESTED));
  return { cold, warm: { perPage: 100, calls: warm.total, byMethod: warm.byMethod } };
}

export interface LatencyResult {
  icountMs: number;
  freshbooksMs: number;
  /** One upstream round trip: the slower upstream's added latency per call. */
  roundTripMs: number;
  connections: number;
  secondsPerSide: number;
  cold: Measurement;
  warm: Measurement;
  peer: Measurement;
  /** The same three with no added latency. */
  fast: { cold: Measurement; warm: Measurement; peer: Measurement };
  /** p50 ÷ roundTripMs. */
  roundTrips: { cold: number; warm: number; peer: number };
  /** (p50 − p50 with no added latency) ÷ roundTripMs: upstream waiting alone, in round trips. */
  waits: { cold: number; warm: number; peer: number };
  /** Whether paygraph and the peer answered the same data (null: they did). */
  preflight: string | null;
}

export interface LatencyOptions {
  gateway: Child;
  peer: Child;
  upstream: Child;
  icountMs: number;
  freshbooksMs: number;
  seconds: number;
  connections: number;
}

type Sides = Record<'cold' | 'warm' | 'peer', { target: Child; request: ReturnType<typeof graphql>; side: Side }>;

/** One request each first (the iCount login, the peer's session, the warm side's cache), then halves in the order cold, warm, peer, peer, warm, cold. */
async function measureSides(o: LatencyOptions, sides: Sides, quietMs: number): Promise<string | null> {
  const [ours, theirs] = [await ask(o.gateway, sides.cold.request), await ask(o.peer, sides.peer.request)];
  await ask(o.gateway, sides.warm.request);
  for (const key of ['cold', 'warm', 'peer', 'peer', 'warm', 'cold'] as const) {
    const s = sides[key];
    await segment(s.side, s.target, o.upstream, s.request, o.seconds / 2, o.connections, quietMs);
  }
  return JSON.stringify(ours) === JSON.stringify(theirs) ? null : `paygraph and the peer answered different data: ${JSON.stringify(ours).slice(0, 200)} vs ${JSON.stringify(theirs).slice(0, 200)}`;
}

export async function measureLatency(o: LatencyOptions): Promise<LatencyResult> {
  const sides = (): Sides => ({
    cold: { target: o.gateway, request: graphql(NESTED, undefined, false, NO_CACHE), side: new Side() },
    warm: { target: o.gateway, request: graphql(NESTED), side: new Side() },
    peer: { target: o.peer, request: graphql(NESTED), side: new Side() },
  });
  const fast = sides();
  await measureSides(o, fast, 300);
  const slow = sides();
  await o.upstream.call('setLatency', { icountMs: o.icountMs, freshbooksMs: o.freshbooksMs });
  try {
    // Longer than a call takes, so a segment starts and ends with no call in flight.
    const preflight = await measureSides(o, slow, Math.max(o.icountMs, o.freshbooksMs) * 2 + 100);
    const roundTripMs = Math.max(o.icountMs, o.freshbooksMs);
    const [cold, warm, peer] = [slow.cold.side.result(), slow.warm.side.result(), slow.peer.side.result()];
    const f = { cold: fast.cold.side.result(), warm: fast.warm.side.result(), peer: fast.peer.side.result() };
    const trips = (ms: number) => round(ms / roundTripMs);
    return {
      icountMs: o.icountMs,
      freshbooksMs: o.freshbooksMs,
      roundTripMs,
      connections: o.connections,
      secondsPerSide: o.seconds,
      cold,
      warm,
      peer,
      fast: f,
      roundTrips: { cold: trips(cold.p50), warm: trips(warm.p50), peer: trips(peer.p50) },
      waits: { cold: trips(cold.p50 - f.cold.p50), warm: trips(warm.p50 - f.warm.p50), peer: trips(peer.p50 - f.peer.p50) },
      preflight,
    };
  } finally {
    await o.upstream.call('setLatency', { icountMs: 0, freshbooksMs: 0 });
  }
}
