import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createServer, type AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { createStore, DEFAULT_KEY_PREFIX, MemoryStore, RedisStore } from '../src/stores/index.js';
import type { Store } from '../src/stores/store.js';
import { flushTestRedis, rawTestRedis, testRedisUrl, uniquePrefix } from './support/redis.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A store plus a way to let time pass for it: a fake clock for memory, real waiting for Redis. */
interface Backend {
  store: Store;
  /** Lets `seconds` pass, plus enough margin that a TTL of exactly `seconds` has run out. */
  pass(seconds: number): Promise<void>;
  close(): Promise<void>;
}

const backends: [string, () => Backend][] = [
  [
    'MemoryStore',
    () => {
      let now = 1_700_000_000_000;
      const store = new MemoryStore({ now: () => now });
      return {
        store,
        pass: async (seconds) => {
          now += seconds * 1000;
        },
        close: () => store.close(),
      };
    },
  ],
  [
    'RedisStore',
    () => {
      const prefix = uniquePrefix('conformance');
      const store = new RedisStore(testRedisUrl(), { keyPrefix: prefix });
      return {
        store,
        pass: (seconds) => sleep(seconds * 1000 + 200),
        close: async () => {
          await store.close();
          await flushTestRedis(prefix);
        },
      };
    },
  ],
];

describe.each(backends)('%s conforms to Store', (_name, makeBackend) => {
  let backend: Backend;
  let store: Store;
  beforeEach(() => {
    backend = makeBackend();
    store = backend.store;
  });
  afterEach(() => backend.close());

  it('returns null for a missing key', async () => {
    expect(await store.get('missing')).toBeNull();
  });

  it('sets, reads back and overwrites a value', async () => {
    const json = JSON.stringify({ status: 'done', note: 'ש"ח €' });
    await store.set('k', json, 60);
    expect(await store.get('k')).toBe(json);
    await store.set('k', 'second', 60);
    expect(await store.get('k')).toBe('second');
  });

  it('expires values after their TTL; overwriting renews the TTL', async () => {
    await store.set('short', 'a', 1);
    await store.set('renewed', 'b', 1);
    await store.set('renewed', 'b2', 30);
    expect(await store.setIfAbsent('claim', 'c', 1)).toBe(true);
    expect(await store.get('short')).toBe('a');

    await backend.pass(1);

    expect(await store.get('short')).toBeNull();
    expect(await store.get('renewed')).toBe('b2');
    expect(await store.get('claim')).toBeNull();
    // An expired claim can be taken again.
    expect(await store.setIfAbsent('claim', 'c2', 60)).toBe(true);
    expect(await store.get('claim')).toBe('c2');
  });

  it('setIfAbsent is true once, then false without touching the value', async () => {
    expect(await store.setIfAbsent('once', 'first', 60)).toBe(true);
    expect(await store.setIfAbsent('once', 'second', 60)).toBe(false);
    expect(await store.get('once')).toBe('first');
  });

  it('setIfAbsent is false when the key was set with set()', async () => {
    await store.set('taken', 'v', 60);
    expect(await store.setIfAbsent('taken', 'other', 60)).toBe(false);
  });

  it('50 concurrent setIfAbsent on one key: exactly one wins and its value is stored', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.setIfAbsent('race', `v${i}`, 60)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.get('race')).toBe(`v${results.indexOf(true)}`);
  });

  it('rejects TTLs Redis EX cannot take (non-integer, zero, negative)', async () => {
    for (const ttl of [0, -1, 1.5, Number.NaN]) {
      await expect(store.set('bad', 'v', ttl)).rejects.toThrow(RangeError);
      await expect(store.setIfAbsent('bad', 'v', ttl)).rejects.toThrow(RangeError);
    }
    expect(await store.get('bad')).toBeNull();
  });

  it('deletes values; deleting a missing key is fine', async () => {
    await store.set('gone', 'v', 60);
    await store.delete('gone');
    expect(await store.get('gone')).toBeNull();
    await expect(store.delete('never-there')).resolves.toBeUndefined();
    expect(await store.setIfAbsent('gone', 'again', 60)).toBe(true);
  });

  it('adds, de-duplicates, removes and lists set members', async () => {
    expect(await store.members('pending')).toEqual([]);
    await store.addToSet('pending', 'a');
    await store.addToSet('pending', 'b');
    await store.addToSet('pending', 'a');
    expect((await store.members('pending')).sort()).toEqual(['a', 'b']);
    await store.removeFromSet('pending', 'a');
    await store.removeFromSet('pending', 'not-a-member');
    expect(await store.members('pending')).toEqual(['b']);
    await store.removeFromSet('pending', 'b');
    expect(await store.members('pending')).toEqual([]);
    await store.removeFromSet('never-there', 'x');
  });

  it('delete removes a whole set', async () => {
    await store.addToSet('idx', 'a');
    await store.delete('idx');
    expect(await store.members('idx')).toEqual([]);
  });

  it('pings true', async () => {
    expect(await store.ping()).toBe(true);
  });
});

