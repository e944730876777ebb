import path from 'node:path';
import { Ledger } from './ledger.js';
import { migrate } from './migrations.js';

export { Ledger } from './ledger.js';
export * from './entry.js';

/** Where the ledger lives: PostgreSQL (replicas), an SQLite file (one gateway), or memory (demo, tests). */
export type LedgerLocation = { kind: 'postgres'; url: string } | { kind: 'sqlite'; dataDir: string } | { kind: 'memory' };

/** The SQLite file's name inside DATA_DIR. */
export const LEDGER_FILE = 'paygraph-ledger.sqlite';

/** Opens the ledger and brings its schema up to date. */
export async function openLedger(location: LedgerLocation, options: { onError?: (err: Error) => void } = {}): Promise<Ledger> {
  // Each driver is loaded only where it is used (the other one's memory is not spent).
  const db =
    location.kind === 'postgres'
      ? (await import('./postgres.js')).openPostgres(location.url, options)
      : (await import('./sqlite.js')).openSqlite(location.kind === 'memory' ? ':memory:' : path.join(location.dataDir, LEDGER_FILE));
  try {
    await migrate(db);
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
  return new Ledger(db);
}

export function describeLocation(location: LedgerLocation): string {
  if (location.kind === 'postgres') return 'PostgreSQL (DATABASE_URL)';
  if (location.kind === 'sqlite') return `SQLite in ${path.join(location.dataDir, LEDGER_FILE)}`;
  return 'memory (demo mode: gone at restart)';
}
