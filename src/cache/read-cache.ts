import { LRUCache } from 'lru-cache';
import type { CachePeers } from './pg-drops.js';

/**
 * The gateway's cross-request cache of upstream reads (docs/performance.md, "Cross-request cache").
 * Each kind has its own TTL: reference data long, clients and stored cards short, invoices shortest.
 * Payments and charges are money state and never cached.
 */
export const READ_CACHE_KINDS = ['currencies', 'card_types', 'clients', 'cards', 'invoices'] as const;
export type ReadCacheKind = (typeof READ_CACHE_KINDS)[number];

export interface ReadCacheSettings {
  /** Entries kept at most; the least recently used go first. */
  maxEntries: number;
  ttlSeconds: Record<ReadCacheKind, number>;
  /** Kinds left out (READ_CACHE=off): their reads always go upstream. */
  off?: ReadonlySet<ReadCacheKind>;
}

export type ReadCacheResult = 'hit' | 'miss' | 'bypass';

/**
 * What the datasources need of the cache. Keys are `<upstream>:<record>:<id>` (an id is a token,
 * client or invoice number, never card data); values are domain records, deep-frozen so no request
 * can change what another reads. One in-process LRU implements it; a shared second level (Redis,
 * …) would be another implementation behind the same methods — none is built.
 */
export interface ReadCache {
  /** The value kept under `key` (null is a value: "the upstream has none"), or undefined. */
  get(kind: ReadCacheKind, key: string): Promise<unknown>;
  /**
   * Keeps `value` (frozen in place) for the kind's TTL, unless something was dropped since
   * `since` (a `mark()` taken before the read): the value may predate that write.
   */
  set(kind: ReadCacheKind, key: string, value: unknown, since: number): Promise<void>;
  /** Drops keys after a write; a key ending in `*` drops every key starting with the rest. */
  drop(keys: readonly string[]): void;
  /** Taken before an upstream read, for `set`. */
  mark(): number;
  /** Whether `kind` is cached at all. */
  caches(kind: ReadCacheKind): boolean;
  /** Told of a look-up's result, for metrics (a bypass is counted here). */
  count(kind: ReadCacheKind, result: ReadCacheResult): void;
  /** Stops sharing drops with other replicas (the gateway is stopping). */
  close(): Promise<void>;
}

/** The cache of one gateway process, held by its Runtime. */
export class LruReadCache implements ReadCache {
  // lru-cache values cannot be null or undefined: each value is boxed.
  private readonly lru: LRUCache<string, { value: unknown }>;
  private drops = 0;
  private peers: CachePeers | null = null;

  constructor(
    private readonly settings: ReadCacheSettings,
    private readonly onLookup?: (kind: ReadCacheKind, result: ReadCacheResult) => void,
  ) {
    // ttlResolution 0: read the clock on every get, instead of lru-cache's default of keeping the
    // time for 1 ms behind a timer it starts on every read (measured in docs/performance.md).
    this.lru = new LRUCache({ max: settings.maxEntries, ttlResolution: 0 });
  }

  /** Other replicas to tell of this one's drops (src/cache/pg-drops.ts); they call `dropLocally` with theirs. */
  share(peers: CachePeers): void {
    this.peers = peers;
  }

  async close(): Promise<void> {
    await this.peers?.close();
    this.peers = null;
  }

  async get(kind: ReadCacheKind, key: string): Promise<unknown> {
    const entry = this.lru.get(key);
    this.count(kind, entry ? 'hit' : 'miss');
    return entry?.value;
  }

  async set(kind: ReadCacheKind, key: string, value: unknown, since: number): Promise<void> {
    deepFreeze(value);
    if (since !== this.drops || !this.caches(kind)) return;
    this.lru.set(key, { value }, { ttl: this.settings.ttlSeconds[kind] * 1000 });
  }

  drop(keys: readonly string[]): void {
    this.dropLocally(keys);
    this.peers?.publish(keys);
  }

  /** A drop another replica made: applied here, not passed on again. */
  dropLocally(keys: readonly string[]): void {
    this.drops += 1;
    const prefixes = keys.filter((k) => k.endsWith('*')).map((k) => k.slice(0, -1));
    for (const key of keys) if (!key.endsWith('*')) this.lru.delete(key);
    if (prefixes.length === 0) return;
    if (prefixes.includes('')) return this.lru.clear();
    for (const key of [...this.lru.keys()]) if (prefixes.some((p) => key.startsWith(p))) this.lru.delete(key);
  }

  mark(): number {
    return this.drops;
  }

  caches(kind: ReadCacheKind): boolean {
    return !this.settings.off?.has(kind);
  }

  count(kind: ReadCacheKind, result: ReadCacheResult): void {
    this.onLookup?.(kind, result);
  }

  /** Whether `key` is held (and not expired). */
  has(key: string): boolean {
    return this.lru.has(key);
  }

  /** Entries held (expired ones may still count until read). */
  get size(): number {
    return this.lru.size;
  }

  /** Every value held, for checks that no card data is cached. */
  values(): unknown[] {
    return [...this.lru.values()].map((entry) => entry.value);
  }
}

/** Freezes a record and everything it holds, so a cached value cannot be changed through any reference. */
function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}
