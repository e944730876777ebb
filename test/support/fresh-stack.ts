import { afterEach } from '@jest/globals';
import { flushTestRedis, testRedisUrl, uniquePrefix } from './redis.js';
import { startStack, type StackOptions, type TestStack } from './stack.js';

/**
 * A new stack for each test that asks for one, closed after it; `{ redis: true }` shares state
 * through the test Redis under a key prefix of its own, flushed afterwards.
 */
export function freshStacks(): (options?: Omit<StackOptions, 'redis'> & { redis?: boolean }) => Promise<TestStack> {
  let current: TestStack | null = null;
  let prefix: string | null = null;
  afterEach(async () => {
    await current?.close();
    if (prefix) await flushTestRedis(prefix);
    current = null;
    prefix = null;
  });
  return async ({ redis, ...options } = {}) => {
    if (redis) prefix = uniquePrefix('fresh');
    current = await startStack({ ...options, ...(prefix ? { redis: { url: testRedisUrl(), prefix } } : {}) });
    return current;
  };
}
