import { randomBytes } from 'node:crypto';
import { FINAL_STATES, LEDGER_STATES, type LedgerEntry, type LedgerOperation, type LedgerState } from './entry.js';
import { SqlUpstreamSlots } from './upstream-slots.js';
import { insertEvents, PaymentOutbox, type EventsOf } from './outbox.js';
import { type Row, type SqlDatabase, type SqlExecutor, type SqlValue } from './sql.js';

export interface NewEntry {
  principal: string;
  idempotencyKey: string;
  operation: LedgerOperation;
  fingerprint: string;
  invoiceLock?: string | null;
  data?: Record<string, unknown>;
  leaseUntil: number;
}

export type Claim =
  | { kind: 'claimed'; entry: LedgerEntry }
  /** The key was used before: its row. */
  | { kind: 'existing'; entry: LedgerEntry }
  /** Another unsettled payInvoice holds the invoice. */
  | { kind: 'invoice-busy'; holder: LedgerEntry };

export type EntryChanges = Partial<Pick<LedgerEntry, 'state' | 'step' | 'invoiceLock' | 'data' | 'result' | 'attempts' | 'lastError' | 'leaseUntil'>>;

const COLUMNS = 'id, principal, idempotency_key, operation, fingerprint, state, step, invoice_lock, data, result, attempts, last_error, lease_until, version, created_at, updated_at';

/**
 * The ledger's storage: rows keyed by (API key, idempotency key), changed only by
 * compare-and-set on their version, so two requests or two replicas never both move a row on.
 */
