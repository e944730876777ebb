import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DEMO_API_KEY } from '../src/auth.js';
import { callbackOf, cancelOf, createCheckout, ours, payOnPage, readCheckout as read, startShop } from './support/checkout.js';
import { subscribedFirst, until } from './support/events.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

/**
 * How a checkout ends besides a payment on time, over HTTP (no browser): the cancel URL paygraph
 * gives iCount (forged, repeated, after a payment) and payments that land after the checkout ended
 * (docs/checkout.md, "Cancel" and "Late payments"). The browser's Cancel is in checkout.browser.test.ts.
 */

let shop: Awaited<ReturnType<typeof startShop>>;
beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop?.close());

const stacks = freshStacks();
const create = (stack: TestStack, key: string) => createCheckout(stack, shop.url, key);
/** Follows nothing: the gateway's answer to the browser. */
const visit = (url: string | URL) => fetch(url, { redirect: 'manual' });

/** Checkouts that expire at once; iCount's settle time short, so EXPIRED comes after half a second. */
async function expiringStack() {
  const stack = await stacks({ env: { ICOUNT_TIMEOUT_MS: '300' } });
  stack.runtime.settings.checkout!.ttlMs = 50;
  return stack;
}

async function expire(stack: TestStack, id: string) {
  await new Promise((r) => setTimeout(r, 400));
  await stack.gateway.reconciler.runOnce();
  expect((await read(stack, id)).checkout.status).toBe('EXPIRED');
}

