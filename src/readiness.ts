import type { RequestHandler } from 'express';
import type { Runtime } from './context.js';
import { isDeadlineError, type CircuitStateName } from './datasources/resilience.js';
import { UpstreamError } from './errors.js';
import type { IcountTokenState } from './datasources/icount/transport.js';

/**
 * `GET /readyz`: can this process serve traffic? Both upstreams must answer an authenticated
 * read (iCount `cc/card_types`, FreshBooks `client.list` with one row) and the ledger must answer
 * a query. The report says whether the upstreams are emulated (demo mode). `/healthz` is liveness
 * only and never calls anything.
 *
 * The reads go through the same transports (and circuit breakers) as GraphQL requests, so an
 * open circuit shows here. A result is kept for `cacheMs` and concurrent probes share one check,
 * so probes cannot hammer the upstreams. Details are fixed texts and the transports' own error
 * messages, which name methods and error codes, never URLs, credentials or bodies.
 */

export interface DependencyCheck {
  ok: boolean;
  detail: string;
  /** The upstream's circuit breaker after the check (upstreams only). */
  circuit?: CircuitStateName;
  durationMs: number;
}

export interface ReadinessReport {
  /** `stopping` once shutdown has begun (503, so load balancers stop sending traffic). */
  status: 'ready' | 'not_ready' | 'stopping';
  checkedAt: string;
  /** Both upstreams emulated in-process: no money moves. */
  mode: 'demo' | 'live';
  checks: { icount: DependencyCheck; freshbooks: DependencyCheck; ledger: DependencyCheck };
  /**
   * iCount token mode only: when the current API token expires (null: unknown or permanent) and
   * whether the gateway renews it by itself (ICOUNT_REFRESH_TOKEN). Absent in the other modes.
   */
  icountToken?: IcountTokenState;
}

export interface ReadinessOptions {
  /** How long a result is reused. */
  cacheMs?: number;
  /** Bound of each upstream check (retries included). */
  timeoutMs?: number;
}

export const READINESS_CACHE_MS = 2_000;
export const READINESS_TIMEOUT_MS = 3_000;

const ICOUNT_METHOD = 'cc/card_types';
const FRESHBOOKS_METHOD = 'client.list';

export class Readiness {
  private readonly cacheMs: number;
  private readonly timeoutMs: number;
  private cached: { report: Promise<ReadinessReport>; expiresAt: number } | null = null;
  private stopping = false;

  constructor(
    private readonly upstreams: Runtime,
    options: ReadinessOptions = {},
  ) {
    this.cacheMs = options.cacheMs ?? READINESS_CACHE_MS;
    this.timeoutMs = options.timeoutMs ?? READINESS_TIMEOUT_MS;
  }

  /** The current report: a cached one while fresh (or still being made), else a new check. Never rejects. */
  check(): Promise<ReadinessReport> {
    const cached = this.cached;
    if (cached && Date.now() < cached.expiresAt) return this.stopping ? cached.report.then(asStopping) : cached.report;
    const entry = { report: this.run(), expiresAt: Infinity };
    this.cached = entry;
    void entry.report.then(() => {
      entry.expiresAt = Date.now() + this.cacheMs;
    });
    return this.stopping ? entry.report.then(asStopping) : entry.report;
  }

  /** From now on the report says `stopping` (503): called when shutdown begins. */
  markStopping(): void {
    this.stopping = true;
  }

  private async run(): Promise<ReadinessReport> {
    const [icount, freshbooks, ledger] = await Promise.all([
      this.upstream(
        () => this.upstreams.icount.call(ICOUNT_METHOD, {}, { signal: AbortSignal.timeout(this.timeoutMs) }),
        (reply) => (reply.status ? null : reply.reason),
        ICOUNT_METHOD,
        () => this.upstreams.icount.circuitState(),
      ),
      this.upstream(
        () => this.upstreams.freshbooks.call(FRESHBOOKS_METHOD, { page: 1, per_page: 1 }, { signal: AbortSignal.timeout(this.timeoutMs) }),
        (reply) => (reply.status === 'ok' ? null : (reply.failures[0]?.code ?? 'fail')),
        FRESHBOOKS_METHOD,
        () => this.upstreams.freshbooks.circuitState(),
      ),
      this.ledger(),
    ]);
    const ready = icount.ok && freshbooks.ok && ledger.ok;
    const icountToken = this.upstreams.icount.tokenState();
    return {
      status: ready ? 'ready' : 'not_ready', mode: this.upstreams.demo ? 'demo' : 'live', checkedAt: new Date().toISOString(), checks: { icount, freshbooks, ledger },
      ...(icountToken ? { icountToken } : {}),
    };
  }

  /**
   * One authenticated read. Auth failures and system failures throw (the transports' contract);
   * an application error means the upstream answered and accepted the credentials, so it counts
   * as ready, with its code in the detail.
   */
  private async upstream<R>(
    call: () => Promise<R>,
    applicationError: (reply: R) => string | null,
    method: string,
    circuit: () => CircuitStateName,
  ): Promise<DependencyCheck> {
    const started = performance.now();
    let ok = false;
    let detail: string;
    try {
      const error = applicationError(await call());
      ok = true;
      detail = error === null ? `reachable and authenticated (${method})` : `reachable and authenticated; ${method} answered ${safeCode(error)}`;
    } catch (err) {
      detail = this.describe(err);
    }
    return { ok, detail, circuit: circuit(), durationMs: Math.round(performance.now() - started) };
  }

  private async ledger(): Promise<DependencyCheck> {
    const started = performance.now();
    const ok = await this.upstreams.ledger.ping();
    return { ok, detail: ok ? `${this.upstreams.ledger.dialect} answered` : 'the ledger database does not answer', durationMs: Math.round(performance.now() - started) };
  }

  private describe(err: unknown): string {
    if (isDeadlineError(err)) return `UPSTREAM_TIMEOUT: no answer within ${this.timeoutMs} ms`;
    if (err instanceof UpstreamError) return `${err.upstreamCode}: ${err.message}`;
    return 'unexpected error';
  }
}

function asStopping(report: ReadinessReport): ReadinessReport {
  return { ...report, status: 'stopping' };
}

/** An upstream's error code as shown: a short token, or nothing of what it said. */
function safeCode(code: string): string {
  return /^[\w.-]{1,64}$/.test(code) ? code : 'an error';
}

/** `GET /readyz`: 200 with the report when ready, 503 otherwise. */
export function readinessHandler(readiness: Readiness): RequestHandler {
  return async (_req, res) => {
    const report = await readiness.check();
    res.setHeader('cache-control', 'no-store');
    res.status(report.status === 'ready' ? 200 : 503).json(report);
  };
}