describe('RedisStore against the real server', () => {
  let raw: Redis;
  const prefix = uniquePrefix('redis');
  const stores: RedisStore[] = [];
  const open = (options: ConstructorParameters<typeof RedisStore>[1] = {}) => {
    const store = new RedisStore(testRedisUrl(), { keyPrefix: prefix, ...options });
    stores.push(store);
    return store;
  };
  beforeAll(() => {
    raw = rawTestRedis();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await flushTestRedis(prefix);
    await raw.quit();
  });

  it('50 concurrent setIfAbsent from two replicas (two connections): exactly one wins', async () => {
    const [a, b] = [open(), open()];
    await Promise.all([a.ping(), b.ping()]); // both connected, so the race is real
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? a : b).setIfAbsent('replica-race', `v${i}`, 60)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = `v${results.indexOf(true)}`;
    expect(await a.get('replica-race')).toBe(winner);
    expect(await b.get('replica-race')).toBe(winner);
  });

  it('stores keys under the prefix with the TTL on the server (SET ... EX)', async () => {
    const store = open();
    await store.set('ttl-check', 'v', 120);
    expect(await store.setIfAbsent('nx-check', 'v', 30)).toBe(true);
    expect(await raw.get(`${prefix}ttl-check`)).toBe('v');
    expect(await raw.ttl(`${prefix}ttl-check`)).toBeGreaterThan(110);
    const nxTtl = await raw.ttl(`${prefix}nx-check`);
    expect(nxTtl).toBeGreaterThan(20);
    expect(nxTtl).toBeLessThanOrEqual(30);
    await store.addToSet('set-check', 'm');
    expect(await raw.smembers(`${prefix}set-check`)).toEqual(['m']);
  });

  it('uses the paygraph: prefix by default', async () => {
    const store = new RedisStore(testRedisUrl());
    const key = uniquePrefix('default-prefix');
    try {
      await store.set(key, 'v', 60);
      expect(await raw.get(`${DEFAULT_KEY_PREFIX}${key}`)).toBe('v');
      await store.delete(key);
    } finally {
      await store.close();
    }
  });

  it('stores with different prefixes do not see each other', async () => {
    const mine = open();
    const theirs = new RedisStore(testRedisUrl(), { keyPrefix: `${prefix}other:` });
    stores.push(theirs);
    await mine.set('shared-name', 'mine', 60);
    expect(await theirs.get('shared-name')).toBeNull();
    expect(await theirs.setIfAbsent('shared-name', 'theirs', 60)).toBe(true);
  });

  it('errors carry no stored values (ioredis puts command args on reply errors)', async () => {
    const store = open();
    await store.set('a-string', 'v', 60);
    const error = await store.addToSet('a-string', 'secret-member').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/WRONGTYPE/);
    expect(JSON.stringify(error)).not.toContain('secret-member');
    expect((error as { command?: unknown }).command).toEqual({ name: 'sadd' });
  });

  it('close() is safe to call twice', async () => {
    const store = new RedisStore(testRedisUrl(), { keyPrefix: prefix });
    expect(await store.ping()).toBe(true);
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    expect(await store.ping()).toBe(false);
  });
});

describe('RedisStore when Redis is down', () => {
  let store: RedisStore;
  let url: string;
  beforeAll(async () => {
    url = `redis://127.0.0.1:${await closedPort()}`;
  });
  afterEach(() => store.close());
  // ioredis leaves a disconnect timer (RedisStore sets it to 200 ms) behind after closing a
  // client whose socket already failed; let it run out so no handle outlives this file.
  afterAll(() => sleep(300));

  it('ping() resolves false within its timeout instead of throwing', async () => {
    store = new RedisStore(url, { pingTimeoutMs: 300 });
    const started = Date.now();
    await expect(store.ping()).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('commands fail (do not hang) and close() returns promptly', async () => {
    store = new RedisStore(url);
    const started = Date.now();
    await expect(store.get('k')).rejects.toThrow();
    await store.close();
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('createStore', () => {
  it('uses memory without a URL (undefined or empty)', async () => {
    for (const url of [undefined, '']) {
      const store = createStore(url);
      expect(store).toBeInstanceOf(MemoryStore);
      await store.close();
    }
  });

  it('uses Redis with a URL', async () => {
    const store = createStore(testRedisUrl());
    try {
      expect(store).toBeInstanceOf(RedisStore);
      expect(await store.ping()).toBe(true);
    } finally {
      await store.close();
    }
  });
});

/** A loopback port nothing listens on: bind one, note it, release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
