import { GraphQLError } from 'graphql';

/** Upstream names as they appear in `extensions.upstream`. */
export type UpstreamName = 'ICOUNT' | 'FRESHBOOKS';

/**
 * System failures of an upstream. They surface as GraphQL errors (not userErrors):
 * - `UPSTREAM_UNAVAILABLE`: connection refused or dropped, HTTP 5xx or 429;
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
  | 'UPSTREAM_ERROR';

export class UpstreamError extends GraphQLError {
  constructor(
    readonly upstreamCode: UpstreamErrorCode,
    readonly upstream: UpstreamName,
    readonly method: string,
    message: string,
    /** `circuit: 'open'`: failed fast by the upstream's circuit breaker, no request was sent. */
    extra: { reason?: string; httpStatus?: number; circuit?: 'open' } = {},
  ) {
    super(message, { extensions: { code: upstreamCode, upstream, method, ...extra } });
    this.name = 'UpstreamError';
  }
}

/** Input that cannot even be sent: named field, no upstream call. */
export function badUserInput(message: string, field: string[]): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}
