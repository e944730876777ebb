import { MemoryStore } from './memory.js';
import { RedisStore, type RedisStoreOptions } from './redis.js';
import type { Store } from './store.js';

export type { Store } from './store.js';
export { MemoryStore, type MemoryStoreOptions } from './memory.js';
export { RedisStore, DEFAULT_KEY_PREFIX, type RedisStoreOptions } from './redis.js';

/**
 * Redis when a URL is configured (state shared by every replica and kept across restarts),
 * otherwise memory (one process; lost on restart). An empty string counts as "not configured".
 * Pass `redis.onError` to log connection errors; otherwise only `ping()` reveals them.
 */
export function createStore(redisUrl: string | undefined, redis: RedisStoreOptions = {}): Store {
  return redisUrl ? new RedisStore(redisUrl, redis) : new MemoryStore();
}
