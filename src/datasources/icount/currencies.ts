import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type { CurrencyRecord } from '../../domain/records.js';

/**
 * iCount's currency table changes rarely, so it is cached for the whole process (not per
 * request) with a TTL. The cache is a KeyValueCache so a shared Redis cache can replace it.
 */
export class CurrencyCatalog {
  private inflight: Promise<CurrencyRecord[]> | null = null;

  constructor(
    private readonly ttlSeconds: number,
    private readonly cache: KeyValueCache<string> = new InMemoryLRUCache<string>(),
    /** Told of every look-up: a hit, or a miss (which fetches or joins a fetch), for metrics. */
    private readonly onLookup?: (hit: boolean) => void,
  ) {}

  /** `fetch` answers the list and whether it may be cached (a fallback list is not: the next request tries again). */
  async list(fetch: () => Promise<{ currencies: CurrencyRecord[]; cacheable: boolean }>): Promise<CurrencyRecord[]> {
    const cached = await this.cache.get(CurrencyCatalog.KEY);
    this.onLookup?.(Boolean(cached));
    if (cached) return JSON.parse(cached) as CurrencyRecord[];
    // Concurrent misses share one upstream call.
    this.inflight ??= fetch()
      .then(async ({ currencies, cacheable }) => {
        if (cacheable) await this.cache.set(CurrencyCatalog.KEY, JSON.stringify(currencies), { ttl: this.ttlSeconds });
        return currencies;
      })
      .finally(() => {
        this.inflight = null;
      });
    return this.inflight;
  }

  private static readonly KEY = 'icount:currency/get_list';
}
