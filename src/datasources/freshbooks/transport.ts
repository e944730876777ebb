import got, { RequestError, type Got, type RetryOptions } from 'got';
import { UpstreamError, type WriteOutcome } from '../../errors.js';
import {
  DEFAULT_RETRY_AFTER_MAX_MS, NO_RETRY, UpstreamCircuit, abortedBySignal, checkDeadline, deadlineError, neverConnected, readRetryOptions,
  type CallOptions, type CircuitSettings, type CircuitStateName,
} from '../resilience.js';
import { AUTH_FAILED } from './errors.js';
import { WRITE_METHODS, type FreshbooksMethod } from './methods.js';
import { buildRequest, parseResponse, type FreshbooksReply, type XmlParams } from './xml.js';

export interface FreshbooksTransportOptions {
  /** The account's endpoint: `https://<system>.freshbooks.com/api/2.1/xml-in`. */
  url: string;
  /** The API token: HTTP Basic user name (the password is ignored by FreshBooks; we send `X`). */
  token: string;
  /** Per-attempt timeout of every call. */
  timeoutMs: number;
  /** Retries of read calls on connection errors, timeouts, 429 and 5xx. Writes are never retried. */
  readRetries: number;
  /** Longest Retry-After a read waits for before its retry; longer fails at once. */
  retryAfterMaxMs?: number;
  /** The FreshBooks circuit breaker (defaults: 5 failures, 10 s). */
  circuit?: CircuitSettings;
  /** Called after every HTTP exchange (retries included; not for calls failed fast by the breaker or the deadline), for metrics. */
  onCall?: (event: { method: FreshbooksMethod; outcome: string; durationMs: number }) => void;
}

export type { FreshbooksReply } from './xml.js';

const fail = (code: ConstructorParameters<typeof UpstreamError>[0], method: FreshbooksMethod, message: string, httpStatus?: number) =>
  new UpstreamError(code, 'FRESHBOOKS', method, message, httpStatus === undefined ? {} : { httpStatus });

/**
 * The wire client for FreshBooks Classic: one URL, every call a POST whose XML names the method.
 * One per gateway process. Parses the `<response>`; turns transport failures into UpstreamErrors;
 * leaves `status="fail"` replies to the caller (errors.ts), except a rejected token.
 * Error messages never quote request or response bodies: they can hold notes and client details.
 */
export class FreshbooksTransport {
  private readonly http: Got;
  private readonly authorization: string;
  private readonly circuit: UpstreamCircuit;
  private readonly readRetry: Partial<RetryOptions>;

  constructor(private readonly options: FreshbooksTransportOptions) {
    this.circuit = new UpstreamCircuit('FRESHBOOKS', options.circuit);
    this.readRetry = readRetryOptions({ limit: options.readRetries, maxRetryAfterMs: options.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS });
    this.authorization = `Basic ${Buffer.from(`${options.token}:X`).toString('base64')}`;
    this.http = got.extend({
      timeout: { request: options.timeoutMs },
      headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
      responseType: 'text',
      throwHttpErrors: true,
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
    checkDeadline(signal, 'FRESHBOOKS', method);
    return this.circuit.execute(method, () => this.exchange(method, params, signal));
  }

  /** The FreshBooks circuit breaker's state, for readiness. */
  circuitState(): CircuitStateName {
    return this.circuit.state();
  }

  private async exchange(method: FreshbooksMethod, params: XmlParams, signal: AbortSignal | undefined): Promise<FreshbooksReply> {
    const started = performance.now();
    let outcome = 'error';
    try {
      const reply = await this.send(method, params, signal);
      if (reply.failures.some((f) => f.code === AUTH_FAILED)) throw authError(method, undefined, AUTH_FAILED, 'REJECTED');
      outcome = reply.status === 'ok' ? 'ok' : (reply.failures[0]?.code ?? 'fail');
      return reply;
    } catch (err) {
      const mapped = abortedBySignal(err, signal) ? deadlineError('FRESHBOOKS', method) : transportError(method, err);
      outcome = mapped.upstreamCode.toLowerCase();
      throw mapped;
    } finally {
      this.options.onCall?.({ method, outcome, durationMs: performance.now() - started });
    }
  }

  private async send(method: FreshbooksMethod, params: XmlParams, signal: AbortSignal | undefined): Promise<FreshbooksReply> {
    const response = await this.http.post(this.options.url, {
      body: buildRequest(method, params),
      headers: { authorization: this.authorization },
      // FreshBooks has no idempotency: a write whose answer was lost may have happened.
      retry: WRITE_METHODS.has(method) ? NO_RETRY : this.readRetry,
      ...(signal ? { signal } : {}),
    });
    if (response.statusCode >= 300 && response.statusCode < 400) throw redirectError(method, response.headers.location);
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

function transportError(method: FreshbooksMethod, err: unknown): UpstreamError {
  if (err instanceof UpstreamError) return err;
  if (!(err instanceof RequestError)) return fail('UPSTREAM_ERROR', method, `FreshBooks call ${method} failed unexpectedly`);
  if (err.name === 'TimeoutError' || err.code === 'ETIMEDOUT') {
    return fail('UPSTREAM_TIMEOUT', method, `FreshBooks did not answer ${method} in time`);
  }
  const status = err.response?.statusCode;
  if (status === undefined) {
    const unreached = new UpstreamError('UPSTREAM_UNAVAILABLE', 'FRESHBOOKS', method, `FreshBooks could not be reached for ${method} (${err.code ?? 'connection error'})`);
    return neverConnected(err.code) ? unreached.withOutcome('NOT_ATTEMPTED') : unreached;
  }
  if (status === 401 || status === 403) {
    // A bad token is HTTP 401 with an XML body carrying code 20010 (docs/upstreams/freshbooks.md §2). got throws on non-2xx, so
    // the body is read from the error; the status alone decides, the code is kept as the reason.
    const code = codeInBody(method, err.response?.body);
    return authError(method, status, code, code === AUTH_FAILED ? 'REJECTED' : 'UNKNOWN');
  }
  if (status === 429 || status >= 500) {
    return fail('UPSTREAM_UNAVAILABLE', method, `FreshBooks answered ${method} with HTTP ${status}`, status);
  }
  // FreshBooks answers every processed call with 200; 400 is how an account without API access is
  // reported (docs/upstreams/freshbooks.md §2), anything else means the URL or paygraph is wrong.
  const hint = status === 400 ? ' (is API access enabled for the account?)' : '';
  return fail('UPSTREAM_ERROR', method, `FreshBooks answered ${method} with HTTP ${status}${hint}`, status);
}
