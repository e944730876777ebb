import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { openLedger, type Ledger, type LedgerLocation } from '../src/ledger/index.js';
import { migrate, MIGRATIONS } from '../src/ledger/migrations.js';
import { openPostgres } from '../src/ledger/postgres.js';
import { openSqlite } from '../src/ledger/sqlite.js';
import { freshDatabase, type FreshDatabase } from './support/postgres.js';
import { startPostgres } from './support/postgres-server.js';

/** One conformance suite for the ledger's backends: SQLite in memory, an SQLite file, PostgreSQL. */
const dirs: string[] = [];
const databases: FreshDatabase[] = [];
afterAll(async () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  for (const db of databases) await db.drop();
});

const backends: [string, () => Promise<LedgerLocation>][] = [
  ['SQLite in memory', async () => ({ kind: 'memory' })],
  ['an SQLite file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paygraph-ledger-'));
    dirs.push(dir);
    return { kind: 'sqlite', dataDir: dir };
  }],
  ['PostgreSQL', async () => {
    const db = await freshDatabase('conformance');
    databases.push(db);
    return { kind: 'postgres', url: db.url };
  }],
];

const claimOf = (key: string, invoiceLock: string | null = null) => ({
  principal: 'key-a', idempotencyKey: key, operation: 'payInvoice' as const, fingerprint: 'f1', invoiceLock, leaseUntil: Date.now() + 1000,
});

describe.each(backends)('the ledger in %s', (_name, location) => {
  let ledger: Ledger;
  afterEach(async () => ledger?.close());

  it('claims a new key once; the same key then finds the row', async () => {
    ledger = await openLedger(await location());
    const first = await ledger.claim(claimOf('k1'));
    expect(first).toMatchObject({ kind: 'claimed', entry: { state: 'STARTED', version: 0, attempts: 0 } });
    const again = await ledger.claim(claimOf('k1'));
    expect(again.kind).toBe('existing');
    expect(again.kind === 'existing' && again.entry.id).toBe(first.kind === 'claimed' && first.entry.id);
    expect(await ledger.get('key-a', 'k1')).toMatchObject({ idempotencyKey: 'k1', operation: 'payInvoice' });
    expect(await ledger.get('key-b', 'k1')).toBeNull();
  });

  it('lets one unsettled row hold an invoice; another key is told who holds it until it settles', async () => {
    ledger = await openLedger(await location());
    const holder = await ledger.claim(claimOf('pay-1', '42'));
    expect(holder.kind).toBe('claimed');
    expect((await ledger.claim(claimOf('pay-2', '42'))).kind).toBe('invoice-busy');
    if (holder.kind !== 'claimed') throw new Error('unreachable');
    await ledger.update(holder.entry, { state: 'SUCCEEDED', invoiceLock: null, result: { ok: true } });
    expect((await ledger.claim(claimOf('pay-2', '42'))).kind).toBe('claimed');
  });

  it('gives concurrent claims of one key one winner', async () => {
    ledger = await openLedger(await location());
    const claims = await Promise.all(Array.from({ length: 10 }, () => ledger.claim(claimOf('race'))));
    expect(claims.filter((c) => c.kind === 'claimed')).toHaveLength(1);
  });

  it('moves a row on only from the version read (compare-and-set) and keeps JSON exact', async () => {
    ledger = await openLedger(await location());
    const claimed = await ledger.claim(claimOf('cas'));
    if (claimed.kind !== 'claimed') throw new Error('not claimed');
    const moved = await ledger.update(claimed.entry, { state: 'SENDING', step: 'charge', data: { amount: '10.10', last4: '0042' }, attempts: 1 });
    expect(moved).toMatchObject({ state: 'SENDING', version: 1, data: { amount: '10.10', last4: '0042' } });
    expect(await ledger.update(claimed.entry, { state: 'UNKNOWN' })).toBeNull();
    expect(await ledger.byId(claimed.entry.id)).toMatchObject({ state: 'SENDING', step: 'charge', attempts: 1 });
  });

  it('lists unsettled rows, counts rows by state, and purges only settled rows past retention', async () => {
    ledger = await openLedger(await location());
    const a = await ledger.claim(claimOf('a'));
    const b = await ledger.claim(claimOf('b'));
    if (a.kind !== 'claimed' || b.kind !== 'claimed') throw new Error('not claimed');
    await ledger.update(a.entry, { state: 'SUCCEEDED', result: { ok: true } });
    await ledger.update(b.entry, { state: 'UNKNOWN' });
    expect((await ledger.unsettled()).map((e) => e.idempotencyKey)).toEqual(['b']);
    expect(await ledger.countByState()).toMatchObject({ SUCCEEDED: 1, UNKNOWN: 1, STARTED: 0 });
    expect(await ledger.purgeSettled(Date.now() + 1000)).toBe(1);
    expect(await ledger.get('key-a', 'a')).toBeNull();
    expect(await ledger.get('key-a', 'b')).not.toBeNull();
  });
});

