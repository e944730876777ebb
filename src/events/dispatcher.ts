import { createHmac } from 'node:crypto';
import { StartupError } from '../config.js';
import { checkoutEntryId } from '../domain/checkout.js';
import { webhookBody, type PaymentEventRecord, type PaymentEventTypeValue } from '../domain/payment-events.js';
import type { Ledger } from '../ledger/index.js';
import type { DueDelivery, PaymentOutbox, StoredEvent } from '../ledger/outbox.js';
import type { Logger } from '../logger.js';
import { paymentEventsOf } from '../services/payment-events.js';

/** Outgoing webhooks (WEBHOOK_URLS, WEBHOOK_SECRET) and the dispatcher's timing. */
export interface PaymentEventsOptions {
  /** How often the outbox is read (events written by this replica are sent at once). Default 500 ms. */
  pollMs?: number;
  webhookUrls?: readonly string[];
  /** Signs every webhook (HMAC-SHA256); required with `webhookUrls`. */
  webhookSecret?: string;
  /** Per attempt. Default 10 s. */
  webhookTimeoutMs?: number;
  /** First retry after this, doubling up to `retryMaxMs`. Defaults 5 s and 1 h. */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** A delivery still failing this long after its event is given up (FAILED, logged). Default 3 days. */
  giveUpAfterMs?: number;
  /** Events (with settled deliveries) are deleted after this. Default 30 days. */
  retentionMs?: number;
}

export interface PaymentEventFilter {
  types?: readonly PaymentEventTypeValue[] | null;
  checkoutId?: string | null;
  idempotencyKey?: string | null;
}

/** The header a webhook's signature comes in: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. */
export const SIGNATURE_HEADER = 'x-paygraph-signature';

/** The signature header's value for a body (receivers recompute it with WEBHOOK_SECRET). */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  return `t=${unixSeconds},v1=${createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex')}`;
}

/** How far back each read of the outbox looks again: rows committed late by other replicas (or clocks apart) are still seen. */
const LOOKBACK_MS = 10_000;
const QUEUE_LIMIT = 1_000;
const PURGE_EVERY_MS = 3_600_000;

interface Listener {
  principal: string;
  /** When it subscribed: it gets events written from then on. */
  since: number;
  filter: PaymentEventFilter | null;
  push(event: PaymentEventRecord): void;
  close(): void;
}

/**
 * One per replica: reads the payment events outbox (every `pollMs`, and at once after this replica
 * wrote events), hands each new event to this replica's subscribers of its API key, and sends the
 * webhooks: one delivery row per event and URL, claimed by compare-and-set, retried with backoff
 * until delivered (at least once; a receiver dedupes by `x-paygraph-event-id`).
 */
export class PaymentEventDispatcher {
  private readonly outbox: PaymentOutbox;
  private readonly listeners = new Set<Listener>();
  private readonly seen = new Map<string, number>();
  private cursor = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPurge = Date.now();

  constructor(
    private readonly ledger: Ledger,
    private readonly logger: Logger,
    private readonly options: PaymentEventsOptions = {},
  ) {
    if (options.webhookUrls?.length && !options.webhookSecret) throw new StartupError('WEBHOOK_URLS: set WEBHOOK_SECRET too (at least 16 characters), the key webhooks are signed with');
    this.outbox = ledger.outbox();
  }

  /** Starts recording events with every ledger change and reading them back. */
  start(): void {
    this.cursor = Date.now() - LOOKBACK_MS;
    this.ledger.recordEvents(paymentEventsOf, () => this.poke());
    this.schedule();
  }

