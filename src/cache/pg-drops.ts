import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** The PostgreSQL channel on which replicas tell each other what their writes dropped. */
const CHANNEL = 'paygraph_read_cache_drops';
/** NOTIFY payloads stop below 8000 bytes: a longer list is sent as "drop everything". */
const MAX_PAYLOAD = 7_000;
const RECONNECT_MS = 1_000;

/** How a process's read cache hears of other replicas' drops and tells them of its own. */
export interface CachePeers {
  publish(keys: readonly string[]): void;
  close(): Promise<void>;
}

/**
 * Read-cache drops shared by the replicas of one PostgreSQL ledger (LISTEN/NOTIFY): a write on any
 * replica drops the keys on all. A replica that lost its connection may have missed drops, so it
 * drops everything when it is connected again. NOTIFY is not stored: a replica that is down misses
 * nothing it needs (its cache is gone too).
 */
export class PgCachePeers implements CachePeers {
  private readonly origin = randomUUID();
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client | null> | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  private connectedBefore = false;

  constructor(
    private readonly url: string,
    /** Applies another replica's drop here (a key ending in `*` is a prefix). */
    private readonly apply: (keys: readonly string[]) => void,
    private readonly onError: (err: Error) => void = () => {},
  ) {
    void this.connect();
  }

  publish(keys: readonly string[]): void {
    let payload = JSON.stringify({ origin: this.origin, keys });
    if (payload.length > MAX_PAYLOAD) payload = JSON.stringify({ origin: this.origin, keys: ['*'] });
    void this.connect()
      .then((client) => client?.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]))
      .catch((err: unknown) => this.onError(err as Error));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client ?? (await this.connecting);
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  /** The listening connection, opened (or opened again) when there is none. */
  private connect(): Promise<pg.Client | null> {
    if (this.closed) return Promise.resolve(null);
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const { default: Pg } = await import('pg'); // loaded only where replicas share PostgreSQL
      const client = new Pg.Client({ connectionString: this.url, connectionTimeoutMillis: 5_000 });
      client.on('notification', (message) => this.heard(message.payload));
      client.on('error', (err) => this.lost(client, err));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
        await client.query(`LISTEN ${CHANNEL}`);
      } catch (err) {
        this.lost(client, err as Error);
        void client.end().catch(() => undefined);
        return null;
      }
      if (this.closed) {
        await client.end().catch(() => undefined);
        return null;
      }
      // Drops sent while this replica was not listening are lost: start from an empty cache.
      if (this.connectedBefore) this.apply(['*']);
      this.connectedBefore = true;
      this.client = client;
      return client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private heard(payload: string | undefined): void {
    try {
      const { origin, keys } = JSON.parse(payload ?? '') as { origin?: string; keys?: unknown };
      if (origin !== this.origin && Array.isArray(keys)) this.apply(keys.filter((k): k is string => typeof k === 'string'));
    } catch {
      this.apply(['*']);
    }
  }

  private lost(client: pg.Client, err?: Error): void {
    if (err) this.onError(err);
    if (this.client === client) this.client = null;
    if (this.closed || this.retry) return;
    this.connectedBefore = true;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.connect();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