export class Ledger {
  constructor(
    private readonly db: SqlDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  get dialect(): SqlDatabase['dialect'] {
    return this.db.dialect;
  }

  /**
   * Inserts a STARTED row for a new key, or says what holds the key or the invoice. One statement
   * in the usual case: the unique (principal, idempotency key) and invoice lock refuse the insert
   * when either is taken, and only then is the row in the way looked up.
   */
  async claim(fresh: NewEntry): Promise<Claim> {
    for (let attempt = 0; ; attempt++) {
      const entry = newEntry(fresh, this.now());
      const inserted = await this.db.execute(`INSERT INTO ledger_entries (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(', ')}) ON CONFLICT DO NOTHING`, toRow(entry));
      if (inserted === 1) return { kind: 'claimed', entry };
      const existing = await this.get(fresh.principal, fresh.idempotencyKey);
      if (existing) return { kind: 'existing', entry: existing };
      if (fresh.invoiceLock) {
        const [holder] = await this.db.query(`SELECT ${COLUMNS} FROM ledger_entries WHERE invoice_lock = ?`, [fresh.invoiceLock]);
        if (holder) return { kind: 'invoice-busy', holder: fromRow(holder) };
      }
      // What refused the insert let go between the insert and the look (the holder settled): again.
      if (attempt >= 3) throw new Error(`ledger claim of ${fresh.idempotencyKey} kept meeting a conflict that was gone when looked up`);
    }
  }

  async get(principal: string, idempotencyKey: string): Promise<LedgerEntry | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM ledger_entries WHERE principal = ? AND idempotency_key = ?`, [principal, idempotencyKey]);
    return row ? fromRow(row) : null;
  }

  async byId(id: string): Promise<LedgerEntry | null> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM ledger_entries WHERE id = ?`, [id]);
    return row ? fromRow(row) : null;
  }

  /**
   * Moves a row on from the version the caller read. Null when someone else changed it first (the
   * caller then re-reads); throws when a payInvoice would take an invoice another one holds.
   */
  async update(entry: LedgerEntry, changes: EntryChanges): Promise<LedgerEntry | null> {
    const next: LedgerEntry = { ...entry, ...changes, version: entry.version + 1, updatedAt: this.now() };
    const events = this.eventsOf?.(entry, next) ?? [];
    if (events.length === 0) return this.updateIn(this.db, entry, next);
    // The payment events of this change go to the outbox in the same transaction: both or neither.
    const moved = await this.db.transaction(async (tx) => {
      const updated = await this.updateIn(tx, entry, next);
      if (updated) await insertEvents(tx, events, next.updatedAt);
      return updated;
    });
    if (moved) this.onEvents?.();
    return moved;
  }

  /**
   * The payment events outbox: `eventsOf` names the events a row's change makes (written with the
   * change, in its transaction); `onEvents` is told after such a change commits.
   */
  recordEvents(eventsOf: EventsOf, onEvents?: () => void): void {
    this.eventsOf = eventsOf;
    this.onEvents = onEvents;
  }

  private eventsOf: EventsOf | undefined;
  private onEvents: (() => void) | undefined;

  /** The outbox's reads and webhook delivery state (src/events/dispatcher.ts). */
  outbox(): PaymentOutbox {
    return new PaymentOutbox(this.db, this.now);
  }

  private async updateIn(db: SqlExecutor, entry: LedgerEntry, next: LedgerEntry): Promise<LedgerEntry | null> {
    const changed = await db.execute(
      `UPDATE ledger_entries SET state = ?, step = ?, invoice_lock = ?, data = ?, result = ?, attempts = ?, last_error = ?, lease_until = ?, version = ?, updated_at = ?
       WHERE id = ? AND version = ?`,
      [next.state, next.step, next.invoiceLock, JSON.stringify(next.data), json(next.result), next.attempts, next.lastError, next.leaseUntil, next.version, next.updatedAt, entry.id, entry.version],
    );
    return changed === 1 ? next : null;
  }

  /** Rows the reconciler must look at: unsettled ones, oldest first. */
  async unsettled(limit = 100): Promise<LedgerEntry[]> {
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM ledger_entries WHERE state IN ('STARTED', 'SENDING', 'UNKNOWN', 'PENDING') ORDER BY updated_at LIMIT ?`,
      [limit],
    );
    return rows.map(fromRow);
  }

  /**
   * Rows of these operations in these states (refunds of charges, reconciliation), oldest first;
   * with `updatedSince`, only rows changed since then (checkouts watched for late payments).
   */
  async byOperation(operations: readonly LedgerOperation[], states: readonly LedgerState[], updatedSince?: number): Promise<LedgerEntry[]> {
    const since = updatedSince === undefined ? '' : ' AND updated_at >= ?';
    const rows = await this.db.query(
      `SELECT ${COLUMNS} FROM ledger_entries WHERE operation IN (${operations.map(() => '?').join(', ')}) AND state IN (${states.map(() => '?').join(', ')})${since} ORDER BY created_at`,
      [...operations, ...states, ...(updatedSince === undefined ? [] : [updatedSince])],
    );
    return rows.map(fromRow);
  }

  /** Rows per state, for `/metrics`. */
  async countByState(): Promise<Record<LedgerState, number>> {
    const rows = await this.db.query('SELECT state, COUNT(*) AS n FROM ledger_entries GROUP BY state');
    const counts = Object.fromEntries(LEDGER_STATES.map((s) => [s, 0])) as Record<LedgerState, number>;
    for (const row of rows) counts[row.state as LedgerState] = Number(row.n);
    return counts;
  }

  /**
   * Deletes settled rows (final, or nothing applied) not touched since `before`. Unsettled rows
   * are never deleted, whatever their age.
   */
  purgeSettled(before: number): Promise<number> {
    const settled = [...FINAL_STATES, 'NOT_APPLIED'];
    return this.db.execute(`DELETE FROM ledger_entries WHERE state IN (${settled.map(() => '?').join(', ')}) AND updated_at < ?`, [...settled, before]);
  }

  /** True when the database answers (readiness). */
  async ping(): Promise<boolean> {
    try {
      await this.db.query('SELECT 1 AS ok');
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /** With PostgreSQL, the upstream rate limits' shared windows (replicas share one quota); otherwise none. */
  upstreamSlots(): SqlUpstreamSlots | null {
    return this.db.dialect === 'postgres' ? new SqlUpstreamSlots(this.db, this.now) : null;
  }
}

function newEntry(fresh: NewEntry, at: number): LedgerEntry {
  return {
    id: newEntryId(),
    principal: fresh.principal,
    idempotencyKey: fresh.idempotencyKey,
    operation: fresh.operation,
    fingerprint: fresh.fingerprint,
    state: 'STARTED',
    step: null,
    invoiceLock: fresh.invoiceLock ?? null,
    data: fresh.data ?? {},
    result: null,
    attempts: 0,
    lastError: null,
    leaseUntil: fresh.leaseUntil,
    version: 0,
    createdAt: at,
    updatedAt: at,
  };
}

/** 20 characters of base32: unique enough to be a key, short enough for a description field. */
function newEntryId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  return [...randomBytes(20)].map((b) => alphabet[b & 31]).join('');
}

function json(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

function toRow(e: LedgerEntry): SqlValue[] {
  return [
    e.id, e.principal, e.idempotencyKey, e.operation, e.fingerprint, e.state, e.step, e.invoiceLock, JSON.stringify(e.data), json(e.result),
    e.attempts, e.lastError, e.leaseUntil, e.version, e.createdAt, e.updatedAt,
  ];
}

function fromRow(row: Row): LedgerEntry {
  return {
    id: String(row.id),
    principal: String(row.principal),
    idempotencyKey: String(row.idempotency_key),
    operation: row.operation as LedgerOperation,
    fingerprint: String(row.fingerprint),
    state: row.state as LedgerState,
    step: row.step === null ? null : String(row.step),
    invoiceLock: row.invoice_lock === null ? null : String(row.invoice_lock),
    data: JSON.parse(String(row.data)) as Record<string, unknown>,
    result: row.result === null ? null : (JSON.parse(String(row.result)) as unknown),
    attempts: Number(row.attempts),
    lastError: row.last_error === null ? null : String(row.last_error),
    leaseUntil: Number(row.lease_until),
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
