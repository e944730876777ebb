import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TestGateway } from './stack.js';

/** Every field of a payment event tests look at. */
export const PAYMENT_EVENTS = `subscription($filter: PaymentEventFilter) { paymentEvents(filter: $filter) {
  id type at idempotencyKey
  charge { confirmationCode amount { amount currency } card { brand last4 } }
  payment { freshbooksId amount { amount currency } }
  checkout { id status }
  refund { id }
} }`;

/** A graphql-ws client of the gateway's WebSocket at /graphql, the API key in its connection parameters (null: none). */
export function eventsClient(gateway: Pick<TestGateway, 'gateway'>, apiKey: string | null): Client {
  return createClient({
    url: gateway.gateway.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: apiKey === null ? {} : { authorization: `Bearer ${apiKey}` },
  });
}

/** Subscribes to `paymentEvents` and collects; `connected` resolves once the server acknowledged the connection. */
export function subscribeEvents(c: Client, variables: Record<string, unknown> = {}) {
  const events: any[] = [];
  const errors: unknown[] = [];
  let done = false;
  const connected = new Promise<void>((resolve) => c.on('connected', () => resolve()));
  const closed = new Promise<{ code?: number; reason?: string }>((resolve) => c.on('closed', (e) => resolve(e as { code?: number; reason?: string })));
  c.subscribe({ query: PAYMENT_EVENTS, variables }, {
    next: (r) => (r.errors ? errors.push(...r.errors) : events.push(r.data!.paymentEvents)),
    error: (e) => errors.push(...(Array.isArray(e) ? e : [e])),
    complete: () => (done = true),
  });
  return { events, errors, connected, closed, isDone: () => done };
}

/** Subscribed and acknowledged, with a moment for the subscribe message to reach the server. */
export async function subscribedFirst(gateway: Pick<TestGateway, 'gateway'>, apiKey: string, variables: Record<string, unknown> = {}) {
  const client = eventsClient(gateway, apiKey);
  const sub = subscribeEvents(client, variables);
  await sub.connected;
  await new Promise((r) => setTimeout(r, 100));
  return { ...sub, client };
}

/** Polls until `what` answers something truthy (5 s by default). */
export async function until<T>(what: () => T | undefined | false, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}
