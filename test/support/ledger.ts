import pg from 'pg';
import type { LedgerLocation } from '../../src/ledger/index.js';

/** Every raw row of a PostgreSQL ledger, read with a client of its own (what an operator would see). */
export async function ledgerRows(location: LedgerLocation): Promise<Record<string, unknown>[]> {
  if (location.kind !== 'postgres') throw new Error('ledgerRows reads a PostgreSQL ledger: start the stack with { postgres: true }');
  const client = new pg.Client({ connectionString: location.url });
  await client.connect();
  try {
    return (await client.query('SELECT * FROM ledger_entries ORDER BY created_at')).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}
