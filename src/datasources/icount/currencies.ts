import type { CachedReads } from '../../cache/cached-reads.js';
import type { ReadCache } from '../../cache/read-cache.js';
import type { CurrencyRecord } from '../../domain/records.js';

/**
 * iCount's currency table changes rarely: it is kept in the process's read cache (kind
 * `currencies`, CURRENCY_CACHE_TTL_SECONDS), and concurrent misses of all requests share one
 * upstream call.
 */
export class CurrencyCatalog {
  private inflight: Promise<{ currencies: CurrencyRecord[]; cacheable: boolean }> | null = null;

  /** `cache`: the process's read cache (null: none, every request reads upstream). */
  constructor(readonly cache: ReadCache | null = null) {}

  /** `fetch` answers the list and whether it may be cached (a fallback list is not: the next request tries again). */
  async list(reads: CachedReads, fetch: () => Promise<{ currencies: CurrencyRecord[]; cacheable: boolean }>): Promise<CurrencyRecord[]> {
    let cacheable = true;
    return reads.through(
      'currencies',
      CurrencyCatalog.KEY,
      async () => {
        const fetched = await this.shared(fetch);
        cacheable = fetched.cacheable;
        return fetched.currencies;
      },
      () => cacheable,
    );
  }

  private shared(fetch: () => Promise<{ currencies: CurrencyRecord[]; cacheable: boolean }>): Promise<{ currencies: CurrencyRecord[]; cacheable: boolean }> {
    this.inflight ??= fetch().finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private static readonly KEY = 'icount:currency-list';
}
