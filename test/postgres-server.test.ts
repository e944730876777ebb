import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPostgres } from './support/postgres-server.js';
import { freshDatabase, testDatabaseUrl } from './support/postgres.js';

/** A client that survives its server dying under it (pg emits 'error' on an idle connection). */
async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  client.on('error', () => {});
  await client.connect();
  return client;
}

describe('the run-wide PostgreSQL server (globalSetup)', () => {
  it('listens on the loopback address only, as the postgres superuser, with room for many clients', async () => {
    const client = await connect(testDatabaseUrl());
    try {
      const setting = async (name: string) => (await client.query(`SHOW ${name}`)).rows[0]?.[name];
      expect(await setting('listen_addresses')).toBe('127.0.0.1');
      expect(await setting('max_connections')).toBe('200');
      expect(await setting('synchronous_commit')).toBe('on');
      expect((await client.query('SELECT current_user AS user')).rows).toEqual([{ user: 'postgres' }]);
    } finally {
      await client.end();
    }
  });

  it('gives each fresh database its own tables', async () => {
    const [a, b] = await Promise.all([freshDatabase('independent'), freshDatabase('independent')]);
    const [ca, cb] = await Promise.all([connect(a.url), connect(b.url)]);
    try {
      expect(a.name).not.toBe(b.name);
      await ca.query('CREATE TABLE payments (id text PRIMARY KEY)');
      await ca.query("INSERT INTO payments VALUES ('only-in-a')");
      // The same table name in the other database: no clash, and none of a's rows.
      await cb.query('CREATE TABLE payments (id text PRIMARY KEY)');
      expect((await cb.query('SELECT id FROM payments')).rows).toEqual([]);
      expect((await ca.query('SELECT id FROM payments')).rows).toEqual([{ id: 'only-in-a' }]);
    } finally {
      await Promise.all([ca.end(), cb.end()]);
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it('drops a fresh database even while a client is still connected to it', async () => {
    const db = await freshDatabase('dropped');
    const client = await connect(db.url);
    await db.drop();
    await expect(client.query('SELECT 1')).rejects.toThrow();
    await client.end();
    await expect(connect(db.url)).rejects.toThrow(/does not exist/);
  });
});

describe('a PostgreSQL server of its own', () => {
  it('keeps committed rows and loses uncommitted ones across a SIGKILL and a restart', async () => {
    const server = await startPostgres();
    try {
      const db = await freshDatabase('crash', server.url);
      const before = await connect(db.url);
      await before.query('CREATE TABLE ledger (id text PRIMARY KEY, amount numeric NOT NULL)');
      await before.query("INSERT INTO ledger VALUES ('pay_committed', 12.34)");
      await before.query('BEGIN');
      await before.query("INSERT INTO ledger VALUES ('pay_in_flight', 1)");
      const { port, url } = server;

      await server.kill();
      await expect(before.query('COMMIT')).rejects.toThrow();
      await before.end();
      await expect(connect(db.url)).rejects.toThrow();

      await server.restart();
      expect([server.port, server.url]).toEqual([port, url]);
      const after = await connect(db.url);
      try {
        const { rows } = await after.query('SELECT id, amount FROM ledger ORDER BY id');
        expect(rows).toEqual([{ id: 'pay_committed', amount: '12.34' }]);
      } finally {
        await after.end();
      }
      // A crash, not a clean stop: the restart had to replay the WAL.
      expect(readFileSync(server.logFile, 'utf8')).toMatch(/not properly shut down; automatic recovery in progress/);
    } finally {
      await server.remove();
    }
  });
});
