import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

/** Set by test/support/global-setup.ts for the whole run. */
export const TEST_REDIS_URL_ENV = 'PAYGRAPH_TEST_REDIS_URL';

/** URL of the redis-server globalSetup started. Throws rather than letting a Redis test skip. */
export function testRedisUrl(): string {
  const url = process.env[TEST_REDIS_URL_ENV];
  if (!url) {
    throw new Error(
      `${TEST_REDIS_URL_ENV} is not set: test/support/global-setup.ts starts redis-server and sets it. ` +
        'Run the tests through `npm test` (jest.config.js wires the global setup).',
    );
  }
  return url;
}

/**
 * A key prefix no other test (or concurrently running worker) uses: all workers share one
 * server, so tests isolate by prefix instead of FLUSHDB, which would wipe their neighbours' keys.
 */
export function uniquePrefix(label = 'test'): string {
  return `paygraph-test:${label}:${randomUUID()}:`;
}

/** A plain client on the test server (no key prefix), for looking at raw keys, TTLs. Close it. */
export function rawTestRedis(): Redis {
  return new Redis(testRedisUrl(), { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/** Deletes every key under `prefix` (this test's keys only; see uniquePrefix). */
export async function flushTestRedis(prefix: string): Promise<void> {
  const redis = rawTestRedis();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    await redis.quit();
  }
}
