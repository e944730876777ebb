import got, { type Got } from 'got';
import { upstreamHttpHooks } from '../../telemetry.js';
import { parse, stringify } from 'lossless-json';
import { UpstreamError } from '../../errors.js';
import { deadlineError, waitWithin, type CircuitStateName } from '../resilience.js';
import {
  AnsweredWithStatus, TransportCore, httpStatusError, rateLimitedText, type CallOptions, type ExchangeReading, type TransportOptions, type UpstreamTransport,
} from '../transport-contract.js';
import { WRITE_METHODS, type IcountMethod } from './methods.js';
import type { IcountEnvelope } from './wire.js';

/** How paygraph authenticates to iCount (docs/upstreams/icount.md §4). */
export type IcountAuth =
  /** auth/login once, then the `sid` on every call; renewed when it expires. */
  | { mode: 'session'; cid: string; user: string; pass: string }
  /** `cid`/`user`/`pass` in every call, no session. */
  | { mode: 'credentials'; cid: string; user: string; pass: string }
  /** `Authorization: Bearer <token>`, with `cid` in the body when known. */
  | { mode: 'token'; token: string; cid?: string };

export interface IcountTransportOptions extends TransportOptions<IcountMethod> {
  /** Base URL up to and including `/api/v3.php`. */
  url: string;
  auth: IcountAuth;
  /** `reason` values that mean "log in again" (iCount does not document them; docs/upstreams/icount.md §3.3). */
  authFailureReasons: readonly string[];
  /** A sid is renewed before use once it has been idle this long (iCount: 20 minutes sliding). */
  sessionIdleMs?: number;
  now?: () => number;
}

export type IcountReply = IcountEnvelope & Record<string, unknown>;

/** Renew a little before iCount's 20 minutes, so a sid is not sent just as it dies. */
const DEFAULT_SESSION_IDLE_MS = 19 * 60 * 1000;

/**
 * The wire client for `POST {ICOUNT_URL}/{module}/{method}`: one per gateway process, shared by
 * every request, because the iCount session is. Parses the envelope; turns transport failures
 * into UpstreamErrors; leaves `status: false` replies to the caller (see errors.ts).
 */
export class IcountTransport implements UpstreamTransport<IcountMethod, Record<string, unknown>, IcountReply> {
  private readonly http: Got;
  private session: { sid: string; lastUsed: number } | null = null;
  private login: Promise<string> | null = null;
  private readonly now: () => number;
  private readonly core: TransportCore<IcountMethod>;

  constructor(private readonly options: IcountTransportOptions) {
    this.now = options.now ?? Date.now;
    this.core = new TransportCore('ICOUNT', options, WRITE_METHODS);
    this.http = got.extend({
      prefixUrl: options.url.replace(/\/+$/, ''),
      timeout: { request: options.timeoutMs },
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      responseType: 'text',
      throwHttpErrors: true,
      // traceparent on every attempt, retries counted on the call's span (src/telemetry.ts).
      hooks: upstreamHttpHooks,
    });
  }

  /**
   * Calls an iCount method. Resolves with the envelope whatever its `status`, except auth failures.
   * The whole call (login, got's retries, one re-login) runs through the iCount circuit breaker and
   * within `signal`, the GraphQL request's deadline.
   */
  async call(method: IcountMethod, params: Record<string, unknown>, { signal }: CallOptions = {}): Promise<IcountReply> {
    return this.core.run(method, signal, () => this.callThrough(method, params, signal));
  }

  /** The iCount circuit breaker's state, for readiness. */
  circuitState(): CircuitStateName {
    return this.core.circuitState();
  }

  private async callThrough(method: IcountMethod, params: Record<string, unknown>, signal: AbortSignal | undefined): Promise<IcountReply> {
    const { auth } = this.options;
    if (auth.mode !== 'session') {
      const reply = await this.send(method, params, signal);
      if (this.isAuthFailure(reply)) throw this.authError(method, reply);
      return reply;
    }
    const sid = await this.loggedIn(signal);
    const reply = await this.send(method, { sid, ...params }, signal);
    if (!this.isAuthFailure(reply)) {
      this.touch(sid);
      return reply;
    }
    // The sid expired server-side. iCount rejected the call before doing anything, so sending it
    // again with a fresh sid is safe even for cc/bill. Exactly one re-login.
    this.invalidate(sid);
    const freshSid = await this.loggedIn(signal);
    const retried = await this.send(method, { sid: freshSid, ...params }, signal);
    if (this.isAuthFailure(retried)) throw this.authError(method, retried);
    this.touch(freshSid);
    return retried;
  }

