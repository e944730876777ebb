import pg from 'pg';
import type { Row, SqlDatabase, SqlExecutor, SqlValue } from './sql.js';

/** `?` → `$1, $2 …` (the ledger's statements have no `?` inside literals). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

// BIGINT columns hold epoch milliseconds: well inside a double, so read them as numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The shared ledger: a PostgreSQL pool (`DATABASE_URL`) used by every replica. */
export function openPostgres(url: string, options: { max?: number; onError?: (err: Error) => void } = {}): SqlDatabase {
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, connectionTimeoutMillis: 5_000 });
  // An idle client losing its server (a restart) must not crash the process: the next query reconnects.
  pool.on('error', (err) => options.onError?.(err));
  return new PostgresDatabase(pool, options.onError);
}

class PostgresDatabase implements SqlDatabase {
  readonly dialect = 'postgres';

  constructor(
    private readonly pool: pg.Pool,
    private readonly onError?: (err: Error) => void,
  ) {}

  query(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return run(this.pool, sql, params).then((r) => r.rows as Row[]);
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return run(this.pool, sql, params).then((r) => r.rowCount ?? 0);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // A checked-out client has no pool listener: without one, the server dying mid-transaction
    // would be an unhandled 'error' event and end the process. The query in flight rejects anyway.
    const onClientError = (err: Error) => this.onError?.(err);
    client.on('error', onClientError);
    const release = (err?: Error) => {
      client.off('error', onClientError);
      client.release(err);
    };
    const tx: SqlExecutor = {
      query: (sql, params = []) => run(client, sql, params).then((r) => r.rows as Row[]),
      execute: (sql, params = []) => run(client, sql, params).then((r) => r.rowCount ?? 0),
    };
    try {
      await client.query('BEGIN');
      const result = await work(tx);
      await client.query('COMMIT');
      release();
      return result;
    } catch (err) {
      // A broken connection is destroyed rather than returned to the pool.
      const broken = await client.query('ROLLBACK').then(() => false, () => true);
      release(broken ? (err as Error) : undefined);
      throw err;
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

function run(on: pg.Pool | pg.PoolClient, sql: string, params: readonly SqlValue[]): Promise<pg.QueryResult> {
  return on.query(numbered(sql), params as SqlValue[]);
}
