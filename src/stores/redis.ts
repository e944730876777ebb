import { Redis } from 'ioredis';
import { assertTtl } from './memory.js';
import type { Store } from './store.js';

export interface RedisStoreOptions {
  /** Prepended to every key so several apps (or test runs) can share one Redis. */
  keyPrefix?: string;
  connectTimeoutMs?: number;
  /** Readiness must answer quickly even when Redis is unreachable. */
  pingTimeoutMs?: number;
  /** Bounds `close()` when QUIT cannot be delivered (Redis down, commands still queued). */
  closeTimeoutMs?: number;
  /**
   * Connection errors (ioredis emits one per failed reconnect). Without a listener ioredis prints
   * them to the console itself. Messages carry hosts and error codes, never stored values.
   */
  onError?: (error: Error) => void;
}

export const DEFAULT_KEY_PREFIX = 'paygraph:';

/** Shared backend: every replica pointed at the same Redis sees the same keys. */
export class RedisStore implements Store {
  private readonly redis: Redis;
  private readonly pingTimeoutMs: number;
  private readonly closeTimeoutMs: number;

  constructor(url: string, options: RedisStoreOptions = {}) {
    this.pingTimeoutMs = options.pingTimeoutMs ?? 1000;
    this.closeTimeoutMs = options.closeTimeoutMs ?? 2000;
    this.redis = new Redis(url, {
      keyPrefix: options.keyPrefix ?? DEFAULT_KEY_PREFIX,
      // Connect now so a bad REDIS_URL shows up in readiness at start, not on the first payment.
      lazyConnect: false,
      // Commands issued during a short blip wait for the reconnect, but fail after two attempts
      // instead of hanging a GraphQL request for the default twenty.
      enableOfflineQueue: true,
      maxRetriesPerRequest: 2,
      connectTimeout: options.connectTimeoutMs ?? 5000,
      // ioredis arms this timer on disconnect and clears it only when the socket closes; if the
      // socket had already failed (Redis down) it runs in full and holds the process open at
      // shutdown (default 2000 ms). Disconnecting means dropping pending replies anyway.
      disconnectTimeout: 200,
    });
    const onError = options.onError ?? (() => {});
    this.redis.on('error', (error: Error) => onError(error));
  }

  async get(key: string): Promise<string | null> {
    return this.run(() => this.redis.get(key));
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    assertTtl(ttlSeconds);
    // One command, decided by the server: atomic across every replica. Null means the key existed.
    const reply = await this.run(() => this.redis.set(key, value, 'EX', ttlSeconds, 'NX'));
    return reply === 'OK';
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    await this.run(() => this.redis.set(key, value, 'EX', ttlSeconds));
  }

  async delete(key: string): Promise<void> {
    await this.run(() => this.redis.del(key));
  }

  async addToSet(key: string, member: string): Promise<void> {
    await this.run(() => this.redis.sadd(key, member));
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    await this.run(() => this.redis.srem(key, member));
  }

  async members(key: string): Promise<string[]> {
    return this.run(() => this.redis.smembers(key));
  }

  async ping(): Promise<boolean> {
    // While Redis is down PING sits in the offline queue; answer false after the timeout
    // instead of waiting for the retries, and never reject.
    const reply = this.redis.ping().then(
      (pong) => pong === 'PONG',
      () => false,
    );
    return (await withTimeout(reply, this.pingTimeoutMs)) ?? false;
  }

  async close(): Promise<void> {
    if (this.ended()) return;
    // QUIT lets in-flight replies arrive; it cannot be delivered while disconnected (it would
    // wait behind the offline queue), so fall back to dropping the socket.
    const quit = this.redis.quit().then(
      () => true,
      () => false,
    );
    const quitted = await withTimeout(quit, this.closeTimeoutMs);
    if (!quitted && !this.ended()) this.redis.disconnect();
  }

  /**
   * ioredis attaches the failed command's arguments (our values) to reply errors as
   * `error.command.args`; callers log errors, so keep only the command name.
   */
  private async run<T>(command: () => Promise<T>): Promise<T> {
    try {
      return await command();
    } catch (error) {
      if (error instanceof Error && 'command' in error) {
        const { name } = (error.command ?? {}) as { name?: unknown };
        error.command = { name };
      }
      throw error;
    }
  }

  /** Re-reads the status each call (TypeScript would otherwise keep an earlier narrowing). */
  private ended(): boolean {
    return this.redis.status === 'end';
  }
}

/** The promise's value, or undefined if it has not settled within `ms`. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
