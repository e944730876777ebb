import { UpstreamError, type UpstreamName } from '../errors.js';
import { LABEL } from './resilience.js';

/**
 * The client-side rate limit of one upstream account (ICOUNT_RATE_LIMIT, FRESHBOOKS_RATE_LIMIT):
 * at most `limit` HTTP requests in any `windowMs` (a sliding window, so no burst at a window's
 * edge), counted per request sent (a login, a re-login and got's retries of a read included).
 *
 * A call that finds the quota spent waits in a queue instead of failing, until the request's
 * deadline: then it fails with UPSTREAM_RATE_LIMITED, outcome NOT_ATTEMPTED (nothing was sent).
 * Writes leave the queue before reads; and reads leave `reserve` requests of every window
 * (a tenth of the limit, rounded down) to writes, so that other replicas' reads cannot take a
 * write's turn either.
 *
 * The window is kept in memory, or, when DATABASE_URL is set, in the ledger's PostgreSQL (table
 * `upstream_call_slots`, src/ledger/upstream-slots.ts) so that replicas share one quota. When the
 * database cannot answer, each process falls back to its own memory window rather than fail calls.
 */

/** Where the last requests of each upstream are kept. */
export interface SlotStore {
  /**
   * Takes one of `limit` slots of `upstream` not used for `windowMs`, provided more than `keep`
   * are free: null when taken, else the milliseconds until it is worth asking again.
   */
  take(upstream: UpstreamName, limit: number, windowMs: number, keep: number): Promise<number | null>;
}

/** One process's sliding window: the times of the last `limit` requests of each upstream. */
export class MemorySlots implements SlotStore {
  private readonly sent = new Map<UpstreamName, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  async take(upstream: UpstreamName, limit: number, windowMs: number, keep: number): Promise<number | null> {
    const at = this.now();
    const log = (this.sent.get(upstream) ?? []).filter((t) => t > at - windowMs);
    this.sent.set(upstream, log);
    if (limit - log.length > keep) {
      log.push(at);
      return null;
    }
    // Enough of the oldest must leave the window for more than `keep` slots to be free.
    const oldest = log[log.length - (limit - keep)] ?? at;
    return Math.max(1, oldest + windowMs - at);
  }
}

export interface UpstreamRateLimitSettings {
  /** Requests per window; 0 turns the limit off. */
  limit: number;
  /** Default one minute. */
  windowMs?: number;
  /** Shared window (PostgreSQL); default this process's memory. */
  store?: SlotStore | null;
  /** The variable that sets `limit`, for messages. */
  variable?: string;
}

type Kind = 'write' | 'read';

interface Waiter {
  kind: Kind;
  grant(): void;
}

export class UpstreamRateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  /** Requests of every window only writes may use. */
  readonly reserve: number;
  private readonly store: SlotStore;
  private readonly fallback = new MemorySlots();
  private readonly waiting: Waiter[] = [];
  private pumping = false;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly upstream: UpstreamName,
    private readonly settings: UpstreamRateLimitSettings,
  ) {
    this.limit = settings.limit;
    this.windowMs = settings.windowMs ?? 60_000;
    this.reserve = Math.floor(this.limit / 10);
    this.store = settings.store ?? this.fallback;
  }

  /** Calls waiting for their turn, for tests and metrics. */
  get queued(): number {
    return this.waiting.length;
  }

  /**
   * Resolves when `method` may send one request. Rejects with UPSTREAM_RATE_LIMITED (outcome
   * NOT_ATTEMPTED) when `signal`, the request's deadline, aborts first.
   */
  acquire(kind: Kind, method: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(this.queuedOut(method));
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const at = this.waiting.indexOf(waiter);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(this.queuedOut(method));
        this.wake();
      };
      const waiter: Waiter = {
        kind,
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      // A write may go at once even while the queue sleeps for a read's turn.
      if (kind === 'write') this.wake();
      void this.pump();
    });
  }

  private queuedOut(method: string): UpstreamError {
    const variable = this.settings.variable ? ` (${this.settings.variable})` : '';
    return new UpstreamError(
      'UPSTREAM_RATE_LIMITED',
      this.upstream,
      method,
      `${LABEL[this.upstream]} calls are limited to ${this.limit} per ${this.windowMs / 1000} s${variable}; ${method} was still queued when the request's deadline passed, and was not sent`,
      { outcome: 'NOT_ATTEMPTED' },
    );
  }

  /** Grants turns one at a time: the first queued write, else the first queued read. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const next = this.waiting.find((w) => w.kind === 'write') ?? this.waiting[0]!;
        const keep = next.kind === 'write' ? 0 : this.reserve;
        let wait: number | null;
        try {
          wait = await this.store.take(this.upstream, this.limit, this.windowMs, keep);
        } catch {
          wait = await this.fallback.take(this.upstream, this.limit, this.windowMs, keep);
        }
        if (wait === null) {
          const at = this.waiting.indexOf(next);
          // A waiter whose deadline passed meanwhile leaves its slot spent: counting too much is the safe side.
          if (at >= 0) {
            this.waiting.splice(at, 1);
            next.grant();
          }
          continue;
        }
        await this.sleep(wait);
      }
    } finally {
      this.pumping = false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      this.wakeUp = done;
    });
  }

  private wake(): void {
    this.wakeUp?.();
  }
}
