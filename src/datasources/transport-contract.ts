import { RequestError, type Hooks, type RetryOptions } from 'got';
import { UpstreamError, type UpstreamName } from '../errors.js';
import {
  DEFAULT_RETRY_AFTER_MAX_MS, LABEL, NO_RETRY, UpstreamCircuit, abortedBySignal, checkDeadline, deadlineError, neverConnected, readRetryOptions,
  type CircuitSettings, type CircuitStateName,
} from './resilience.js';
import { countAttempt, upstreamSpan } from '../telemetry.js';
import { spendUpstreamCall } from './call-budget.js';
import { backoffDelay } from './resilience.js';
import type { UpstreamRateLimiter } from './upstream-rate-limit.js';

/**
 * The contract both upstream transports (iCount JSON, FreshBooks XML) keep: the options they share,
 * the event they report per HTTP exchange, and the one way a call runs —
 *
 *   TransportCore.run:      deadline check → circuit breaker → the transport's own work (login, …)
 *   TransportCore.exchange: one HTTP exchange (got's read retries inside) → timed, reported to
 *                           `onCall`, its failure mapped to an UpstreamError by `requestFailure`
 *
 * Each transport adds only what its upstream needs (iCount's session, FreshBooks' XML and
 * redirects). Anything every call should go through (a client-side rate limiter, say) belongs in
 * TransportCore, so that both transports get it.
 */

/** What a transport reports after every HTTP exchange (not for calls failed fast by the breaker or the deadline), for metrics. */
export interface UpstreamCallEvent<M extends string = string> {
  method: M;
  /** `ok`, the upstream's own failure answer (iCount `reason`, FreshBooks `<code>`), or an UpstreamError code in lower case. */
  outcome: string;
  durationMs: number;
}

export type UpstreamCallObserver<M extends string = string> = (event: UpstreamCallEvent<M>) => void;

/** Options every transport takes, besides its own URL and credentials. */
export interface TransportOptions<M extends string = string> {
  /** Per-attempt timeout of every call. */
  timeoutMs: number;
  /** Retries of read calls on connection errors, timeouts, 429 and 5xx. Writes are never retried. */
  readRetries: number;
  /** Longest Retry-After a read waits for before its retry; longer fails at once. */
  retryAfterMaxMs?: number;
  /** The upstream's circuit breaker (defaults: 5 failures, 10 s). */
  circuit?: CircuitSettings;
  /** Called after every HTTP exchange (retries included in its duration), for metrics. */
  onCall?: UpstreamCallObserver<M>;
  /** The upstream account's client-side rate limit (src/datasources/upstream-rate-limit.ts); none when absent. */
  rateLimit?: UpstreamRateLimiter | null;
}

/** Per-call options of both transports. */
export interface CallOptions {
  /** The GraphQL request's deadline. Absent for work shared across requests (a cached lookup). */
  signal?: AbortSignal;
}

/** What a transport offers its datasource and readiness. */
export interface UpstreamTransport<M extends string, P, R> {
  /** Resolves with the upstream's reply, success or application failure; rejects with an UpstreamError. */
  call(method: M, params: P, options?: CallOptions): Promise<R>;
  circuitState(): CircuitStateName;
}

/** An HTTP error status whose body is the upstream's own answer after all (iCount's HTTP 400 envelopes). */
export class AnsweredWithStatus<R> {
  constructor(readonly reply: R) {}
}

/** How one transport reads its upstream's replies and HTTP error statuses. */
export interface ExchangeReading<R> {
  /** The `onCall` outcome of a reply: `ok` or the upstream's failure answer. */
  outcome(reply: R): string;
  /** A non-2xx answer: an UpstreamError, or the reply its body carries. */
  httpStatus(status: number, body: unknown): UpstreamError | AnsweredWithStatus<R>;
}

/**
 * A got failure as an UpstreamError. Shared by both upstreams: an UpstreamError passes through; a
 * per-attempt timeout is UPSTREAM_TIMEOUT; no connection is UPSTREAM_UNAVAILABLE whose `outcome` is
 * NOT_ATTEMPTED when the connection was never made (no byte left) and UNKNOWN otherwise; an HTTP
 * status is the upstream's to read; anything else UPSTREAM_ERROR.
 */
