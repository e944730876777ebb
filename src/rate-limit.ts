import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from './logger.js';

/**
 * Per-API-key rate limits (rate-limiter-flexible): each GraphQL operation costs one point (a batch
 * costs one per operation), RATE_LIMIT_PER_KEY points per RATE_LIMIT_WINDOW_SECONDS. Kept in
 * memory (per process), or in the ledger's PostgreSQL (DATABASE_URL, table `paygraph_rate_limits`)
 * so that replicas share one budget per key; when PostgreSQL cannot answer, each process falls
 * back to its own memory limiter rather than refusing or letting everything through.
 */
export interface RateLimit {
  /** Where the counters live. */
  store: 'memory' | 'postgres';
  /** Takes `points` from `key`; refused with the seconds until enough are back. */
  consume(key: string, points: number): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }>;
  close(): Promise<void>;
}

export interface RateLimitOptions {
  /** Points (operations) per window; 0: no limit. */
  points: number;
  windowSeconds: number;
  /** Share the counters through this PostgreSQL database. */
  databaseUrl?: string;
  logger?: Logger;
}

export async function createRateLimit(options: RateLimitOptions): Promise<RateLimit | null> {
  if (options.points <= 0) return null;
  const settings = { points: options.points, duration: options.windowSeconds, keyPrefix: 'apikey' };
  const memory = new RateLimiterMemory(settings);
  if (!options.databaseUrl) return limiter('memory', memory, async () => {});
  const { default: pg } = await import('pg'); // loaded only where replicas share PostgreSQL
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  // A dying server must not end the process (an idle client's 'error' event).
  pool.on('error', (err) => options.logger?.warn({ err: err.message }, 'rate limit: database connection error'));
  const open = () =>
    new Promise<RateLimiterPostgres>((resolve, reject) => {
      const created: RateLimiterPostgres = new RateLimiterPostgres(
        { ...settings, storeClient: pool, storeType: 'pool', tableName: 'paygraph_rate_limits', clearExpiredByTimeout: true, insuranceLimiter: memory },
        (err?: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(created)),
      );
    });
  // Replicas starting together race on CREATE TABLE IF NOT EXISTS: the loser tries once more.
  const postgres = await open()
    .catch(async () => {
      await new Promise((r) => setTimeout(r, 200));
      return open();
    })
    .catch(async (err: unknown) => {
      await pool.end().catch(() => {});
      throw err;
    });
  return limiter('postgres', postgres, () => pool.end());
}

function limiter(store: RateLimit['store'], rl: RateLimiterAbstract, close: () => Promise<void>): RateLimit {
  return {
    store,
    async consume(key, points) {
      try {
        await rl.consume(key, points);
        return { ok: true };
      } catch (res) {
        if (res instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
        throw res;
      }
    },
    close,
  };
}
