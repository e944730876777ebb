import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from './sql.js';

/**
 * The embedded ledger: one SQLite file in `DATA_DIR` in WAL mode. `:memory:` for demo mode and
 * tests. A write is answered only once its transaction is on disk (docs/ledger.md), so it survives
 * `kill -9` and power loss alike; see SqliteDatabase for how that is done without stopping the
 * process for every fsync.
 */
export function openSqlite(file: string): SqlDatabase {
  const inMemory = file === ':memory:';
  if (!inMemory) mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  // COMMIT writes the WAL without syncing it; `WalSync` syncs it before anyone is answered.
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return new SqliteDatabase(db, inMemory ? null : new WalSync(`${file}-wal`));
}

interface Queued {
  work: (tx: SqlExecutor) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

/**
 * Writes are group-committed: better-sqlite3 is synchronous, and a COMMIT per ledger write made
 * concurrent charges queue behind the disk (docs/performance.md). Writes queued in the same turn
 * of the event loop run in one transaction, each in its own savepoint (a write that throws undoes
 * only itself). The COMMIT writes the WAL (`synchronous = NORMAL`: no fsync on this thread); the
 * WAL is then synced on libuv's thread pool, one sync covering every batch committed before it,
 * and only then are the batch's callers answered. So a caller still sees its write durable before
 * it goes on (what `synchronous = FULL` gave, at an fsync per COMMIT on the event loop), and a
 * crash loses only writes nobody was told about.
 */
class SqliteDatabase implements SqlDatabase {
  readonly dialect = 'sqlite';
  private queued: Queued[] = [];
  private flushing: Promise<void> | null = null;
  private scheduled = false;
  /** The ledger's statements are a few fixed texts: each is compiled once. */
  private readonly statements = new Map<string, Database.Statement>();
  /** Statements of the batch in progress: they run at once, inside its transaction. */
  private readonly inBatch: SqlExecutor = {
    query: async (sql, params = []) => this.statement(sql).all(...params) as Row[],
    execute: async (sql, params = []) => this.statement(sql).run(...params).changes,
  };

  constructor(
    private readonly db: Database.Database,
    private readonly wal: WalSync | null,
  ) {}

  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string): void {
    this.statement(sql).run();
  }

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
    const committed: { item: Queued; value: unknown }[] = [];
    try {
      this.run('BEGIN IMMEDIATE');
      for (const item of batch) {
        this.run('SAVEPOINT ledger_write');
        try {
          const value = await item.work(this.inBatch);
          this.run('RELEASE ledger_write');
          committed.push({ item, value });
        } catch (err) {
          // Some errors (a full disk, I/O) end the whole transaction: then the batch fails below.
          if (!this.db.inTransaction) throw err;
          this.run('ROLLBACK TO ledger_write');
          this.run('RELEASE ledger_write');
          item.reject(err);
        }
      }
      this.run('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const item of batch) item.reject(err); // no effect on those already refused
      return;
    }
    if (committed.length === 0) return;
    const answer = (err?: unknown) => {
      for (const { item, value } of committed) {
        if (err) item.reject(err);
        else item.resolve(value);
      }
    };
    if (this.wal) this.wal.after(answer);
    else answer();
  }

  async close(): Promise<void> {
    while (this.flushing || this.scheduled || this.queued.length) {
      await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
    }
    await this.wal?.close();
    if (this.db.open) this.db.close();
  }
}

/**
 * Syncs the WAL file (`fdatasync`, on libuv's thread pool) and then calls the batches waiting for
 * it. One sync at a time; the batches committed while it runs wait for the next one, which covers
 * them all. A failed sync fails its batches: their writes may not be on disk.
 */
class WalSync {
  private waiting: ((err?: unknown) => void)[] = [];
  private syncing: Promise<void> | null = null;
  private handle: Promise<FileHandle> | null = null;

  constructor(private readonly file: string) {}

  after(answer: (err?: unknown) => void): void {
    this.waiting.push(answer);
    this.syncing ??= this.drain().finally(() => (this.syncing = null));
  }

  private async drain(): Promise<void> {
    while (this.waiting.length) {
      const answers = this.waiting;
      this.waiting = [];
      let failure: unknown;
      try {
        this.handle ??= this.openWal();
        await (await this.handle).datasync();
      } catch (err) {
        this.handle = null;
        failure = err;
      }
      for (const answer of answers) answer(failure);
    }
  }

  /**
   * SQLite keeps the WAL file (the same inode, rewound after checkpoints) while the connection is
   * open. The directory is synced once too: the WAL file's own entry in it was created unsynced.
   */
  private async openWal(): Promise<FileHandle> {
    const wal = await open(this.file, 'r');
    const dir = await open(path.dirname(this.file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
    return wal;
  }

  async close(): Promise<void> {
    await this.syncing;
    await (await this.handle?.catch(() => null))?.close();
  }
}
