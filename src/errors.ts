import { GraphQLError } from 'graphql';

/** Upstream names as they appear in `extensions.upstream`. */
export type UpstreamName = 'ICOUNT' | 'FRESHBOOKS';

/**
 * System failures of an upstream. They surface as GraphQL errors (not userErrors):
 * - `UPSTREAM_UNAVAILABLE`: connection refused or dropped, HTTP 5xx;
 * - `UPSTREAM_RATE_LIMITED`: HTTP 429, an iCount plain-text "Too many requests" body (with HTTP 200), or
 *   paygraph's own limit of the upstream kept the call queued past the request's deadline (NOT_ATTEMPTED);
 * - `UPSTREAM_TIMEOUT`: no answer within the configured timeout — for a write, the outcome is unknown;
 * - `UPSTREAM_AUTH`: the upstream rejected paygraph's credentials (after one re-login);
 * - `UPSTREAM_BAD_RESPONSE`: an answer that does not parse or lacks what it must carry;
 * - `UPSTREAM_ERROR`: an application error that is not the caller's fault.
 */
export type UpstreamErrorCode =
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_TIMEOUT'
  | 'UPSTREAM_AUTH'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'UPSTREAM_ERROR'
  | 'UPSTREAM_RATE_LIMITED'
  /** Not the upstream's failure: the request spent its upstream call budget, nothing was sent (src/datasources/call-budget.ts). */
  | 'CALL_BUDGET_EXCEEDED';

/**
 * What a failed call did upstream, decided by the transport alone (docs/ledger.md, "One rule for
 * outcomes"):
 * - `NOT_ATTEMPTED`: the request never left (circuit open, deadline passed before sending, the
 *   connection was refused before a byte was written);
 * - `REJECTED`: the upstream answered with a parsed application rejection: nothing was done;
 * - `UNKNOWN`: anything else once the request may have left (timeouts, resets, any other HTTP
 *   status, bodies that do not parse): the write may have happened.
 */
export type WriteOutcome = 'NOT_ATTEMPTED' | 'REJECTED' | 'UNKNOWN';

export interface UpstreamErrorDetails {
  reason?: string;
  httpStatus?: number;
  /** `open`: failed fast by the upstream's circuit breaker, no request was sent. */
  circuit?: 'open';
  /** Defaults to UNKNOWN: only a transport that knows better says otherwise. */
  outcome?: WriteOutcome;
}

export class UpstreamError extends GraphQLError {
  readonly outcome: WriteOutcome;

  constructor(
    readonly upstreamCode: UpstreamErrorCode,
    readonly upstream: UpstreamName,
    readonly method: string,
    message: string,
    { outcome = 'UNKNOWN', ...extra }: UpstreamErrorDetails = {},
  ) {
    super(message, { extensions: { code: upstreamCode, upstream, method, outcome, ...extra } });
    this.name = 'UpstreamError';
    this.outcome = outcome;
  }

  /** The same failure, re-labelled with what the transport learnt about the request. */
  withOutcome(outcome: WriteOutcome): UpstreamError {
    const { reason, httpStatus, circuit } = this.extensions as UpstreamErrorDetails;
    return new UpstreamError(this.upstreamCode, this.upstream, this.method, this.message, { reason, httpStatus, circuit, outcome });
  }
}

/**
 * The ledger could not be read or written. `NOT_ATTEMPTED`: nothing was sent upstream;
 * `UNKNOWN`: a write was sent and its outcome could not be recorded (the reconciler settles it).
 */
export class StoreUnavailableError extends GraphQLError {
  constructor(readonly outcome: 'NOT_ATTEMPTED' | 'UNKNOWN', cause: unknown) {
    super(
      outcome === 'NOT_ATTEMPTED'
        ? 'The payments ledger is unavailable; nothing was sent upstream. Retry with the same idempotency key.'
        : 'The payments ledger became unavailable after the upstream write was sent; its outcome will be settled from the upstream\'s records. Retry with the same idempotency key.',
      { extensions: { code: 'STORE_UNAVAILABLE', outcome } },
    );
    this.name = 'StoreUnavailableError';
    this.cause = cause;
  }
}

/** Input that cannot even be sent: named field, no upstream call. */
export function badUserInput(message: string, field: string[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}
