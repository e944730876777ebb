import got, { type Got } from 'got';
import { upstreamHttpHooks } from '../../telemetry.js';
import { UpstreamError, type WriteOutcome } from '../../errors.js';
import type { CircuitStateName } from '../resilience.js';
import { TransportCore, httpStatusError, rateLimitedText, type CallOptions, type ExchangeReading, type TransportOptions, type UpstreamTransport } from '../transport-contract.js';
import { AUTH_FAILED } from './errors.js';
import { WRITE_METHODS, type FreshbooksMethod } from './methods.js';
import { buildRequest, parseResponse, type FreshbooksReply, type XmlParams } from './xml.js';

export interface FreshbooksTransportOptions extends TransportOptions<FreshbooksMethod> {
  /** The account's endpoint: `https://<system>.freshbooks.com/api/2.1/xml-in`. */
  url: string;
  /** The API token: HTTP Basic user name (the password is ignored by FreshBooks; we send `X`). */
  token: string;
}

export type { FreshbooksReply } from './xml.js';

/**
 * The wire client for FreshBooks Classic: one URL, every call a POST whose XML names the method.
 * One per gateway process. Parses the `<response>`; turns transport failures into UpstreamErrors;
 * leaves `status="fail"` replies to the caller (errors.ts), except a rejected token.
 * Error messages never quote request or response bodies: they can hold notes and client details.
 */
export class FreshbooksTransport implements UpstreamTransport<FreshbooksMethod, XmlParams, FreshbooksReply> {
  private readonly http: Got;
  private readonly authorization: string;
  private readonly core: TransportCore<FreshbooksMethod>;

  constructor(private readonly options: FreshbooksTransportOptions) {
    this.core = new TransportCore('FRESHBOOKS', options, WRITE_METHODS);
    this.authorization = `Basic ${Buffer.from(`${options.token}:X`).toString('base64')}`;
    this.http = got.extend({
      timeout: { request: options.timeoutMs },
      headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
      responseType: 'text',
      throwHttpErrors: true,
      // traceparent on every attempt, retries counted on the call's span (src/telemetry.ts).
      hooks: upstreamHttpHooks,
      // An unknown account answers 302 to an HTML login search (docs/upstreams/freshbooks.md §2): that must not be followed.
      followRedirect: false,
    });
  }

  /**
   * Calls a method. Resolves with the reply whether `ok` or `fail`, except an auth failure. The
   * call (got's retries included) runs through the FreshBooks circuit breaker and within `signal`,
   * the GraphQL request's deadline.
   */
  async call(method: FreshbooksMethod, params: XmlParams, { signal }: CallOptions = {}): Promise<FreshbooksReply> {
    return this.core.run(method, signal, () =>
      this.core.exchange(
        method,
        signal,
        async () => {
          const reply = await this.send(method, params, signal);
          if (reply.failures.some((f) => f.code === AUTH_FAILED)) throw authError(method, undefined, AUTH_FAILED, 'REJECTED');
          return reply;
        },
        freshbooksReading(method),
      ),
    );
  }

  /** The FreshBooks circuit breaker's state, for readiness. */
  circuitState(): CircuitStateName {
    return this.core.circuitState();
  }

  private async send(method: FreshbooksMethod, params: XmlParams, signal: AbortSignal | undefined): Promise<FreshbooksReply> {
    const response = await this.http.post(this.options.url, {
      body: buildRequest(method, params),
      headers: { authorization: this.authorization },
      // FreshBooks has no idempotency: a write whose answer was lost may have happened.
      retry: this.core.retryFor(method),
      hooks: this.core.hooksFor(method, signal),
      ...(signal ? { signal } : {}),
    });
    if (response.statusCode >= 300 && response.statusCode < 400) throw redirectError(method, response.headers.location);
    // Not documented for FreshBooks, but a throttling proxy's plain text is no XML either.
    const throttled = rateLimitedText('FRESHBOOKS', method, response.body);
    if (throttled) throw throttled;
    return parseResponse(method, response.body);
  }
}

/** `outcome`: REJECTED only when FreshBooks said so in a parsed reply (code 20010). */
function authError(method: FreshbooksMethod, httpStatus?: number, reason?: string, outcome: WriteOutcome = 'UNKNOWN'): UpstreamError {
  return new UpstreamError('UPSTREAM_AUTH', 'FRESHBOOKS', method, "FreshBooks rejected paygraph's API token", {
    ...(httpStatus === undefined ? {} : { httpStatus }),
    ...(reason ? { reason } : {}),
    outcome,
  });
}

/** The FreshBooks code in a non-2xx XML body (401 carries `<code>20010</code>`), if there is one. */
function codeInBody(method: FreshbooksMethod, body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    return parseResponse(method, body).failures[0]?.code || undefined;
  } catch {
    return undefined;
  }
}

function redirectError(method: FreshbooksMethod, location: string | undefined): UpstreamError {
  const why = location?.includes('deactivated')
    ? 'the FreshBooks account is deactivated'
    : 'the FreshBooks account URL is wrong (no such account)';
  return new UpstreamError('UPSTREAM_AUTH', 'FRESHBOOKS', method, `FreshBooks redirected ${method} to a login page: ${why}`, { httpStatus: 302 });
}

/** An exchange's outcome is `ok` or the first failure's `<code>`. */
function freshbooksReading(method: FreshbooksMethod): ExchangeReading<FreshbooksReply> {
  return {
    outcome: (reply) => (reply.status === 'ok' ? 'ok' : (reply.failures[0]?.code ?? 'fail')),
    httpStatus: (status, body) => {
      if (status === 401 || status === 403) {
        // A bad token is HTTP 401 with an XML body carrying code 20010 (docs/upstreams/freshbooks.md §2). got throws on non-2xx, so
        // the body is read from the error; the status alone decides, the code is kept as the reason.
        const code = codeInBody(method, body);
        return authError(method, status, code, code === AUTH_FAILED ? 'REJECTED' : 'UNKNOWN');
      }
      // FreshBooks answers every processed call with 200; 400 is how an account without API access is
      // reported (docs/upstreams/freshbooks.md §2), anything else means the URL or paygraph is wrong.
      return httpStatusError('FRESHBOOKS', method, status, status === 400 ? ' (is API access enabled for the account?)' : '');
    },
  };
}
