import type { SqlDatabase } from './sql.js';

/**
 * Versioned schema changes, applied in order at start, each in its own transaction, recorded in
 * `ledger_migrations`. Never edit a migration that has shipped: add the next one. The SQL is the
 * subset SQLite and PostgreSQL share (TEXT, INTEGER, BIGINT, partial-free unique indexes).
 */
export const MIGRATIONS: readonly { version: number; name: string; statements: readonly string[] }[] = [
  {
    version: 1,
    name: 'ledger entries',
    statements: [
      `CREATE TABLE ledger_entries (
        id TEXT PRIMARY KEY,
        principal TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        operation TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        state TEXT NOT NULL,
        step TEXT,
        invoice_lock TEXT UNIQUE,
        data TEXT NOT NULL,
        result TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        lease_until BIGINT NOT NULL,
        version INTEGER NOT NULL DEFAULT 0,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        UNIQUE (principal, idempotency_key)
      )`,
      'CREATE INDEX ledger_entries_state ON ledger_entries (state, updated_at)',
    ],
  },
  {
    version: 2,
    name: 'entries by operation (refunds of a charge)',
    statements: ['CREATE INDEX ledger_entries_operation ON ledger_entries (operation, state)'],
  },
  {
    version: 3,
    name: 'upstream rate-limit windows (replicas share one quota per upstream account)',
    statements: ['CREATE TABLE upstream_call_slots (upstream TEXT NOT NULL, slot INTEGER NOT NULL, used_at BIGINT NOT NULL, PRIMARY KEY (upstream, slot))'],
  },
  {
    version: 4,
    name: 'payment events outbox and webhook deliveries (docs/checkout.md, "Payment events")',
    statements: [
      // One row per event, written in the transaction that settles its ledger row; `dispatched`:
      // its webhook deliveries (one per WEBHOOK_URLS entry) have been created.
      `CREATE TABLE payment_events (
        id TEXT PRIMARY KEY,
        principal TEXT NOT NULL,
        entry_id TEXT NOT NULL,
        type TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        dispatched INTEGER NOT NULL DEFAULT 0
      )`,
      'CREATE INDEX payment_events_created ON payment_events (created_at)',
      'CREATE INDEX payment_events_dispatched ON payment_events (dispatched, created_at)',
      `CREATE TABLE webhook_deliveries (
        event_id TEXT NOT NULL,
        url TEXT NOT NULL,
        state TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at BIGINT NOT NULL,
        last_error TEXT,
        delivered_at BIGINT,
        created_at BIGINT NOT NULL,
        PRIMARY KEY (event_id, url)
      )`,
      'CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at)',
    ],
  },
];

/** PostgreSQL: replicas starting together take turns (any constant works as the lock id). */
const MIGRATION_LOCK = 7_411_003;

export async function migrate(db: SqlDatabase): Promise<number> {
  let applied = 0;
  for (const migration of MIGRATIONS) {
    const ran = await db.transaction(async (tx) => {
      // Under the lock even the bookkeeping table: concurrent CREATE TABLE IF NOT EXISTS races in PostgreSQL.
      if (db.dialect === 'postgres') await tx.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK})`);
      await tx.execute('CREATE TABLE IF NOT EXISTS ledger_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)');
      const done = await tx.query('SELECT version FROM ledger_migrations WHERE version = ?', [migration.version]);
      if (done.length) return false;
      for (const statement of migration.statements) await tx.execute(statement);
      await tx.execute('INSERT INTO ledger_migrations (version, name, applied_at) VALUES (?, ?, ?)', [migration.version, migration.name, Date.now()]);
      return true;
    });
    if (ran) applied += 1;
  }
  return applied;
}