describe('the cancel URL', () => {
  it('refuses a forged or missing secret and an unknown checkout, and changes nothing', async () => {
    const stack = await stacks();
    const { checkout } = await create(stack, 'cx-forged');
    const url = new URL(cancelOf(stack));
    expect(url.pathname).toMatch(/^\/checkout\/[\w-]+\/cancel$/);
    expect(url.searchParams.get('s')).not.toBe(new URL(callbackOf(stack)).searchParams.get('s')); // its own secret
    const forged = new URL(url);
    forged.searchParams.set('s', 'x'.repeat(43));
    expect((await visit(forged)).status).toBe(403);
    expect((await visit(`${url.origin}${url.pathname}`)).status).toBe(403);
    // The callback's secret does not cancel either.
    const withCallbackSecret = new URL(url);
    withCallbackSecret.searchParams.set('s', new URL(callbackOf(stack)).searchParams.get('s')!);
    expect((await visit(withCallbackSecret)).status).toBe(403);
    const unknown = await visit(`${url.origin}/checkout/${Buffer.from('Checkout:abcdefghijklmnopqrst').toString('base64url')}/cancel?s=x`);
    expect(unknown.status).toBe(404);
    expect((await read(stack, checkout.id)).checkout.status).toBe('OPEN');
  });

  it('cancels once: a second visit at the same time (GET or POST) redirects too and changes nothing', async () => {
    const stack = await stacks();
    const subscriber = await subscribedFirst(stack, DEMO_API_KEY);
    const { checkout } = await create(stack, 'cx-twice');
    const answers = await Promise.all([visit(cancelOf(stack)), fetch(cancelOf(stack), { method: 'POST', redirect: 'manual' })]);
    for (const res of answers) {
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`${shop.url}/cancel`);
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    expect((await read(stack, checkout.id)).checkout.status).toBe('CANCELLED');
    await until(() => subscriber.events.length >= 1);
    await new Promise((r) => setTimeout(r, 700));
    await subscriber.client.dispose();
    expect(subscriber.events.map((e) => e.type)).toEqual(['CHECKOUT_CANCELLED']);
  });

  it('when iCount cannot be asked, sends the payer to cancelUrl but leaves the checkout OPEN (it expires)', async () => {
    const stack = await stacks();
    const { checkout } = await create(stack, 'cx-unreachable');
    stack.icount.faults.add({ method: 'cc/transactions', fault: { kind: 'http', status: 503 }, times: -1 });
    const res = await visit(cancelOf(stack));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${shop.url}/cancel`);
    stack.icount.faults.clear();
    expect((await read(stack, checkout.id)).checkout.status).toBe('OPEN');
    // Asked again once iCount answers: now it cancels.
    await visit(cancelOf(stack));
    expect((await read(stack, checkout.id)).checkout.status).toBe('CANCELLED');
  });

  it('leaves a COMPLETED checkout COMPLETED and sends the payer to successUrl', async () => {
    const stack = await stacks();
    const { checkout } = await create(stack, 'cx-completed');
    await payOnPage(checkout.url);
    expect((await read(stack, checkout.id)).checkout.status).toBe('COMPLETED');
    const res = await visit(cancelOf(stack));
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`${shop.url}/thanks`);
    const after = await read(stack, checkout.id);
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });

  it('never cancels a paid sale whose callback was lost: it completes instead', async () => {
    const stack = await stacks();
    stack.icount.paypageIpn = 'skip';
    const { checkout } = await create(stack, 'cx-paid-lost');
    await payOnPage(checkout.url);
    expect((await read(stack, checkout.id)).checkout.status).toBe('OPEN');
    const res = await visit(cancelOf(stack)); // a forged "cancel" from the payer's browser, after paying
    expect(res.headers.get('location')).toBe(`${shop.url}/thanks`);
    const after = await read(stack, checkout.id);
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });
});

describe('payments after the checkout ended', () => {
  it('a lost callback: the reconciler finds the late payment of an EXPIRED checkout and records it once; the checkout ends COMPLETED', async () => {
    const stack = await expiringStack();
    const subscriber = await subscribedFirst(stack, DEMO_API_KEY);
    stack.icount.paypageIpn = 'skip';
    const { checkout } = await create(stack, 'late-lost');
    await expire(stack, checkout.id);
    await payOnPage(checkout.url); // iCount's page still took the card
    expect((await read(stack, checkout.id)).checkout.status).toBe('EXPIRED');
    await stack.gateway.reconciler.runOnce();
    const after = await read(stack, checkout.id);
    expect(after.checkout).toMatchObject({ status: 'COMPLETED', charge: { amount: { amount: '375.50' } }, invoice: { status: 'PAID' } });
    expect(ours(after)).toHaveLength(1);
    await stack.gateway.reconciler.runOnce(); // again: nothing more
    expect(ours(await read(stack, checkout.id))).toHaveLength(1);
    await until(() => subscriber.events.length >= 3);
    await new Promise((r) => setTimeout(r, 700));
    await subscriber.client.dispose();
    expect(subscriber.events.map((e) => [e.type, e.checkout?.status])).toEqual([
      ['CHECKOUT_CANCELLED', 'EXPIRED'],
      ['PAYMENT_PENDING', 'OPEN'],
      ['CHECKOUT_COMPLETED', 'COMPLETED'],
    ]);
  });

  it("iCount's callback for an EXPIRED checkout records the late payment; repeats record nothing", async () => {
    const stack = await expiringStack();
    const { checkout } = await create(stack, 'late-callback');
    await expire(stack, checkout.id);
    await payOnPage(checkout.url); // the emulator calls back at once
    expect(stack.icount.sales().at(-1)!.ipn.map((c) => c.status)).toEqual([200]);
    const again = await fetch(callbackOf(stack), { method: 'POST' });
    expect(await again.json()).toEqual({ status: 'COMPLETED', recorded: false });
    const after = await read(stack, checkout.id);
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });

  it('a CANCELLED checkout paid in another tab completes', async () => {
    const stack = await stacks();
    stack.icount.paypageIpn = 'skip';
    const { checkout } = await create(stack, 'late-cancelled');
    const sale = stack.icount.sales().at(-1)!;
    expect((await visit(cancelOf(stack))).headers.get('location')).toBe(`${shop.url}/cancel`); // the browser, without iCount's page
    expect((await read(stack, checkout.id)).checkout.status).toBe('CANCELLED');
    expect(sale.status).toBe('open'); // iCount was not told: its page still takes the card
    await payOnPage(checkout.url);
    await stack.gateway.reconciler.runOnce();
    const after = await read(stack, checkout.id);
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });

  it('the reconciler looks for late payments only within the window, with one cc/transactions read for all of them', async () => {
    const stack = await expiringStack();
    for (const key of ['late-window-1', 'late-window-2']) await expire(stack, (await create(stack, key)).checkout.id);
    const before = stack.icount.log.count('cc/transactions');
    await stack.gateway.reconciler.runOnce();
    expect(stack.icount.log.count('cc/transactions') - before).toBe(1);
    stack.runtime.settings.checkout!.latePaymentWindowMs = 1;
    await new Promise((r) => setTimeout(r, 10));
    const after = stack.icount.log.count('cc/transactions');
    await stack.gateway.reconciler.runOnce();
    expect(stack.icount.log.count('cc/transactions')).toBe(after); // past the window: not looked for
  });
});
