/**
 * Shared state that must survive a restart and be seen by every replica: idempotency records and
 * the payInvoice journal. One interface, two backends: in-memory (default, one process) and Redis
 * (`REDIS_URL`). Values are strings (JSON); callers never store card data in them.
 */
export interface Store {
  get(key: string): Promise<string | null>;
  /** Sets the value only when the key does not exist (atomic); true when it was set. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Sets (overwrites) the value with a new TTL. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Set membership, for indexes such as "payInvoice entries still to complete". */
  addToSet(key: string, member: string): Promise<void>;
  removeFromSet(key: string, member: string): Promise<void>;
  members(key: string): Promise<string[]>;
  /** True when the backend answers (readiness). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
