import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from './sql.js';

/**
 * The embedded ledger: one SQLite file in `DATA_DIR`, written through WAL with
 * `synchronous = FULL`, so every committed transaction is on disk before the call returns and
 * survives `kill -9` (docs/ledger.md). `:memory:` for demo mode and tests.
 */
export function openSqlite(file: string): SqlDatabase {
  if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  return new SqliteDatabase(db);
}

class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  /** better-sqlite3 is synchronous; transactions still span awaits, so they take turns. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly db: Database.Database) {}

  async query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.db.prepare(sql).all(...params) as Row[];
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.db.prepare(sql).run(...params).changes;
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const run = this.queue.then(async () => {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await work(this);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.queue;
    if (this.db.open) this.db.close();
  }
}
