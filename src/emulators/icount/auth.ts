import { createHash } from 'node:crypto';
import { IcountError } from './envelope.js';
import { SESSION_TTL_MS, type IcountConfig } from './options.js';
import type { Params } from './params.js';

export type AuthResult = { mode: 'sid'; sid: string } | { mode: 'credentials' } | { mode: 'bearer' };

interface Session {
  lastUsed: number;
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

  constructor(private readonly config: IcountConfig) {}

  authenticate(p: Params, authorization: string | undefined, now: number): AuthResult {
    if (bearerOf(authorization) !== undefined) {
      this.checkBearer(p, authorization);
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
    if (bearerOf(authorization) !== undefined) this.checkBearer(p, authorization);
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

  end(sid: string): void {
    this.sessions.delete(sid);
  }

  clear(): void {
    this.sessions.clear();
  }

  private checkBearer(p: Params, authorization: string | undefined): void {
    const token = bearerOf(authorization);
    const cid = p.str('cid');
    if (token === undefined || !this.config.apiTokens.includes(token)) throw this.failure('Invalid API token');
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
