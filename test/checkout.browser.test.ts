import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chromium, type Browser } from 'playwright-core';
import { DEMO_API_KEY } from '../src/auth.js';
import { toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { callbackOf, createCheckout, CREATE, ours, payOnPage, READ, readCheckout as read, startShop } from './support/checkout.js';
import { subscribedFirst, until } from './support/events.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

/**
 * Checkout without card data: createCheckout → iCount's hosted page (the emulator's) in headless
 * Chromium → the callback → the FreshBooks payment, exactly once, with the payment events a
 * subscriber connected first receives; the payer's cancel; forged, repeated and lost callbacks.
 * Chromium as in explorer.browser.test.ts (Debian's, loopback only).
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** The merchant's site: the success and cancel pages the payer lands on. */
let shop: Awaited<ReturnType<typeof startShop>>;
let shopUrl: string;
let browser: Browser;
beforeAll(async () => {
  shop = await startShop();
  shopUrl = shop.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await shop?.close();
});

const stacks = freshStacks();
const create = (stack: TestStack, key: string, extra: Record<string, unknown> = {}) => createCheckout(stack, shopUrl, key, extra);

describe('checkout in a browser', () => {
  it('createCheckout → the hosted page → errors on the page → paid → successUrl; the invoice is paid once, the checkout COMPLETED, and a subscriber connected first got its events once each, in order', async () => {
    const stack = await stacks();
    const subscriber = await subscribedFirst(stack, DEMO_API_KEY);
    const created = await create(stack, 'co-browser');
    expect(created.userErrors).toEqual([]);
    const checkout = created.checkout;
    expect(checkout).toMatchObject({ status: 'OPEN', amount: { amount: '375.50', currency: 'USD' }, invoice: { number: expect.any(String) } });
    expect(checkout.url).toMatch(/\/m\/gen\//);

    const page = await browser.newPage();
    try {
      await page.goto(checkout.url);
      await page.fill('#cc_number', ICOUNT_TEST_CARDS.visa);
      await page.fill('#cc_validity', '12/30');
      await page.fill('#cc_holder_name', 'Dana Levi');
      await page.click('#submit'); // no CVV: refused on the page
      await expect(page.textContent('#error')).resolves.toContain('CVV');
      await page.fill('#cc_cvv', '123');
      await page.click('#submit');
      await page.waitForURL(`${shopUrl}/thanks`);
      await expect(page.textContent('#landed')).resolves.toBe('Thank you');
    } finally {
      await page.close();
    }

    const after = await read(stack, checkout.id);
    expect(after.checkout).toMatchObject({ status: 'COMPLETED', charge: { amount: { amount: '375.50', currency: 'USD' } }, payment: { amount: { amount: '375.50' } }, invoice: { status: 'PAID', outstanding: { amount: '0.00' } } });
    expect(ours(after)).toHaveLength(1);
    expect(ours(after)[0]!.notes).toContain(after.checkout.charge.confirmationCode);
    expect(stack.icount.transactions().filter((t) => t.payment_description.includes('FreshBooks invoice'))).toHaveLength(1);
    // The card never reached the gateway: nothing the gateway logged holds the number.
    expect(JSON.stringify(stack.logs)).not.toContain(ICOUNT_TEST_CARDS.visa);

    // The subscriber: the charge found (payment pending), then the checkout completed with the payment; nothing else, nothing twice.
    await until(() => subscriber.events.length >= 2);
    await new Promise((r) => setTimeout(r, 700)); // more than a dispatcher poll: a duplicate would have come
    await subscriber.client.dispose();
    expect(subscriber.errors).toEqual([]);
    expect(subscriber.events.map((e) => [e.type, e.idempotencyKey, e.checkout?.id])).toEqual([
      ['PAYMENT_PENDING', 'co-browser', checkout.id],
      ['CHECKOUT_COMPLETED', 'co-browser', checkout.id],
    ]);
    expect(subscriber.events[0].checkout.status).toBe('OPEN');
    expect(subscriber.events[1]).toMatchObject({
      checkout: { status: 'COMPLETED' },
      charge: { confirmationCode: after.checkout.charge.confirmationCode, amount: { amount: '375.50', currency: 'USD' }, card: { last4: ICOUNT_TEST_CARDS.visa.slice(-4) } },
      payment: { freshbooksId: after.checkout.payment.freshbooksId, amount: { amount: '375.50', currency: 'USD' } },
    });
    expect(new Set(subscriber.events.map((e) => e.id)).size).toBe(2);
    expect(JSON.stringify(subscriber.events)).not.toContain(ICOUNT_TEST_CARDS.visa);
  }, 60_000);

  it('Cancel on the hosted page → cancelUrl; the gateway checked iCount, the checkout is CANCELLED once (with its event) and the invoice is free', async () => {
    const stack = await stacks();
    const subscriber = await subscribedFirst(stack, DEMO_API_KEY);
    const { checkout } = await create(stack, 'co-cancel');
    const looksBefore = stack.icount.log.count('cc/transactions');
    const page = await browser.newPage();
    try {
      await page.goto(checkout.url);
      await page.click('#cancel');
      await page.waitForURL(`${shopUrl}/cancel`);
      await expect(page.textContent('#landed')).resolves.toBe('Cancelled');
    } finally {
      await page.close();
    }
    const after = await read(stack, checkout.id);
    expect(after.checkout).toMatchObject({ status: 'CANCELLED', charge: null, payment: null });
    expect(ours(after)).toHaveLength(0);
    expect(stack.icount.sales().at(-1)!.status).toBe('cancelled');
    // The cancel was checked against iCount's records (one look), not taken from the browser.
    expect(stack.icount.log.count('cc/transactions') - looksBefore).toBe(1);
    await until(() => subscriber.events.length >= 1);
    await new Promise((r) => setTimeout(r, 700));
    await subscriber.client.dispose();
    expect(subscriber.events.map((e) => [e.type, e.checkout?.id, e.checkout?.status])).toEqual([['CHECKOUT_CANCELLED', checkout.id, 'CANCELLED']]);
    // The invoice is no longer held: a new checkout of it may start.
    const next = await create(stack, 'co-cancel-next');
    expect(next.userErrors).toEqual([]);
  }, 60_000);
});

describe('callbacks', () => {
  it('duplicated callbacks (and a retry of the key) record the payment once', async () => {
    const stack = await stacks();
    const { checkout } = await create(stack, 'co-dup');
    await payOnPage(checkout.url); // the emulator called back once already
    const url = callbackOf(stack);
    const again = await Promise.all([1, 2, 3].map(() => fetch(url, { method: 'POST', body: new URLSearchParams({ status: 'success' }) })));
    for (const res of again) {
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'COMPLETED', recorded: false });
    }
    const replay = await create(stack, 'co-dup');
    expect(replay.checkout.status).toBe('COMPLETED');
    const after = await read(stack, checkout.id);
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });

  it('refuses forged, unknown and premature callbacks and records nothing', async () => {
    const stack = await stacks();
    const { checkout } = await create(stack, 'co-forged');
    const url = new URL(callbackOf(stack));
    const forged = new URL(url);
    forged.searchParams.set('s', 'x'.repeat(43));
    const body = new URLSearchParams({ status: 'success', sum: '375.50', confirmation_code: '1234567' });
    const wrongSecret = await fetch(forged, { method: 'POST', body });
    expect(wrongSecret.status).toBe(403);
    const noSecret = await fetch(`${url.origin}${url.pathname}`, { method: 'POST', body });
    expect(noSecret.status).toBe(403);
    const unknown = await fetch(`${url.origin}/callbacks/icount/checkout/${Buffer.from('Checkout:abcdefghijklmnopqrst').toString('base64url')}?s=x`, { method: 'POST', body });
    expect(unknown.status).toBe(404);
    // The right secret but nothing paid in iCount: the body's claims are not believed.
    const premature = await fetch(url, { method: 'POST', body });
    expect(premature.status).toBe(409);
    const after = await read(stack, checkout.id);
    expect(after.checkout).toMatchObject({ status: 'OPEN', charge: null, payment: null });
    expect(ours(after)).toHaveLength(0);
  });

  it('a lost callback is settled by the reconciler from iCount\'s records', async () => {
    const stack = await stacks();
    stack.icount.paypageIpn = 'skip';
    const { checkout } = await create(stack, 'co-lost');
    await payOnPage(checkout.url);
    expect(stack.icount.sales().at(-1)!.ipn).toEqual([]);
    expect((await read(stack, checkout.id)).checkout.status).toBe('OPEN');
    await stack.gateway.reconciler.runOnce();
    const after = await read(stack, checkout.id);
    expect(after.checkout).toMatchObject({ status: 'COMPLETED', invoice: { status: 'PAID' } });
    expect(ours(after)).toHaveLength(1);
    // A late callback afterwards changes nothing.
    const late = await fetch(callbackOf(stack), { method: 'POST' });
    expect(await late.json()).toEqual({ status: 'COMPLETED', recorded: false });
    expect(ours(await read(stack, checkout.id))).toHaveLength(1);
  });
});