export function requestFailure<R>(
  upstream: UpstreamName,
  method: string,
  err: unknown,
  httpStatus: ExchangeReading<R>['httpStatus'],
): UpstreamError | AnsweredWithStatus<R> {
  if (err instanceof UpstreamError) return err;
  const label = LABEL[upstream];
  if (!(err instanceof RequestError)) return new UpstreamError('UPSTREAM_ERROR', upstream, method, `${label} call ${method} failed unexpectedly`);
  if (err.name === 'TimeoutError' || err.code === 'ETIMEDOUT') {
    return new UpstreamError('UPSTREAM_TIMEOUT', upstream, method, `${label} did not answer ${method} in time`);
  }
  const status = err.response?.statusCode;
  if (status === undefined) {
    return new UpstreamError('UPSTREAM_UNAVAILABLE', upstream, method, `${label} could not be reached for ${method} (${err.code ?? 'connection error'})`, {
      outcome: neverConnected(err.code) ? 'NOT_ATTEMPTED' : 'UNKNOWN',
    });
  }
  return httpStatus(status, err.response?.body);
}

/**
 * An HTTP error status by itself: 401/403 UPSTREAM_AUTH, 429 UPSTREAM_RATE_LIMITED, 5xx
 * UPSTREAM_UNAVAILABLE, any other UPSTREAM_ERROR; `hint` is added to the message. A 429 keeps the
 * outcome UNKNOWN: neither upstream documents that a throttled request did nothing.
 */
export function httpStatusError(upstream: UpstreamName, method: string, status: number, hint = ''): UpstreamError {
  const code = status === 401 || status === 403 ? 'UPSTREAM_AUTH' : status === 429 ? 'UPSTREAM_RATE_LIMITED' : status >= 500 ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_ERROR';
  return new UpstreamError(code, upstream, method, `${LABEL[upstream]} answered ${method} with HTTP ${status}${hint}`, { httpStatus: status });
}

/**
 * A body that is no JSON or XML but plain text saying "Too many requests" (how iCount throttles,
 * with HTTP 200: docs/upstreams/icount.md, evidence I9): UPSTREAM_RATE_LIMITED, outcome UNKNOWN
 * (undocumented whether the request was processed first); null for any other body.
 */
export function rateLimitedText(upstream: UpstreamName, method: string, body: unknown): UpstreamError | null {
  if (typeof body !== 'string' || !/^\s*too many requests\b/i.test(body) || body.length > 500) return null;
  return new UpstreamError('UPSTREAM_RATE_LIMITED', upstream, method, `${LABEL[upstream]} answered ${method} with "Too many requests" (throttled)`, { httpStatus: 200 });
}

/** The part of a transport that is the same for both upstreams: one per transport, so one breaker per upstream. */
export class TransportCore<M extends string> {
  private readonly circuit: UpstreamCircuit;
  private readonly readRetry: Partial<RetryOptions>;
  private readonly limiter: UpstreamRateLimiter | null;

  constructor(
    private readonly upstream: UpstreamName,
    private readonly options: TransportOptions<M>,
    private readonly writeMethods: ReadonlySet<M>,
  ) {
    this.circuit = new UpstreamCircuit(upstream, options.circuit);
    this.readRetry = readRetryOptions({ limit: options.readRetries, maxRetryAfterMs: options.retryAfterMaxMs ?? DEFAULT_RETRY_AFTER_MAX_MS });
    this.limiter = options.rateLimit && options.rateLimit.limit > 0 ? options.rateLimit : null;
  }

  /** Runs one whole call (retries, re-login included) within `signal`, the request's deadline, and through the breaker. */
  run<T>(method: M, signal: AbortSignal | undefined, call: () => Promise<T>): Promise<T> {
    checkDeadline(signal, this.upstream, method);
    spendUpstreamCall(this.upstream, method);
    // A span per call (src/telemetry.ts); its context is what the transports send as `traceparent`.
    return upstreamSpan(this.upstream, method, () => this.circuit.execute(method, call));
  }

