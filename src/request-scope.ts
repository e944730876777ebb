import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, trace as traceApi, type Context, type Tracer } from '@opentelemetry/api';

/**
 * What every piece of work an HTTP request causes can find without being handed it: the request
 * id (added to every log line, src/logger.ts), the trace context its upstream calls are children
 * of, the request's upstream call budget, and why the request was refused (one log line per
 * refusal, src/http.ts). Kept in an AsyncLocalStorage entered after the body is parsed
 * (body-parser's stream events lose it) and, per GraphQL operation, at its root fields.
 */
export interface RequestScope {
  requestId: string;
  /** The gateway's tracer (a no-op one when tracing is off; src/telemetry.ts). */
  tracer: Tracer;
  /** The parent of the next span: the caller's `traceparent`, then the GraphQL operation's span. */
  trace: Context;
  /** Upstream calls left for the whole HTTP request (a batch shares one budget). */
  budget: CallBudget;
  /** Shared by the request's scope and its operations' scopes (which are copies with their own `trace`). */
  outcome: { rejection?: Rejection };
}

/** Why a request was refused: its first error's code and message as the client saw them. */
export interface Rejection {
  code: string;
  message: string;
}

/** Records the request's first refusal, for the one log line of a request answered with an error status (src/http.ts). */
export function noteRejection(scope: RequestScope | undefined, rejection: Rejection): void {
  if (scope) scope.outcome.rejection ??= rejection;
}

export class CallBudget {
  private used = 0;

  /** `limit` 0: no limit. */
  constructor(readonly limit: number) {}

  /** Takes one call from the budget; false when it is spent. */
  take(): boolean {
    if (this.limit > 0 && this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  get calls(): number {
    return this.used;
  }
}

const storage = new AsyncLocalStorage<RequestScope>();

/** The scope of the request being served, if any (none for the reconciler or readiness checks). */
export function currentScope(): RequestScope | undefined {
  return storage.getStore();
}

/** Runs `fn` (and everything it starts) within `scope`. */
export function runInScope<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/**
 * Replaces the scope for the rest of the current execution and what it starts: used at a GraphQL
 * operation's root fields, so each operation of a batch parents its own upstream calls.
 */
export function enterScope(scope: RequestScope): void {
  storage.enterWith(scope);
}

export function newScope(requestId: string, options: { budget?: number; tracer?: Tracer; trace?: Context } = {}): RequestScope {
  return { requestId, tracer: options.tracer ?? traceApi.getTracer('paygraph'), trace: options.trace ?? ROOT_CONTEXT, budget: new CallBudget(options.budget ?? 0), outcome: {} };
}
