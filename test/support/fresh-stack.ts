import { afterEach } from '@jest/globals';
import { freshDatabase, type FreshDatabase } from './postgres.js';
import { startStack, type StackOptions, type TestStack } from './stack.js';

/**
 * A new stack for each test that asks for one, closed after it; `{ postgres: true }` keeps the
 * ledger in a fresh database of the test PostgreSQL server (dropped afterwards), as replicas do.
 */
export function freshStacks(): (options?: Omit<StackOptions, 'databaseUrl'> & { postgres?: boolean }) => Promise<TestStack> {
  let current: TestStack | null = null;
  let database: FreshDatabase | null = null;
  afterEach(async () => {
    await current?.close();
    await database?.drop();
    current = null;
    database = null;
  });
  return async ({ postgres, ...options } = {}) => {
    if (postgres) database = await freshDatabase('stack');
    current = await startStack({ ...options, ...(database ? { databaseUrl: database.url } : {}) });
    return current;
  };
}
