import type { ReadCache, ReadCacheKind } from './read-cache.js';

/** Reference data: not money state, so only a client's `no-cache` reads it fresh. */
const REFERENCE: ReadonlySet<ReadCacheKind> = new Set(['currencies', 'card_types']);

/**
 * When a request reads around the cache (and refreshes it with what it read). `noCache`: the
 * client sent `Cache-Control: no-cache`, every kind. `forWrite`: a mutation or background work
 * (reconciliation, checkout callbacks), which decides money writes on what it reads: clients,
 * cards and invoices, not reference data.
 */
export interface ReadPolicy {
  noCache: boolean;
  forWrite: boolean;
}

/**
 * How one request uses the process's read cache: a cached value answers and only a miss goes
 * upstream, unless the policy says to read fresh. Shared by the request's datasources, so a
 * mutation can turn `forWrite` on once its operation is known (src/cache/fresh-reads.ts).
 */
export class CachedReads {
  constructor(
    private readonly cache: ReadCache | null,
    readonly policy: ReadPolicy = { noCache: false, forWrite: true },
  ) {}

  private fresh(kind: ReadCacheKind): boolean {
    return this.policy.noCache || (this.policy.forWrite && !REFERENCE.has(kind));
  }

  /** The value of `key`: from the cache, or read by `load` (and kept, when `keep` allows). */
  async through<T>(kind: ReadCacheKind, key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const cache = this.cache;
    if (!cache || !cache.caches(kind)) return load();
    if (this.fresh(kind)) cache.count(kind, 'bypass');
    else {
      const cached = await cache.get(kind, key);
      if (cached !== undefined) return cached as T;
    }
    const since = cache.mark();
    const value = await load();
    if (keep(value)) await cache.set(kind, key, value, since);
    return value;
  }

  /** The values of `keys` the cache holds (none when reading fresh), counted as hits and misses. */
  async held<T>(kind: ReadCacheKind, keys: readonly string[]): Promise<Map<string, T>> {
    const found = new Map<string, T>();
    const cache = this.cache;
    if (!cache || !cache.caches(kind)) return found;
    if (this.fresh(kind)) {
      for (const _ of keys) cache.count(kind, 'bypass');
      return found;
    }
    for (const key of keys) {
      const value = await cache.get(kind, key);
      if (value !== undefined) found.set(key, value as T);
    }
    return found;
  }

  /** Keeps values read by a list (the cache's `mark()` taken before it). */
  async keep(kind: ReadCacheKind, entries: readonly [string, unknown][], since: number): Promise<void> {
    if (!this.cache || !this.cache.caches(kind)) return;
    for (const [key, value] of entries) await this.cache.set(kind, key, value, since);
  }

  /** Taken before a list read whose records are then kept. */
  mark(): number {
    return this.cache?.mark() ?? 0;
  }

  /** After a write: what it may have changed (a key ending in `*` is a prefix). */
  drop(...keys: string[]): void {
    if (keys.length > 0) this.cache?.drop(keys);
  }
}
