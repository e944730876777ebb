import { createHash, randomBytes } from 'node:crypto';
import { IcountError } from './envelope.js';
import { SESSION_TTL_MS, type IcountConfig } from './options.js';
import type { Params } from './params.js';

export type AuthResult = { mode: 'sid'; sid: string } | { mode: 'credentials' } | { mode: 'bearer' };

interface Session {
  lastUsed: number;
}

/** An API token made by `token/create` or `token/refresh`: expires on the emulator clock. */
interface IssuedToken {
  /** Epoch ms; null for a permanent token (`expires_in=0`). */
  expiresAt: number | null;
  /** How long its successor lives (seconds; 0 permanent). */
  lifetime: number;
  refresh: string | null;
}

/** `token/create` without `expires_in`: one day ([oas] token/create). */
export const DEFAULT_TOKEN_LIFETIME_S = 86_400;

/**
 * What `token/create` and `token/refresh` answer. The keys are a guess: [oas] documents the
 * request only ("a new access_token/refresh_token pair", `expires_in` in seconds).
 */
export interface TokenPair {
  access_token: string;
  refresh_token: string | null;
  expires_in: number;
  /** Epoch seconds, 0 when permanent. */
  expires_at: number;
}

/**
 * The three ways to authenticate (docs/upstreams/icount.md §4.1). Which one applies is decided by what the request
 * carries, first match wins and there is no fallback: an `Authorization: Bearer` header, else a
 * `sid`, else `cid`/`user`/`pass`. Any failure → `status: false` with the configured reason.
 */
export class Authenticator {
  private sessions = new Map<string, Session>();
  /** Not reset with the state, so a sid issued before a reset is never issued again. */
  private sidSeq = 0;
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly config: IcountConfig) {}

  authenticate(p: Params, authorization: string | undefined, now: number): AuthResult {
    if (bearerOf(authorization) !== undefined) {
      this.checkBearer(p, authorization, now);
      return { mode: 'bearer' };
    }
    const sid = p.str('sid');
    if (sid !== undefined) {
      if (!this.touch(sid, now)) throw this.failure('Session expired or unknown, log in again');
      return { mode: 'sid', sid };
    }
    this.checkCredentials(p);
    return { mode: 'credentials' };
  }

  /** `auth/login`: a Bearer token (with an optional matching `cid`) or `cid`+`user`+`pass` → a new sid. */
  login(p: Params, authorization: string | undefined, now: number): string {
    if (bearerOf(authorization) !== undefined) this.checkBearer(p, authorization, now);
    else this.checkCredentials(p);
    this.sidSeq += 1;
    const sid = createHash('sha256').update(`icount-sid:${this.sidSeq}`).digest('hex').slice(0, 22);
    this.sessions.set(sid, { lastUsed: now });
    return sid;
  }

  /** Sliding expiry: alive when used less than 20 minutes ago; using it restarts the window. */
  private touch(sid: string, now: number): boolean {
    const session = this.sessions.get(sid);
    if (!session) return false;
    if (now - session.lastUsed >= SESSION_TTL_MS) {
      this.sessions.delete(sid);
      return false;
    }
    session.lastUsed = now;
    return true;
  }

  /** `token/create`: a token for `lifetime` seconds (0: permanent), with a refresh token unless `noRefresh`. */
  createToken(now: number, lifetime: number = DEFAULT_TOKEN_LIFETIME_S, noRefresh = false): TokenPair {
    const access = `API3E8-${randomBytes(12).toString('hex').toUpperCase()}`;
    const refresh = noRefresh ? null : `RT-${randomBytes(16).toString('hex')}`;
    const expiresAt = lifetime > 0 ? now + lifetime * 1000 : null;
    this.tokens.set(access, { expiresAt, lifetime, refresh });
    return { access_token: access, refresh_token: refresh, expires_in: lifetime, expires_at: expiresAt === null ? 0 : Math.floor(expiresAt / 1000) };
  }

  /**
   * `token/refresh`: the pair must match (the access token may have expired already); the old
   * pair stops working and a new one with the same lifetime is issued.
   */
  refreshToken(p: Params, now: number): TokenPair {
    const access = p.str('access_token');
    const refresh = p.str('refresh_token');
    const issued = access === undefined ? undefined : this.tokens.get(access);
    if (!issued || !issued.refresh || issued.refresh !== refresh) throw this.failure('Invalid access_token/refresh_token pair');
    this.tokens.delete(access!);
    return this.createToken(now, issued.lifetime);
  }

  end(sid: string): void {
    this.sessions.delete(sid);
  }

  clear(): void {
    this.sessions.clear();
  }

  /** The configured tokens never expire; issued ones expire on the emulator clock. */
  private checkBearer(p: Params, authorization: string | undefined, now: number): void {
    const token = bearerOf(authorization);
    const cid = p.str('cid');
    if (token === undefined) throw this.failure('Invalid API token');
    const issued = this.tokens.get(token);
    if (issued) {
      if (issued.expiresAt !== null && now >= issued.expiresAt) throw this.failure('API token expired');
    } else if (!this.config.apiTokens.includes(token)) throw this.failure('Invalid API token');
    if (cid !== undefined && cid !== this.config.credentials.cid) throw this.failure('Token does not belong to this company');
  }

  private checkCredentials(p: Params): void {
    const { cid, user, pass } = this.config.credentials;
    if (!p.has('cid') && !p.has('user') && !p.has('pass')) throw this.failure('Authentication required');
    if (p.str('cid') !== cid || p.str('user') !== user || p.str('pass') !== pass) throw this.failure('Wrong company, user or password');
  }

  private failure(description: string): IcountError {
    return new IcountError(this.config.authFailureReason, description);
  }
}

function bearerOf(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}
