import type { Store } from './store.js';

/**
 * Both backends accept the same TTLs: Redis `SET ... EX` takes a positive whole number of
 * seconds, so the memory store refuses anything else too instead of silently differing.
 */
export function assertTtl(ttlSeconds: number): void {
  if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(`ttlSeconds must be a positive integer, got ${ttlSeconds}`);
  }
}

export interface MemoryStoreOptions {
  /** Clock in epoch milliseconds; tests inject a fake one to expire entries without waiting. */
  now?: () => number;
  /** How often expired values are dropped even if nobody reads them again (bounds memory). */
  sweepIntervalMs?: number;
}

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * One-process backend (the default). Every method runs to completion without yielding, so
 * `setIfAbsent` is atomic within the process; it is NOT shared between replicas.
 */
export class MemoryStore implements Store {
  private readonly values = new Map<string, Entry>();
  private readonly sets = new Map<string, Set<string>>();
  private readonly now: () => number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000);
    // The sweep is housekeeping only: it must never keep the process alive.
    this.sweeper.unref();
  }

  async get(key: string): Promise<string | null> {
    return this.live(key)?.value ?? null;
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    assertTtl(ttlSeconds);
    if (this.live(key)) return false;
    this.values.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    return true;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    this.values.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
  }

  async delete(key: string): Promise<void> {
    // Redis has one key space, so DEL removes a value or a set: mirror that.
    this.values.delete(key);
    this.sets.delete(key);
  }

  async addToSet(key: string, member: string): Promise<void> {
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new Set()));
    set.add(member);
  }

  async removeFromSet(key: string, member: string): Promise<void> {
    const set = this.sets.get(key);
    if (!set) return;
    set.delete(member);
    // Redis deletes a set when its last member goes; do the same so empty sets do not pile up.
    if (set.size === 0) this.sets.delete(key);
  }

  async members(key: string): Promise<string[]> {
    return [...(this.sets.get(key) ?? [])];
  }

  async ping(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /** The entry if it has not expired; an expired one is removed on the way (lazy expiry). */
  private live(key: string): Entry | undefined {
    const entry = this.values.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      this.values.delete(key);
      return undefined;
    }
    return entry;
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, entry] of this.values) {
      if (entry.expiresAt <= now) this.values.delete(key);
    }
  }
}
