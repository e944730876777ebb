import type { UpstreamName } from '../errors.js';
import type { SlotStore } from '../datasources/upstream-rate-limit.js';
import type { SqlDatabase } from './sql.js';

/**
 * The upstream rate limits' sliding windows in PostgreSQL, shared by replicas (migration 3,
 * `upstream_call_slots`): `limit` rows per upstream, each holding when it was last used. Taking a
 * slot is one UPDATE of the least recently used row that left the window; concurrent replicas skip
 * each other's locked rows, and the WHERE is checked again under the row lock, so a slot is never
 * handed out twice. Times are the replicas' own clocks (keep them in sync, as for the ledger's leases).
 */
export class SqlUpstreamSlots implements SlotStore {
  private readonly ready = new Map<UpstreamName, Promise<void>>();

  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  async take(upstream: UpstreamName, limit: number, windowMs: number, keep: number): Promise<number | null> {
    await this.prepare(upstream, limit);
    const at = this.now();
    const cutoff = at - windowMs;
    const taken = await this.db.query(
      `UPDATE upstream_call_slots SET used_at = ?
       WHERE upstream = ? AND used_at <= ?
         AND slot = (SELECT slot FROM upstream_call_slots WHERE upstream = ? AND used_at <= ? ORDER BY used_at, slot LIMIT 1 FOR UPDATE SKIP LOCKED)
         AND (SELECT COUNT(*) FROM upstream_call_slots WHERE upstream = ? AND used_at <= ?) > ?
       RETURNING slot`,
      [at, upstream, cutoff, upstream, cutoff, upstream, cutoff, keep],
    );
    if (taken.length > 0) return null;
    // The (keep + 1)-th oldest slot must leave the window first.
    const [row] = await this.db.query('SELECT used_at FROM upstream_call_slots WHERE upstream = ? ORDER BY used_at LIMIT 1 OFFSET ?', [upstream, keep]);
    const usedAt = row ? Number(row.used_at) : at;
    return Math.max(5, usedAt + windowMs - at);
  }

  /** Once per process: exactly `limit` rows for the upstream (all replicas should agree on the limit). */
  private prepare(upstream: UpstreamName, limit: number): Promise<void> {
    let ready = this.ready.get(upstream);
    if (!ready) {
      ready = (async () => {
        for (let slot = 0; slot < limit; slot++) {
          await this.db.execute('INSERT INTO upstream_call_slots (upstream, slot, used_at) VALUES (?, ?, 0) ON CONFLICT (upstream, slot) DO NOTHING', [upstream, slot]);
        }
        await this.db.execute('DELETE FROM upstream_call_slots WHERE upstream = ? AND slot >= ?', [upstream, limit]);
      })();
      ready.catch(() => this.ready.delete(upstream));
      this.ready.set(upstream, ready);
    }
    return ready;
  }
}