describe('createCheckout for a client without an iCount twin', () => {
  it('the hosted page charges (iCount creates the linked client) and the payment is recorded', async () => {
    const stack = await stacks();
    const invoice = toGlobalId('Invoice', 15);
    const res = await stack.gql(CREATE, { input: { idempotencyKey: 'co-twin', invoiceId: invoice, successUrl: `${shopUrl}/thanks`, cancelUrl: `${shopUrl}/cancel` } });
    const { checkout, userErrors } = res.data!.createCheckout;
    expect(userErrors).toEqual([]);
    await payOnPage(checkout.url);
    const after = (await stack.gql(READ, { id: checkout.id, invoice })).data!;
    expect(after.checkout.status).toBe('COMPLETED');
    expect(ours(after)).toHaveLength(1);
  });
});

describe('createCheckout refuses bad input', () => {
  it.each([
    ['a paid invoice', { invoiceId: toGlobalId('Invoice', 12) }, 'INVOICE_ALREADY_PAID', ['input', 'invoiceId']],
    ['an amount above the balance', { amount: { amount: '375.51', currency: 'USD' } }, 'INVALID_AMOUNT', ['input', 'amount', 'amount']],
    ['an unknown invoice', { invoiceId: toGlobalId('Invoice', 999999) }, 'NOT_FOUND', ['input', 'invoiceId']],
    ['a non-http successUrl', { successUrl: 'javascript:alert(1)' }, 'INVALID_INPUT', ['input', 'successUrl']],
    ['a cancelUrl off the allow-list', { cancelUrl: 'https://evil.example/cancel' }, 'INVALID_INPUT', ['input', 'cancelUrl']],
  ])('%s', async (_name, extra, code, field) => {
    const stack = await stacks();
    const result = await create(stack, `co-bad-${code}-${field.join('.')}`, extra);
    expect(result.checkout).toBeNull();
    expect(result.userErrors).toEqual([expect.objectContaining({ code, field })]);
    expect(stack.icount.sales()).toHaveLength(0);
  });

  it('one checkout at a time per invoice', async () => {
    const stack = await stacks();
    await create(stack, 'co-first');
    const second = await create(stack, 'co-second');
    expect(second.userErrors).toEqual([expect.objectContaining({ code: 'INVOICE_PAYMENT_IN_PROGRESS' })]);
  });
});
