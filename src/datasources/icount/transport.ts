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
  /**
   * `Authorization: Bearer <token>`, with `cid` in the body when known. With a `refreshToken`,
   * `token/refresh` renews the pair before `expiresAt` (epoch ms) and once after an auth failure.
   */
  | { mode: 'token'; token: string; cid?: string; refreshToken?: string; expiresAt?: number };

export interface IcountTransportOptions extends TransportOptions<IcountMethod> {
  /** Base URL up to and including `/api/v3.php`. */
  url: string;
  auth: IcountAuth;
  /**
   * More `reason` values that mean "log in again", on top of every reason that looks like auth
   * (AUTH_LOOKING_REASON): iCount does not document them (docs/upstreams/icount.md §3.3).
   */
  authFailureReasons: readonly string[];
  /** A sid is renewed before use once it has been idle this long (iCount: 20 minutes sliding). */
  sessionIdleMs?: number;
  now?: () => number;
}

export type IcountReply = IcountEnvelope & Record<string, unknown>;

/** Renew a little before iCount's 20 minutes, so a sid is not sent just as it dies. */
const DEFAULT_SESSION_IDLE_MS = 19 * 60 * 1000;

/**
 * A `status: false` reason that looks like "your session or token is not good" (evidence I4: the
 * real reasons are undocumented). Reasons about a card (`cc_expired`, `bad_token` for a stored
 * card, `j5_token_not_supported`, …) are business answers, never auth.
 */
export const AUTH_LOOKING_REASON = /auth|sid|session|token|login|expired|unauthori[sz]ed|permission/i;
const CARD_REASON = /(^|_)(cc|j5|card)(_|$)|^bad_token$/i;

/** An API token is refreshed this long before it expires. */
export const TOKEN_REFRESH_MARGIN_MS = 5 * 60 * 1000;

/** What a transport knows about its API token (token mode): for the start-up log and `/readyz`. */
export interface IcountTokenState {
  /** When the current access token expires (ISO), or null when unknown or permanent. */
  expiresAt: string | null;
  /** Whether a refresh token is held (the gateway renews the token by itself). */
  refreshable: boolean;
}

/**
 * The wire client for `POST {ICOUNT_URL}/{module}/{method}`: one per gateway process, shared by
 * every request, because the iCount session is. Parses the envelope; turns transport failures
 * into UpstreamErrors; leaves `status: false` replies to the caller (see errors.ts).
 */
export class IcountTransport implements UpstreamTransport<IcountMethod, Record<string, unknown>, IcountReply> {
  private readonly http: Got;
  private session: { sid: string; lastUsed: number } | null = null;
  private login: Promise<string> | null = null;
  /** Token mode: the current pair, renewed in memory by `token/refresh`. */
  private token: { access: string; refresh: string | null; expiresAt: number | null } | null = null;
  private refreshing: Promise<void> | null = null;
  private readonly now: () => number;
  private readonly core: TransportCore<IcountMethod>;

