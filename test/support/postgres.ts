import { randomUUID } from 'node:crypto';
import pg from 'pg';

/** Set by test/support/global-setup.ts for the whole run. */
export const TEST_DATABASE_URL_ENV = 'PAYGRAPH_TEST_DATABASE_URL';

/** URL of the PostgreSQL server globalSetup started. Throws rather than letting a ledger test skip. */
export function testDatabaseUrl(): string {
  const url = process.env[TEST_DATABASE_URL_ENV];
  if (!url) {
    throw new Error(
      `${TEST_DATABASE_URL_ENV} is not set: test/support/global-setup.ts starts PostgreSQL and sets it. ` +
        'Run the tests through `npm test` (jest.config.js wires the global setup).',
    );
  }
  return url;
}

export interface FreshDatabase {
  readonly name: string;
  /** The server's URL with this database in its path. */
  readonly url: string;
  /** Drops the database, ending whatever connections to it are still open. */
  drop(): Promise<void>;
}

/**
 * An empty database no other test (or concurrently running worker) uses: all workers share one
 * server, so tests isolate by database rather than by cleaning tables their neighbours use.
 * `serverUrl` defaults to the run's server; a test with a server of its own passes its URL.
 */
export async function freshDatabase(prefix = 'test', serverUrl = testDatabaseUrl()): Promise<FreshDatabase> {
  // Identifiers stop at 63 bytes: 9 + 20 + 1 + 32.
  const label = prefix.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 20);
  const name = `paygraph_${label}_${randomUUID().replaceAll('-', '')}`;
  await onServer(serverUrl, (client) => client.query(`CREATE DATABASE "${name}"`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => onServer(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

async function onServer(serverUrl: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
