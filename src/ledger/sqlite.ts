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

interface Queued {
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit. better-sqlite3 is synchronous, so each COMMIT's fsync stops the whole process; one
 * per ledger write made concurrent charges queue behind the disk (docs/performance.md). Writes
 * queued in the same turn of the event loop run in one transaction, each in its own savepoint (a
 * write that throws undoes only itself), and nobody is answered until the COMMIT is on disk: a
 * caller still sees its write durable before it goes on, and a crash loses only writes nobody was
 * told about.
 */
class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  private queued: Queued[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  /** Statements of the batch in progress: they run at once, inside its transaction. */
  private readonly inBatch: SqlExecutor = {
    query: async (sql, params = []) => this.db.prepare(sql).all(...params) as Row[],
    execute: async (sql, params = []) => this.db.prepare(sql).run(...params).changes,
  };

  constructor(private readonly db: Database.Database) {}

  /** Reads see what is committed (and, on this one connection, a batch being written). */
  query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.inBatch.query(sql, params);
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.transaction((tx) => tx.execute(sql, params));
  }

  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queued.push({ work, resolve: resolve as (value: unknown) => void, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.queued.length) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queued;
    this.queued = [];
    const answers: (() => void)[] = [];
    try {
      this.db.exec('BEGIN IMMEDIATE');
      for (const item of batch) {
        this.db.exec('SAVEPOINT ledger_write');
        try {
          const value = await item.work(this.inBatch);
          this.db.exec('RELEASE ledger_write');
          answers.push(() => item.resolve(value));
        } catch (err) {
          // Some errors (a full disk, I/O) end the whole transaction: then the batch fails below.
          if (!this.db.inTransaction) throw err;
          this.db.exec('ROLLBACK TO ledger_write');
          this.db.exec('RELEASE ledger_write');
          answers.push(() => item.reject(err));
        }
      }
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(err);
      return;
    }
    for (const answer of answers) answer();
  }

  async close(): Promise<void> {
    while (this.flushing || this.scheduled || this.queued.length) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
    if (this.db.open) this.db.close();
  }
}
