import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { DEMO_API_KEY } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { SIGNATURE_HEADER } from '../src/events/dispatcher.js';
import { eventsClient as client, subscribeEvents as subscribe, until } from './support/events.js';
import { freshStacks } from './support/fresh-stack.js';

const WRITER = 'writer-only-key-0001';
const SECRET = 'webhook-secret-for-tests-0123456789';
const CHARGE = `mutation($input: ChargeCardInput!) { chargeCard(input: $input) { charge { confirmationCode } userErrors { code message } } }`;
const PAY = `mutation($input: PayInvoiceInput!) { payInvoice(input: $input) { charge { confirmationCode } payment { freshbooksId } userErrors { code message } } }`;
const nextYear = String(new Date().getUTCFullYear() + 2).slice(2);
const CARD = { number: ICOUNT_TEST_CARDS.visa, expiry: `12/${nextYear}`, cvv: '987', holderName: 'Dana Levi' };

const startFresh = freshStacks();

/** A webhook receiver on port 0: records requests; answers 500 to the first `failFirst` of them. */
async function receiver(failFirst = 0) {
  const received: { headers: http.IncomingHttpHeaders; body: string; status: number }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const status = received.length < failFirst ? 500 : 204;
      received.push({ headers: req.headers, body, status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, close: () => new Promise((r) => server.close(r)) };
}

function verified(headers: http.IncomingHttpHeaders, body: string): boolean {
  const m = String(headers[SIGNATURE_HEADER] ?? '').match(/^t=(\d+),v1=([0-9a-f]{64})$/);
  if (!m) return false;
  const expected = createHmac('sha256', SECRET).update(`${m[1]}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(m[2]!, 'hex'));
}

describe('payment events', () => {
  it('a subscription connected first receives the events of a chargeCard and a payInvoice, without card data', async () => {
    const stack = await startFresh();
    const c = client(stack, DEMO_API_KEY);
    const sub = subscribe(c);
    await sub.connected;
    await new Promise((r) => setTimeout(r, 100)); // the subscribe message is on its way
    const charged = await stack.gql(CHARGE, { input: { idempotencyKey: 'ev-charge', amount: { amount: '12.30', currency: 'ILS' }, card: CARD, test: true } });
    expect(charged.data?.chargeCard.userErrors).toEqual([]);
    const paid = await stack.gql(PAY, { input: { idempotencyKey: 'ev-pay', invoiceId: toGlobalId('Invoice', 13), card: { tokenId: 63 } } });
    expect(paid.data?.payInvoice.userErrors).toEqual([]);
    await until(() => sub.events.length >= 3);
    const byKey = sub.events.map((e) => [e.idempotencyKey, e.type]);
    expect(byKey).toEqual([['ev-charge', 'CHARGE_APPROVED'], ['ev-pay', 'PAYMENT_PENDING'], ['ev-pay', 'PAYMENT_RECORDED']]);
    expect(sub.events[0].charge).toMatchObject({ confirmationCode: charged.data!.chargeCard.charge.confirmationCode, amount: { amount: '12.30' }, card: { last4: CARD.number.slice(-4) } });
    expect(sub.events[2]).toMatchObject({ charge: { confirmationCode: paid.data!.payInvoice.charge.confirmationCode }, payment: { freshbooksId: paid.data!.payInvoice.payment.freshbooksId } });
    expect(new Set(sub.events.map((e) => e.id)).size).toBe(3);
    // No card data in what subscribers get or in the outbox.
    const rows = await stack.runtime.ledger.outbox().since(0);
    for (const text of [JSON.stringify(sub.events), JSON.stringify(rows)]) {
      expect(text).not.toContain(CARD.number);
      expect(text).not.toContain('987');
      expect(text).not.toMatch(/cvv/i);
    }
    // A filter: only this key's events.
    const filtered = subscribe(client(stack, DEMO_API_KEY), { filter: { idempotencyKey: 'ev-charge-2', types: ['CHARGE_APPROVED'] } });
    await filtered.connected;
    await new Promise((r) => setTimeout(r, 100));
    await stack.gql(CHARGE, { input: { idempotencyKey: 'ev-charge-3', amount: { amount: '1.00', currency: 'ILS' }, card: CARD, test: true } });
    await stack.gql(CHARGE, { input: { idempotencyKey: 'ev-charge-2', amount: { amount: '2.00', currency: 'ILS' }, card: CARD, test: true } });
    await until(() => filtered.events.length >= 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(filtered.events.map((e) => e.idempotencyKey)).toEqual(['ev-charge-2']);
    await c.dispose();
  });

  it('a subscription gets the events written after it subscribed, not those written while nobody listened; without webhooks every event is marked dispatched', async () => {
    const stack = await startFresh();
    const before = await stack.gql(CHARGE, { input: { idempotencyKey: 'ev-before', amount: { amount: '3.00', currency: 'ILS' }, card: CARD, test: true } });
    expect(before.data?.chargeCard.userErrors).toEqual([]);
    const outbox = stack.runtime.ledger.outbox();
    for (let polls = 0; (await outbox.undispatched()) > 0; polls++) {
      if (polls > 200) throw new Error('events were never marked dispatched');
      await new Promise((r) => setTimeout(r, 25));
    }
    expect((await outbox.since(0)).map((e) => e.type)).toEqual(['CHARGE_APPROVED']);
    const c = client(stack, DEMO_API_KEY);
    const sub = subscribe(c);
    await sub.connected;
    await new Promise((r) => setTimeout(r, 100)); // the subscribe message is on its way
    await stack.gql(CHARGE, { input: { idempotencyKey: 'ev-after', amount: { amount: '4.00', currency: 'ILS' }, card: CARD, test: true } });
    await until(() => sub.events.length >= 1);
    await new Promise((r) => setTimeout(r, 600)); // a poll of the outbox later, still nothing older
    expect(sub.events.map((e) => e.idempotencyKey)).toEqual(['ev-after']);
    await c.dispose();
  });

  it('refuses a connection without a key, and a subscription of a key without the read scope', async () => {
    const stack = await startFresh({ env: { API_KEYS: `${DEMO_API_KEY}:read+write+charge,${WRITER}:write` } });
    const anonymous = subscribe(client(stack, null));
    expect(await anonymous.closed).toMatchObject({ code: 4403 });
    const wrong = subscribe(client(stack, 'not-a-known-key-0000'));
    expect(await wrong.closed).toMatchObject({ code: 4403 });
    const writer = subscribe(client(stack, WRITER));
    await until(() => writer.errors.length > 0);
    expect(writer.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('"read" scope'), extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
    expect(writer.events).toEqual([]);
  });

  it('sends signed webhooks, and again after the receiver failed (retry with backoff), with the delivery state in the outbox', async () => {
    const hooks = await receiver(1);
    try {
      const stack = await startFresh({ gateway: { paymentEvents: { pollMs: 50, webhookUrls: [hooks.url], webhookSecret: SECRET, retryBaseMs: 200 } } });
      const charged = await stack.gql(CHARGE, { input: { idempotencyKey: 'wh-charge', amount: { amount: '5.00', currency: 'ILS' }, card: CARD, test: true } });
      expect(charged.data?.chargeCard.userErrors).toEqual([]);
      await until(() => hooks.received.some((r) => r.status === 204));
      expect(hooks.received.map((r) => r.status)).toEqual([500, 204]);
      const [failed, ok] = hooks.received;
      expect(ok!.body).toBe(failed!.body); // the same event, sent again
      expect(verified(ok!.headers, ok!.body)).toBe(true);
      expect(verified(ok!.headers, ok!.body.replace('5.00', '6.00'))).toBe(false);
      expect(ok!.headers['x-paygraph-delivery-attempt']).toBe('2');
      const event = JSON.parse(ok!.body);
      expect(event).toMatchObject({ type: 'CHARGE_APPROVED', idempotencyKey: 'wh-charge', charge: { confirmationCode: charged.data!.chargeCard.charge.confirmationCode } });
      expect(ok!.headers['x-paygraph-event-id']).toBe(event.id);
      expect(ok!.body).not.toContain(CARD.number);
      expect(ok!.body).not.toMatch(/cvv/i);
      // The receiver has the request before the gateway has its answer: wait until the outbox moves on from PENDING.
      const deliveries = () => stack.runtime.ledger.outbox().deliveries(event.id);
      for (const end = Date.now() + 5_000; (await deliveries())[0]?.state === 'PENDING' && Date.now() < end; ) await new Promise((r) => setTimeout(r, 25));
      expect(await deliveries()).toEqual([{ url: hooks.url, state: 'DELIVERED', attempts: 2, lastError: null }]);
      await new Promise((r) => setTimeout(r, 400));
      expect(hooks.received).toHaveLength(2); // delivered: not sent again
    } finally {
      await hooks.close();
    }
  });
});
