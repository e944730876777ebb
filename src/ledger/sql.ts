/**
 * The little SQL the ledger needs, over SQLite (embedded) or PostgreSQL (shared by replicas).
 * Statements are written once with `?` placeholders; the PostgreSQL adapter numbers them. Every
 * value is a string, a number or null: JSON is stored as text, times as epoch milliseconds.
 */
export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface SqlExecutor {
  /** Rows of a SELECT (or of `… RETURNING`). */
  query(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  /** Rows changed by an INSERT, UPDATE or DELETE. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDatabase extends SqlExecutor {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A unique constraint refused an INSERT or UPDATE (both drivers say so differently). */
export function isUniqueViolation(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const { code } = err as { code?: unknown };
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