  /** A sid for the call; when logging in fails, the call itself was never sent. */
  private async loggedIn(signal: AbortSignal | undefined): Promise<string> {
    try {
      return await this.currentSid(signal);
    } catch (err) {
      throw err instanceof UpstreamError ? err.withOutcome('NOT_ATTEMPTED') : err;
    }
  }

  private isAuthFailure(reply: IcountReply): boolean {
    return reply.status === false && this.options.authFailureReasons.includes(reply.reason);
  }

  private authError(method: IcountMethod, reply: IcountReply): UpstreamError {
    return new UpstreamError('UPSTREAM_AUTH', 'ICOUNT', method, 'iCount rejected paygraph\'s credentials', { reason: reply.reason, outcome: 'REJECTED' });
  }

  private async currentSid(signal: AbortSignal | undefined): Promise<string> {
    const idleLimit = this.options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS;
    if (this.session && this.now() - this.session.lastUsed < idleLimit) return this.session.sid;
    this.session = null;
    // Concurrent requests share one login, so it is not bound to any one request's deadline (it has
    // its own timeout); a request whose deadline passes stops waiting for it.
    this.login ??= this.logIn().finally(() => {
      this.login = null;
    });
    return waitWithin(this.login, signal, () => deadlineError('ICOUNT', 'auth/login'));
  }

  private async logIn(): Promise<string> {
    const { auth } = this.options;
    if (auth.mode !== 'session') throw new Error('logIn is only for session auth');
    const reply = await this.send('auth/login', { cid: auth.cid, user: auth.user, pass: auth.pass });
    if (reply.status !== true) throw this.authError('auth/login', reply);
    if (typeof reply.sid !== 'string' || reply.sid.length === 0) {
      throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', 'auth/login', 'iCount auth/login answered without a sid');
    }
    this.session = { sid: reply.sid, lastUsed: this.now() };
    return reply.sid;
  }

  private touch(sid: string): void {
    if (this.session?.sid === sid) this.session.lastUsed = this.now();
  }

  private invalidate(sid: string): void {
    if (this.session?.sid === sid) this.session = null;
  }

  private authBody(): Record<string, unknown> {
    const { auth } = this.options;
    if (auth.mode === 'credentials') return { cid: auth.cid, user: auth.user, pass: auth.pass };
    if (auth.mode === 'token' && auth.cid) return { cid: auth.cid };
    return {};
  }

  private send(method: IcountMethod, params: Record<string, unknown>, signal?: AbortSignal): Promise<IcountReply> {
    const { auth } = this.options;
    return this.core.exchange(
      method,
      signal,
      async () => {
        const response = await this.http.post(method, {
          body: stringify({ ...this.authBody(), ...params }) ?? '{}',
          headers: auth.mode === 'token' ? { authorization: `Bearer ${auth.token}` } : {},
          retry: this.core.retryFor(method),
          hooks: this.core.hooksFor(method, signal),
          ...(signal ? { signal } : {}),
        });
        return parseEnvelope(method, response.body);
      },
      icountReading(method),
    );
  }
}

/** JSON with every number kept as its literal text: amounts stay exact, ids keep their digits. */
export function parseLossless(text: string): unknown {
  return parse(text, undefined, (value) => value);
}

function parseEnvelope(method: IcountMethod, body: string): IcountReply {
  let parsed: unknown;
  try {
    parsed = parseLossless(body);
  } catch {
    // iCount throttles with a plain-text "Too many requests" under HTTP 200 (evidence I9).
    throw rateLimitedText('ICOUNT', method, body) ?? new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, `iCount answered ${method} with a body that is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object' || typeof (parsed as { status?: unknown }).status !== 'boolean') {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, `iCount answered ${method} without a status`);
  }
  const reply = parsed as IcountReply;
  if (reply.status === false && typeof reply.reason !== 'string') {
    throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', method, `iCount answered ${method} with a failure without a reason`);
  }
  return reply;
}

/** An exchange's outcome is the envelope's `status` and `reason`. */
function icountReading(method: IcountMethod): ExchangeReading<IcountReply> {
  return {
    outcome: (reply) => (reply.status ? 'ok' : reply.reason),
    httpStatus: (status, body) => {
      // iCount's docs show one application error under HTTP 400: trust the envelope when there is one.
      if (status < 500 && status !== 429) {
        try {
          return new AnsweredWithStatus(parseEnvelope(method, typeof body === 'string' ? body : ''));
        } catch {
          /* not an envelope: fall through */
        }
      }
      return httpStatusError('ICOUNT', method, status);
    },
  };
}
