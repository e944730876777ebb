import { BrokenCircuitError, CircuitState, ConsecutiveBreaker, circuitBreaker, handleWhen, type CircuitBreakerPolicy } from 'cockatiel';
import type { RetryOptions } from 'got';
import { UpstreamError, type UpstreamName, type WriteOutcome } from '../errors.js';

/**
 * Fault tolerance shared by the iCount and FreshBooks transports: the retry policy of reads, the
 * per-upstream circuit breaker, and how a request's overall deadline surfaces.
 */

/** How messages name each upstream. */
export const LABEL: Record<UpstreamName, string> = { ICOUNT: 'iCount', FRESHBOOKS: 'FreshBooks' };

// ---------------------------------------------------------------------------------------------
// Retries (got's own retry loop; reads only).

export interface ReadRetrySettings {
  /** Retries after the first attempt. */
  limit: number;
  /** Longest `Retry-After` honoured; a longer one fails the call at once (no retry). */
  maxRetryAfterMs: number;
}

/** First backoff; doubles per retry up to BACKOFF_CAP_MS, plus up to JITTER_MS of random noise. */
export const BACKOFF_BASE_MS = 150;
export const BACKOFF_CAP_MS = 2_000;
export const JITTER_MS = 100;
export const DEFAULT_RETRY_AFTER_MAX_MS = 5_000;

/** HTTP answers that say "try again": rate limited, or the upstream (or a proxy in front) failed. */
const RETRIED_STATUS_CODES = [429, 500, 502, 503, 504, 520, 521, 522, 523, 524];
/** Connection failures (and got's per-attempt timeout) worth another attempt of a read. */
const RETRIED_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ENOTFOUND', 'ENETUNREACH', 'EHOSTUNREACH', 'EAI_AGAIN', 'ETIMEDOUT'];

/** Writes are never retried: neither upstream has idempotency, a retry could charge or record twice. */
export const NO_RETRY: Partial<RetryOptions> = { limit: 0 };

/**
 * got retry options for a read. got decides *whether* to retry (limit, status and error codes,
 * Retry-After above the maximum → no retry) and passes its verdict as `computedValue`; the delay
 * is ours, because got's exponential backoff starts at a fixed 1 s.
 */
export function readRetryOptions({ limit, maxRetryAfterMs }: ReadRetrySettings): Partial<RetryOptions> {
  return {
    limit,
    methods: ['POST'],
    statusCodes: RETRIED_STATUS_CODES,
    errorCodes: RETRIED_ERROR_CODES,
    maxRetryAfter: maxRetryAfterMs,
    backoffLimit: BACKOFF_CAP_MS,
    noise: JITTER_MS,
    calculateDelay: ({ attemptCount, retryAfter, computedValue }) => {
      if (computedValue === 0) return 0; // not retriable, out of attempts, or Retry-After too long
      if (retryAfter) return computedValue; // got has checked it against maxRetryAfter
      return backoffDelay(attemptCount);
    },
  };
}

/** Delay before retry `attempt` (1-based): 150, 300, 600 … ms, capped, plus jitter. */
export function backoffDelay(attempt: number): number {
  return Math.min(BACKOFF_BASE_MS * 2 ** (attempt - 1), BACKOFF_CAP_MS) + Math.random() * JITTER_MS;
}

// ---------------------------------------------------------------------------------------------
// The request deadline.

/** Deadline errors: neither a sign of upstream health nor of sickness (see UpstreamCircuit). */
const deadlineErrors = new WeakSet<UpstreamError>();

/** `outcome`: NOT_ATTEMPTED when the deadline passed before the request left, else UNKNOWN. */
export function deadlineError(upstream: UpstreamName, method: string, outcome: WriteOutcome = 'UNKNOWN'): UpstreamError {
  const err = new UpstreamError('UPSTREAM_TIMEOUT', upstream, method, `The request deadline passed before ${LABEL[upstream]} answered ${method}`, { outcome });
  deadlineErrors.add(err);
  return err;
}

export function isDeadlineError(err: unknown): boolean {
  return err instanceof UpstreamError && deadlineErrors.has(err);
}

/** Fails before any work when the request's deadline has already passed. */
export function checkDeadline(signal: AbortSignal | undefined, upstream: UpstreamName, method: string): void {
  if (signal?.aborted) throw deadlineError(upstream, method, 'NOT_ATTEMPTED');
}