describe('migrations', () => {
  it('run once, whoever starts first: two openings of one database apply them once', async () => {
    const db = await freshDatabase('migrations');
    databases.push(db);
    const [one, two] = [openPostgres(db.url), openPostgres(db.url)];
    const applied = await Promise.all([migrate(one), migrate(two)]);
    // Each migration is applied by exactly one of them (they may take turns migration by migration).
    expect(applied[0]! + applied[1]!).toBe(MIGRATIONS.length);
    expect(await migrate(one)).toBe(0);
    await Promise.all([one.close(), two.close()]);
  });

  it('keep an SQLite file\'s rows across a reopening', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paygraph-ledger-'));
    dirs.push(dir);
    const first = await openLedger({ kind: 'sqlite', dataDir: dir });
    await first.claim(claimOf('kept'));
    await first.close();
    const second = await openLedger({ kind: 'sqlite', dataDir: dir });
    expect(await second.get('key-a', 'kept')).toMatchObject({ state: 'STARTED' });
    await second.close();
  });
});

describe('PostgreSQL dying mid-transaction', () => {
  it('fails the transaction, does not end the process, and works again once the server is back', async () => {
    const server = await startPostgres();
    const errors: Error[] = [];
    const db = openPostgres(server.url, { onError: (err) => errors.push(err) });
    try {
      await migrate(db);
      const broken = db.transaction(async (tx) => {
        await tx.query('SELECT 1 AS one');
        await server.kill();
        return tx.query('SELECT 1 AS one');
      });
      await expect(broken).rejects.toThrow();
      await server.restart();
      await expect(db.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await db.close().catch(() => undefined);
      await server.remove();
    }
  }, 30_000);
});

describe('SQLite group commit', () => {
  it('commits writes queued together in one transaction; each caller is answered once its write is on disk, and a failing write undoes only itself', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'paygraph-ledger-'));
    dirs.push(dir);
    const file = path.join(dir, 'group.sqlite');
    const db = openSqlite(file);
    await db.execute('CREATE TABLE rows (id INTEGER PRIMARY KEY, note TEXT NOT NULL)');
    const onDisk = new Database(file, { readonly: true });
    const countOnDisk = () => (onDisk.prepare('SELECT COUNT(*) AS n FROM rows').get() as { n: number }).n;

    const seen: number[] = [];
    const writes = Array.from({ length: 20 }, (_, i) =>
      db.transaction(async (tx) => {
        await tx.execute('INSERT INTO rows (id, note) VALUES (?, ?)', [i, `row ${i}`]);
        if (i === 7) throw new Error('write 7 refused');
        return i;
      }).then((value) => {
        // Another connection reads the file: what this caller was told is already committed.
        seen.push(countOnDisk());
        return value;
      }),
    );
    const outcomes = await Promise.allSettled(writes);

    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(19);
    expect(outcomes[7]).toEqual({ status: 'rejected', reason: new Error('write 7 refused') });
    expect(seen.every((n) => n === 19)).toBe(true);
    expect(await db.query('SELECT id FROM rows WHERE id = 7')).toEqual([]);
    expect(countOnDisk()).toBe(19);
    onDisk.close();
    await db.close();
  });

  it('fails every write of a batch that could not commit (none of it is on disk), and takes the next batch as usual', async () => {
    const db = openSqlite(':memory:');
    await db.execute('CREATE TABLE rows (id INTEGER PRIMARY KEY)');
    // A write that ends the transaction stands in for what SQLite does on a full disk or an I/O error.
    const batch = await Promise.allSettled([
      db.execute('INSERT INTO rows (id) VALUES (1)'),
      db.transaction((tx) => tx.execute('ROLLBACK')),
      db.execute('INSERT INTO rows (id) VALUES (3)'),
    ]);
    expect(batch.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await db.query('SELECT id FROM rows')).toEqual([]);
    expect(await db.execute('INSERT INTO rows (id) VALUES (2)')).toBe(1);
    expect(await db.query('SELECT id FROM rows')).toEqual([{ id: 2 }]);
    await db.close();
  });
});