  /** The circuit breaker's state, for readiness. */
  circuitState(): CircuitStateName {
    return this.circuit.state();
  }

  /** got's retry options for a method: reads retry, writes never (neither upstream has idempotency). */
  retryFor(method: M): Partial<RetryOptions> {
    return this.writeMethods.has(method) ? NO_RETRY : this.readRetry;
  }

  /**
   * got hooks of one exchange: each retry of a read waits for its own turn of the rate limit (a
   * retry is one more request upstream). Nothing for writes, which are never retried.
   */
  hooksFor(method: M, signal: AbortSignal | undefined): Partial<Hooks> {
    const limiter = this.limiter;
    if (!limiter || this.writeMethods.has(method)) return {};
    return {
      beforeRetry: [
        async () => {
          try {
            await limiter.acquire('read', method, signal ?? AbortSignal.timeout(this.options.timeoutMs));
          } catch {
            // Only the deadline ends the wait: let got see it as the signal's abort.
            throw Object.assign(new Error(`The request deadline passed while ${method} waited for its retry`), { code: 'ERR_ABORTED' });
          }
        },
      ],
    };
  }

  /**
   * One HTTP exchange through the upstream's rate limit: a write waits for its turn before any
   * queued read; then `exchangeOnce`. A read answered with a plain-text "Too many requests" (HTTP
   * 200, so got does not retry it) is sent again after a backoff, up to `readRetries` times,
   * within `signal`; a 429 has been retried by got already (honouring Retry-After).
   */
  async exchange<R>(method: M, signal: AbortSignal | undefined, send: () => Promise<R>, reading: ExchangeReading<R>): Promise<R> {
    const write = this.writeMethods.has(method);
    // A call without a request deadline (a lookup shared across requests) waits for its turn at most its timeout.
    const queueSignal = signal ?? AbortSignal.timeout(this.options.timeoutMs);
    for (let retry = 0; ; retry++) {
      await this.limiter?.acquire(write ? 'write' : 'read', method, queueSignal);
      try {
        return await this.exchangeOnce(method, signal, send, reading);
      } catch (err) {
        const throttled = err instanceof UpstreamError && err.upstreamCode === 'UPSTREAM_RATE_LIMITED' && (err.extensions as { httpStatus?: number }).httpStatus === 200;
        if (write || !throttled || retry >= this.options.readRetries) throw err;
        await pause(backoffDelay(retry + 1), signal, () => deadlineError(this.upstream, method));
      }
    }
  }

  /**
   * One HTTP exchange: `send` posts and parses (and may throw an UpstreamError of its own); a
   * failure becomes an UpstreamError (the deadline's when `signal` cut it). Timed and reported to
   * `onCall` whatever the result.
   */
  private async exchangeOnce<R>(method: M, signal: AbortSignal | undefined, send: () => Promise<R>, reading: ExchangeReading<R>): Promise<R> {
    const started = performance.now();
    countAttempt();
    let outcome = 'error';
    try {
      const reply = await send();
      outcome = reading.outcome(reply);
      return reply;
    } catch (err) {
      const failure = abortedBySignal(err, signal)
        ? deadlineError(this.upstream, method)
        : requestFailure(this.upstream, method, err, (status, body) => reading.httpStatus(status, body));
      if (failure instanceof AnsweredWithStatus) {
        outcome = reading.outcome(failure.reply);
        return failure.reply;
      }
      outcome = failure.upstreamCode.toLowerCase();
      throw failure;
    } finally {
      this.options.onCall?.({ method, outcome, durationMs: performance.now() - started });
    }
  }
}

/** Waits `ms`, or fails with `onAbort()` when `signal` aborts first. */
function pause(ms: number, signal: AbortSignal | undefined, onAbort: () => Error): Promise<void> {
  if (signal?.aborted) return Promise.reject(onAbort());
  return new Promise((resolve, reject) => {
    const abort = () => {
      clearTimeout(timer);
      reject(onAbort());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', abort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}
