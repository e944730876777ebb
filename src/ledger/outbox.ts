import type { LedgerEntry } from './entry.js';
import type { Row, SqlDatabase, SqlExecutor } from './sql.js';

/** An event to write with a ledger row's change (its payload is what subscribers and webhooks get). */
export interface OutboxEvent {
  /** Unique and stable: the same event written twice would be refused by the primary key. */
  id: string;
  principal: string;
  entryId: string;
  type: string;
  payload: Record<string, unknown>;
}

/** The events a change of a ledger row makes (none for most changes). */
export type EventsOf = (before: LedgerEntry, after: LedgerEntry) => OutboxEvent[];

export interface StoredEvent extends OutboxEvent {
  createdAt: number;
}

export interface DueDelivery {
  eventId: string;
  url: string;
  attempts: number;
  nextAttemptAt: number;
  eventCreatedAt: number;
  payload: string;
}

/** Inside the transaction that changes the ledger row. */
export async function insertEvents(tx: SqlExecutor, events: readonly OutboxEvent[], at: number): Promise<void> {
  for (const e of events) {
    await tx.execute('INSERT INTO payment_events (id, principal, entry_id, type, payload, created_at, dispatched) VALUES (?, ?, ?, ?, ?, ?, 0)', [
      e.id, e.principal, e.entryId, e.type, JSON.stringify(e.payload), at,
    ]);
  }
}

const storedEvent = (row: Row): StoredEvent => ({
  id: String(row.id),
  principal: String(row.principal),
  entryId: String(row.entry_id),
  type: String(row.type),
  payload: JSON.parse(String(row.payload)) as Record<string, unknown>,
  createdAt: Number(row.created_at),
});

/**
 * The outbox's side of the dispatcher: events since a time (for subscribers), and per webhook URL
 * a delivery row per event, claimed by compare-and-set so that one replica sends it at a time.
 */
export class PaymentOutbox {
  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number,
  ) {}

  /** Events written at or after `since`, oldest first. */
  async since(since: number, limit = 500): Promise<StoredEvent[]> {
    const rows = await this.db.query('SELECT id, principal, entry_id, type, payload, created_at FROM payment_events WHERE created_at >= ? ORDER BY created_at, id LIMIT ?', [since, limit]);
    return rows.map(storedEvent);
  }

  /** Creates the delivery rows of events not yet dispatched (one per URL); resolves with how many events. */
  async dispatch(urls: readonly string[], limit = 100): Promise<number> {
    // No webhooks: nothing to create, so one statement marks them all (not a transaction per event).
    if (urls.length === 0) return this.db.execute('UPDATE payment_events SET dispatched = 1 WHERE dispatched = 0');
    const rows = await this.db.query('SELECT id FROM payment_events WHERE dispatched = 0 ORDER BY created_at LIMIT ?', [limit]);
    for (const row of rows) {
      await this.db.transaction(async (tx) => {
        const taken = await tx.execute('UPDATE payment_events SET dispatched = 1 WHERE id = ? AND dispatched = 0', [row.id ?? null]);
        if (taken !== 1) return; // another replica dispatched it
        const at = this.now();
        for (const url of urls) {
          await tx.execute("INSERT INTO webhook_deliveries (event_id, url, state, attempts, next_attempt_at, created_at) VALUES (?, ?, 'PENDING', 0, ?, ?)", [row.id ?? null, url, at, at]);
        }
      });
    }
    return rows.length;
  }

  /** How many events have no delivery rows yet (tests, operators). */
  async undispatched(): Promise<number> {
    const [row] = await this.db.query('SELECT COUNT(*) AS n FROM payment_events WHERE dispatched = 0');
    return Number(row?.n ?? 0);
  }

  /** Deliveries due now, oldest first. */
  async due(limit = 20): Promise<DueDelivery[]> {
    const rows = await this.db.query(
      `SELECT d.event_id, d.url, d.attempts, d.next_attempt_at, e.created_at, e.payload FROM webhook_deliveries d JOIN payment_events e ON e.id = d.event_id
       WHERE d.state = 'PENDING' AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at LIMIT ?`,
      [this.now(), limit],
    );
    return rows.map((r) => ({
      eventId: String(r.event_id),
      url: String(r.url),
      attempts: Number(r.attempts),
      nextAttemptAt: Number(r.next_attempt_at),
      eventCreatedAt: Number(r.created_at),
      payload: String(r.payload),
    }));
  }

  /** Takes a due delivery until `leaseUntil` (counted as an attempt); false when another replica took it first. */
  async claim(d: DueDelivery, leaseUntil: number): Promise<boolean> {
    const changed = await this.db.execute(
      "UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = ? WHERE event_id = ? AND url = ? AND state = 'PENDING' AND next_attempt_at = ?",
      [leaseUntil, d.eventId, d.url, d.nextAttemptAt],
    );
    return changed === 1;
  }

  async delivered(d: DueDelivery): Promise<void> {
    await this.db.execute("UPDATE webhook_deliveries SET state = 'DELIVERED', delivered_at = ?, last_error = NULL WHERE event_id = ? AND url = ?", [this.now(), d.eventId, d.url]);
  }

  /** Failed: tried again at `retryAt`, or given up (`FAILED`) when it is null. */
  async failed(d: DueDelivery, error: string, retryAt: number | null): Promise<void> {
    await this.db.execute('UPDATE webhook_deliveries SET state = ?, next_attempt_at = ?, last_error = ? WHERE event_id = ? AND url = ?', [
      retryAt === null ? 'FAILED' : 'PENDING', retryAt ?? this.now(), error.slice(0, 500), d.eventId, d.url,
    ]);
  }

  /** Delivery rows of an event (tests, operators). */
  async deliveries(eventId: string): Promise<{ url: string; state: string; attempts: number; lastError: string | null }[]> {
    const rows = await this.db.query('SELECT url, state, attempts, last_error FROM webhook_deliveries WHERE event_id = ? ORDER BY url', [eventId]);
    return rows.map((r) => ({ url: String(r.url), state: String(r.state), attempts: Number(r.attempts), lastError: r.last_error === null ? null : String(r.last_error) }));
  }

  /** Deletes events older than `before` whose deliveries are all settled. */
  async purge(before: number): Promise<number> {
    await this.db.execute(
      "DELETE FROM webhook_deliveries WHERE state <> 'PENDING' AND event_id IN (SELECT id FROM payment_events WHERE created_at < ?)",
      [before],
    );
    return this.db.execute(
      'DELETE FROM payment_events WHERE created_at < ? AND dispatched = 1 AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = payment_events.id)',
      [before],
    );
  }
}