  /** Reads the outbox now (after this replica wrote events). */
  poke(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick().finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.poke();
      }
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const l of this.listeners) l.close();
    await this.running?.catch(() => undefined);
  }

  /** Events of one API key from now on, as an async iterator (ended by `return()` or `stop()`). */
  subscribe(principal: string, filter: PaymentEventFilter | null): AsyncIterableIterator<PaymentEventRecord> {
    const queue: PaymentEventRecord[] = [];
    let waiting: ((r: IteratorResult<PaymentEventRecord>) => void) | null = null;
    let done = false;
    const finish = (): Promise<IteratorResult<PaymentEventRecord>> => {
      done = true;
      this.listeners.delete(listener);
      queue.length = 0;
      waiting?.({ value: undefined, done: true });
      waiting = null;
      return Promise.resolve({ value: undefined, done: true });
    };
    const listener: Listener = {
      principal,
      since: Date.now(),
      filter,
      push: (event) => {
        if (done) return;
        if (waiting) {
          const w = waiting;
          waiting = null;
          w({ value: event, done: false });
        } else if (queue.length < QUEUE_LIMIT) queue.push(event);
        else {
          this.logger.warn({ principal }, 'payment events: a subscriber does not keep up; closing its subscription');
          void finish();
        }
      },
      close: () => void finish(),
    };
    this.listeners.add(listener);
    const iterator: AsyncIterableIterator<PaymentEventRecord> = {
      next: () => {
        if (queue.length) return Promise.resolve({ value: queue.shift()!, done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => {
          waiting = resolve;
        });
      },
      return: finish,
      throw: async (err: unknown) => {
        await finish();
        throw err;
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poke();
      void (this.running ?? Promise.resolve()).finally(() => this.schedule());
    }, this.options.pollMs ?? 500);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    try {
      await this.publish();
      const urls = this.options.webhookUrls ?? [];
      await this.outbox.dispatch(urls);
      if (urls.length) await Promise.all((await this.outbox.due()).map((d) => this.deliver(d)));
      if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
        this.lastPurge = Date.now();
        await this.outbox.purge(Date.now() - (this.options.retentionMs ?? 30 * 86_400_000));
      }
    } catch (err) {
      this.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'payment events: reading the outbox failed; will try again');
    }
  }

  /** New events to this replica's subscribers. */
  private async publish(): Promise<void> {
    if (this.listeners.size === 0) {
      // Nobody to tell: nothing to read (a subscriber gets events from when it subscribes).
      this.cursor = Date.now();
      this.seen.clear();
      return;
    }
    const events = (await this.outbox.since(this.cursor, 2_000)).sort(inOrder);
    let latest = this.cursor + LOOKBACK_MS;
    for (const stored of events) {
      latest = Math.max(latest, stored.createdAt);
      if (this.seen.has(stored.id)) continue;
      this.seen.set(stored.id, stored.createdAt);
      const event = stored.payload as unknown as PaymentEventRecord;
      for (const l of this.listeners) if (l.principal === stored.principal && stored.createdAt >= l.since && matches(event, l.filter)) l.push(event);
    }
    this.cursor = Math.max(this.cursor, latest - LOOKBACK_MS);
    for (const [id, at] of this.seen) if (at < this.cursor) this.seen.delete(id);
  }

  private async deliver(d: DueDelivery): Promise<void> {
    const timeoutMs = this.options.webhookTimeoutMs ?? 10_000;
    if (!(await this.outbox.claim(d, Date.now() + timeoutMs + 5_000))) return; // another replica has it
    const event = JSON.parse(d.payload) as PaymentEventRecord;
    const body = webhookBody(event);
    const attempt = d.attempts + 1;
    let error: string;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'user-agent': 'paygraph-webhooks',
          'x-paygraph-event-id': event.id,
          'x-paygraph-event-type': event.type,
          'x-paygraph-delivery-attempt': String(attempt),
          [SIGNATURE_HEADER]: signWebhook(this.options.webhookSecret!, body, Math.floor(Date.now() / 1000)),
        },
        body,
      });
      await res.body?.cancel().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await this.outbox.delivered(d);
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    const giveUp = Date.now() - d.eventCreatedAt > (this.options.giveUpAfterMs ?? 3 * 86_400_000);
    const delay = Math.min((this.options.retryBaseMs ?? 5_000) * 2 ** (attempt - 1), this.options.retryMaxMs ?? 3_600_000);
    await this.outbox.failed(d, error, giveUp ? null : Date.now() + delay);
    const log = { event: event.id, url: redactUrl(d.url), attempt, error };
    if (giveUp) this.logger.error(log, 'payment events: webhook given up (WEBHOOK_URLS); the event stays in the outbox as FAILED');
    else this.logger.warn({ ...log, retryInMs: delay }, 'payment events: webhook failed; will retry');
  }
}

/**
 * Oldest first; two events of one ledger entry in the same millisecond by the entry's version (the
 * outbox orders ties by id as text, where `<entry>.10` would come before `<entry>.9`).
 */
function inOrder(a: StoredEvent, b: StoredEvent): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  if (a.entryId === b.entryId) return versionOf(a.id) - versionOf(b.id);
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const versionOf = (eventId: string) => Number(eventId.slice(eventId.lastIndexOf('.') + 1));

function matches(event: PaymentEventRecord, filter: PaymentEventFilter | null): boolean {
  if (!filter) return true;
  if (filter.types?.length && !filter.types.includes(event.type)) return false;
  if (filter.idempotencyKey && filter.idempotencyKey !== event.idempotencyKey) return false;
  if (filter.checkoutId && (event.operation !== 'createCheckout' || checkoutEntryId(filter.checkoutId) !== event.entryId)) return false;
  return true;
}

/** A webhook URL as logged: origin and path (a query may hold a token). */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return 'invalid URL';
  }
}
