/**
 * The last table of a run, issue 14's: paygraph ÷ the peer, the read cache (nested list warm against
 * cold), the latency scenario and idle memory in one table, then the targets.
 */
import type { Measurement } from './measure.js';
import type { CacheCalls, LatencyResult } from './nested.js';

/** One scenario's figures as bench/run.ts keeps them (the part read here). */
interface ScenarioFigures {
  key: string;
  gateway?: Measurement;
  baseline?: Measurement;
  cacheCalls?: CacheCalls;
}

export interface IdleFigures {
  seconds: number;
  rssMB: number;
}

export interface SummaryRow {
  scenario: string;
  measure: string;
  paygraph: string;
  /** What paygraph's figure is compared with: the peer, or the same request cold. */
  against: string;
  reference: string;
  /** paygraph ÷ reference; null when there is no reference. */
  ratio: number | null;
}

export interface Target {
  target: string;
  measured: string;
  met: boolean | null;
}

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);

export function summaryRows(rows: ScenarioFigures[], latency: LatencyResult | undefined, idle: IdleFigures | undefined): SummaryRow[] {
  const out: SummaryRow[] = [];
  for (const [key, query] of [['peer-card', 'card(id)'], ['peer-payment', 'payment(id)']] as const) {
    const r = rows.find((x) => x.key === key);
    if (!r?.gateway || !r.baseline) continue;
    const [g, p] = [r.gateway, r.baseline];
    out.push(
      { scenario: `${query} vs peer`, measure: 'req/s', paygraph: String(g.rps), against: 'peer', reference: String(p.rps), ratio: ratio(g.rps, p.rps) },
      { scenario: '', measure: 'CPU ms/req', paygraph: g.cpuMsPerReq.toFixed(3), against: 'peer', reference: p.cpuMsPerReq.toFixed(3), ratio: ratio(g.cpuMsPerReq, p.cpuMsPerReq) },
      { scenario: '', measure: 'RSS MB (end of load)', paygraph: g.rssMB.toFixed(1), against: 'peer', reference: p.rssMB.toFixed(1), ratio: ratio(g.rssMB, p.rssMB) },
    );
  }
  const cache = rows.find((x) => x.key === 'cache');
  if (cache?.gateway && cache.baseline) {
    const [warm, cold] = [cache.gateway, cache.baseline];
    const c = cache.cacheCalls;
    if (c) {
      const cold100 = c.cold.find((x) => x.perPage === 100)?.calls ?? NaN;
      out.push({
        scenario: 'nested list: cache',
        measure: 'upstream calls, one request',
        paygraph: `warm ${c.warm.calls}`,
        against: 'cold',
        reference: c.cold.map((x) => `${x.calls} (page of ${x.perPage})`).join(', '),
        ratio: ratio(c.warm.calls, cold100),
      });
    }
    out.push(
      { scenario: c ? '' : 'nested list: cache', measure: 'upstream calls/op under load', paygraph: `warm ${warm.callsPerOp}`, against: 'cold', reference: String(cold.callsPerOp), ratio: ratio(warm.callsPerOp, cold.callsPerOp) },
      { scenario: '', measure: 'req/s', paygraph: `warm ${warm.rps}`, against: 'cold', reference: String(cold.rps), ratio: ratio(warm.rps, cold.rps) },
      { scenario: '', measure: 'p50 ms', paygraph: `warm ${warm.p50.toFixed(1)}`, against: 'cold', reference: cold.p50.toFixed(1), ratio: ratio(warm.p50, cold.p50) },
      { scenario: '', measure: 'CPU ms/req', paygraph: `warm ${warm.cpuMsPerReq.toFixed(2)}`, against: 'cold', reference: cold.cpuMsPerReq.toFixed(2), ratio: ratio(warm.cpuMsPerReq, cold.cpuMsPerReq) },
    );
  }
  if (latency) {
    const l = latency;
    type Side = 'cold' | 'warm' | 'peer';
    const rt = (side: Side) => `${l[side].p50.toFixed(0)} (${l.roundTrips[side].toFixed(2)} RT, ${l.waits[side].toFixed(2)} waiting)`;
    out.push(
      { scenario: `nested list: +${l.icountMs}/+${l.freshbooksMs} ms`, measure: 'p50 ms cold', paygraph: rt('cold'), against: 'peer', reference: rt('peer'), ratio: ratio(l.cold.p50, l.peer.p50) },
      { scenario: '', measure: 'p50 ms warm', paygraph: rt('warm'), against: 'peer', reference: rt('peer'), ratio: ratio(l.warm.p50, l.peer.p50) },
      { scenario: '', measure: 'p50 ms with no added latency', paygraph: `cold ${l.fast.cold.p50.toFixed(1)}, warm ${l.fast.warm.p50.toFixed(1)}`, against: 'peer', reference: l.fast.peer.p50.toFixed(1), ratio: ratio(l.fast.cold.p50, l.fast.peer.p50) },
      { scenario: '', measure: 'upstream calls/op', paygraph: `cold ${l.cold.callsPerOp}, warm ${l.warm.callsPerOp}`, against: 'peer', reference: String(l.peer.callsPerOp), ratio: ratio(l.cold.callsPerOp, l.peer.callsPerOp) },
    );
  }
  if (idle) out.push({ scenario: 'gateway process', measure: `RSS MB, idle ${idle.seconds} s after one request`, paygraph: idle.rssMB.toFixed(1), against: '', reference: '', ratio: null });
  return out;
}

/** Prints a table: a header, a rule, the rows; the first `textColumns` left-aligned, the rest right-aligned. */
export function printGrid(header: string[], lines: string[][], textColumns = 1): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const pad = (cells: string[]) => cells.map((c, i) => (i < textColumns ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(pad(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const l of lines) console.log(pad(l));
}

export function printSummary(rows: SummaryRow[], targets: Target[], notes: string[], latency: LatencyResult | undefined): void {
  if (rows.length) {
    console.log('\nIssue 14 summary: paygraph against the peer, the read cache, slow upstreams, idle memory');
    printGrid(
      ['scenario', 'measure', 'paygraph', 'against', 'value', '×'],
      rows.map((r) => [r.scenario, r.measure, r.paygraph, r.against, r.reference, r.ratio === null ? '' : r.ratio.toFixed(2)]),
      2,
    );
    console.log(
      '  × = paygraph ÷ the compared value. cold = sent with Cache-Control: no-cache (the read cache bypassed); warm = without it, after one ' +
        'request that may fill the cache. Peer = bench/peers/apollo-rest (per-field resolvers, a RESTDataSource per request).',
    );
    if (latency) {
      console.log(
        `  RT = upstream round trips = p50 ÷ ${latency.roundTripMs} ms, the slower upstream's added latency per call (iCount +${latency.icountMs} ms, ` +
          `FreshBooks +${latency.freshbooksMs} ms on every call). waiting = (p50 − p50 with no added latency) ÷ ${latency.roundTripMs} ms: ` +
          `the upstream waits alone, whatever the machine's speed; rounded, what the targets use. ${latency.connections} connection(s), ${latency.secondsPerSide} s per side.`,
      );
    }
  }
  console.log('\nTargets (issue 14)');
  for (const t of targets) console.log(`  ${t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS'}  ${t.target}: ${t.measured}`);
  for (const n of notes) console.log(`\nNote: ${n}.`);
}