/**
 * Whether a got error comes from the request's signal. got 14 turns an `AbortSignal.timeout()`
 * firing into its own `TimeoutError` (name `TimeoutError`, numeric DOMException `code` 23, not
 * `ETIMEDOUT`) and a plain abort into `AbortError` (`ERR_ABORTED`); the signal being aborted is
 * what tells them from got's per-attempt `timeout.request`.
 */
export function abortedBySignal(err: unknown, signal: AbortSignal | undefined): boolean {
  if (!signal?.aborted || !(err instanceof Error)) return false;
  const { name, code } = err as Error & { code?: unknown };
  return name === 'AbortError' || name === 'TimeoutError' || code === 'ERR_ABORTED' || code === 23;
}

/**
 * Waits for work shared with other requests (a login) without tying it to this request's signal:
 * the caller stops waiting at its deadline, the shared work goes on for the others.
 */
export function waitWithin<T>(work: Promise<T>, signal: AbortSignal | undefined, onAbort: () => Error): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) {
    work.catch(() => undefined);
    return Promise.reject(onAbort());
  }
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

// ---------------------------------------------------------------------------------------------
// The circuit breaker.

export interface CircuitSettings {
  /** Consecutive system failures that open the circuit. */
  failureThreshold: number;
  /** How long the circuit stays open before one trial call is let through. */
  halfOpenAfterMs: number;
}

export const DEFAULT_CIRCUIT: CircuitSettings = { failureThreshold: 5, halfOpenAfterMs: 10_000 };

export type CircuitStateName = 'closed' | 'open' | 'half-open';

/** Failures that say the upstream itself is unwell. Application errors and rejected credentials do not. */
const SYSTEM_FAILURES = new Set<string>(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_TIMEOUT', 'UPSTREAM_BAD_RESPONSE']);

/**
 * One circuit breaker per upstream per process (one per transport). Opens after N consecutive
 * system failures; while open every call fails fast with UPSTREAM_UNAVAILABLE and no HTTP request;
 * after the interval one trial call goes through (concurrent callers wait for its outcome): success
 * closes the circuit, a system failure opens it again.
 *
 * A call cut by the request's own deadline says nothing about the upstream (the budget may have
 * gone on earlier calls): it neither counts as a failure nor resets the count — except as the
 * trial of a half-open circuit, which then stays open, since nothing was learnt.
 */
export class UpstreamCircuit {
  private readonly policy: CircuitBreakerPolicy;
  private openedAt = 0;

  constructor(
    private readonly upstream: UpstreamName,
    private readonly settings: CircuitSettings = DEFAULT_CIRCUIT,
  ) {
    const policy = circuitBreaker(
      handleWhen((err) => {
        if (!(err instanceof UpstreamError) || !SYSTEM_FAILURES.has(err.upstreamCode)) return false;
        return !isDeadlineError(err) || policy.state === CircuitState.HalfOpen;
      }),
      { halfOpenAfter: settings.halfOpenAfterMs, breaker: new ConsecutiveBreaker(settings.failureThreshold) },
    );
    policy.onBreak(() => {
      this.openedAt = Date.now();
    });
    this.policy = policy;
  }

  /** Runs one whole upstream call (retries, re-login included) through the breaker. */
  async execute<T>(method: string, call: () => Promise<T>): Promise<T> {
    try {
      return await this.policy.execute(() => call());
    } catch (err) {
      if (err instanceof BrokenCircuitError) {
        throw new UpstreamError('UPSTREAM_UNAVAILABLE', this.upstream, method, `${LABEL[this.upstream]} is unavailable (circuit open); retry later`, {
          circuit: 'open',
          outcome: 'NOT_ATTEMPTED',
        });
      }
      throw err;
    }
  }

  /**
   * `open` while calls fail fast; `half-open` once the next call would be let through as a trial
   * (cockatiel itself only moves on at that call, so a readiness check that waited for it would
   * never see the circuit recover) or while the trial runs.
   */
  state(): CircuitStateName {
    switch (this.policy.state) {
      case CircuitState.Closed:
        return 'closed';
      case CircuitState.HalfOpen:
        return 'half-open';
      default:
        return Date.now() - this.openedAt >= this.settings.halfOpenAfterMs ? 'half-open' : 'open';
    }
  }
}

/**
 * got error codes that mean the connection was never made, so no byte of the request left: the
 * only transport failures after which a write is known not to have happened.
 */
const NEVER_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function neverConnected(code: string | undefined): boolean {
  return code !== undefined && NEVER_CONNECTED.has(code);
}