  constructor(private readonly options: IcountTransportOptions) {
    this.now = options.now ?? Date.now;
    this.core = new TransportCore('ICOUNT', options, WRITE_METHODS);
    const { auth } = options;
    if (auth.mode === 'token') this.token = { access: auth.token, refresh: auth.refreshToken ?? null, expiresAt: auth.expiresAt ?? null };
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

  /** Token mode: when the token expires and whether it is renewed; null in the other modes. */
  tokenState(): IcountTokenState | null {
    if (!this.token) return null;
    return { expiresAt: this.token.expiresAt === null ? null : new Date(this.token.expiresAt).toISOString(), refreshable: this.token.refresh !== null };
  }

  /**
   * One send, and after an auth failure exactly one re-login (session mode) or token refresh
   * (token mode) and one re-send; a second auth failure is UPSTREAM_AUTH. A `status: false`
   * envelope is a parsed rejection (nothing happened), so re-sending is safe even for cc/bill. An
   * HTTP 401/403 without an envelope may come after the call was processed (its outcome is
   * UNKNOWN): only reads are sent again then, never writes (docs/ledger.md).
   */
  private async callThrough(method: IcountMethod, params: Record<string, unknown>, signal: AbortSignal | undefined): Promise<IcountReply> {
    const { auth } = this.options;
    if (auth.mode === 'credentials') {
      const reply = await this.send(method, params, signal);
      if (this.isAuthFailure(reply)) throw this.authError(method, reply);
      return reply;
    }
    const first = await this.attempt(method, params, signal);
    if (first.ok) return first.reply;
    if (first.error && WRITE_METHODS.has(method)) {
      this.renewLater(first.credential);
      throw first.error;
    }
    if (!(await this.renew(first.credential, signal))) throw first.error ?? this.authError(method, first.reply!);
    const second = await this.attempt(method, params, signal);
    if (second.ok) return second.reply;
    throw second.error ?? this.authError(method, second.reply!);
  }

  /** One send with the current sid or token: its reply, or the auth failure (an envelope, or an HTTP 401/403 error). */
  private async attempt(
    method: IcountMethod,
    params: Record<string, unknown>,
    signal: AbortSignal | undefined,
  ): Promise<{ ok: true; reply: IcountReply } | { ok: false; credential: string; reply?: IcountReply; error?: UpstreamError }> {
    const session = this.options.auth.mode === 'session';
    const credential = session ? await this.loggedIn(signal) : await this.currentToken(signal);
    let reply: IcountReply;
    try {
      reply = await (session ? this.send(method, { sid: credential, ...params }, signal, null) : this.send(method, params, signal, credential));
    } catch (err) {
      if (err instanceof UpstreamError && err.upstreamCode === 'UPSTREAM_AUTH' && isHttpAuthStatus(err)) return { ok: false, credential, error: err };
      throw err;
    }
    if (this.isAuthFailure(reply)) return { ok: false, credential, reply };
    if (session) this.touch(credential);
    return { ok: true, reply };
  }

  /** After an auth failure: a new sid or token pair for the next send. False when there is no way to get one (a token without a refresh token). */
  private async renew(credential: string, signal: AbortSignal | undefined): Promise<boolean> {
    if (this.options.auth.mode === 'session') {
      this.invalidate(credential);
      return true;
    }
    if (!this.token?.refresh) return false;
    if (this.token.access === credential) await this.refreshToken(signal);
    return true;
  }

  /** A write answered HTTP 401/403 is not sent again, but the next call starts with a new sid (a token is refreshed by the next call's check). */
  private renewLater(credential: string): void {
    if (this.options.auth.mode === 'session') this.invalidate(credential);
    else if (this.token?.access === credential && this.token.refresh) this.token.expiresAt = this.now();
  }

  /** The access token to send, refreshed first when it expires within TOKEN_REFRESH_MARGIN_MS. */
  private async currentToken(signal: AbortSignal | undefined): Promise<string> {
    const token = this.token!;
    if (token.refresh && token.expiresAt !== null && this.now() >= token.expiresAt - TOKEN_REFRESH_MARGIN_MS) {
      try {
        await this.refreshToken(signal);
      } catch (err) {
        throw err instanceof UpstreamError ? err.withOutcome('NOT_ATTEMPTED') : err;
      }
    }
    return this.token!.access;
  }

  /** `token/refresh` (shared by concurrent calls): the new pair is kept in memory only. */
  private refreshToken(signal: AbortSignal | undefined): Promise<void> {
    this.refreshing ??= this.doRefresh().finally(() => {
      this.refreshing = null;
    });
    return waitWithin(this.refreshing, signal, () => deadlineError('ICOUNT', 'token/refresh'));
  }

  private async doRefresh(): Promise<void> {
    const token = this.token!;
    const reply = await this.send('token/refresh', { access_token: token.access, refresh_token: token.refresh }, undefined, null);
    if (reply.status !== true) throw this.authError('token/refresh', reply);
    // The reply's keys are undocumented ([oas]: "a new access_token/refresh_token pair"): read by shape.
    const access = firstText(reply, ['access_token', 'token']) ?? firstText(objectAt(reply, 'token'), ['access_token', 'token']);
    if (!access) throw new UpstreamError('UPSTREAM_BAD_RESPONSE', 'ICOUNT', 'token/refresh', 'iCount token/refresh answered without an access_token');
    const inner = objectAt(reply, 'token');
    this.token = {
      access,
      refresh: firstText(reply, ['refresh_token']) ?? firstText(inner, ['refresh_token']) ?? token.refresh,
      expiresAt: expiryOf(reply, this.now()) ?? expiryOf(inner, this.now()),
    };
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
    if (reply.status !== false) return false;
    return this.options.authFailureReasons.includes(reply.reason) || (AUTH_LOOKING_REASON.test(reply.reason) && !CARD_REASON.test(reply.reason));
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

  /** `bearer`: the token to send (token mode; default the current one, null for none). */
  private send(method: IcountMethod, params: Record<string, unknown>, signal?: AbortSignal, bearer: string | null = this.token?.access ?? null): Promise<IcountReply> {
    return this.core.exchange(
      method,
      signal,
      async () => {
        const response = await this.http.post(method, {
          body: stringify({ ...this.authBody(), ...params }) ?? '{}',
          headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
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

/** An HTTP 401/403 turned into an UpstreamError (no envelope in the body). */
function isHttpAuthStatus(err: UpstreamError): boolean {
  const status = (err.extensions as { httpStatus?: unknown }).httpStatus;
  return status === 401 || status === 403;
}

function objectAt(reply: Record<string, unknown> | null, key: string): Record<string, unknown> | null {
  const value = reply?.[key];
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function firstText(reply: Record<string, unknown> | null, keys: readonly string[]): string | null {
  for (const key of keys) {
    const value = reply?.[key];
    if (typeof value === 'string' && value.length > 0) return value;
  }
  return null;
}

/** A token's expiry from a reply, by shape: `expires_in` seconds, or `expires_at`/`expires`/`expiry` (epoch seconds or a date-time). */
function expiryOf(reply: Record<string, unknown> | null, now: number): number | null {
  if (!reply) return null;
  const seconds = Number(reply.expires_in);
  if (reply.expires_in !== undefined && Number.isFinite(seconds)) return seconds > 0 ? now + seconds * 1000 : null;
  for (const key of ['expires_at', 'expires', 'expiry']) {
    const value = reply[key];
    if (value === undefined || value === null || value === '') continue;
    const asNumber = Number(value);
    if (Number.isFinite(asNumber)) return asNumber > 0 ? (asNumber < 1e11 ? asNumber * 1000 : asNumber) : null;
    const parsed = Date.parse(String(value));
    if (!Number.isNaN(parsed)) return parsed;
  }
  return null;
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
