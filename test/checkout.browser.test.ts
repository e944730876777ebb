import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { toGlobalId } from '../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../src/emulators/icount/index.js';
import { freshStacks } from './support/fresh-stack.js';
import type { TestStack } from './support/stack.js';

/**
 * Checkout without card data: createCheckout → iCount's hosted page (the emulator's) in headless
 * Chromium → the callback → the FreshBooks payment, exactly once; forged, repeated and lost
 * callbacks. Chromium as in explorer.browser.test.ts (Debian's, loopback only).
 */

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const INVOICE = toGlobalId('Invoice', 13); // 375.50 USD outstanding in the demo seed

const CREATE = `mutation ($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    checkout { id url status amount { amount currency } expiresAt invoice { number } }
    userErrors { code field message }
  }
}`;
const READ = `query ($id: ID!, $invoice: ID!) {
  checkout(id: $id) { id status charge { confirmationCode amount { amount currency } } payment { freshbooksId amount { amount } notes } invoice { status outstanding { amount } } }
  payments(filter: { invoiceId: $invoice }) { nodes { freshbooksId notes } }
}`;
/** The payments checkouts recorded (the seed has others on the invoice). */
const ours = (data: Record<string, any>) => (data.payments.nodes as { notes: string }[]).filter((p) => p.notes.includes("hosted page"));

/** The merchant's site: the success and cancel pages the payer lands on. */
let shop: http.Server;
let shopUrl: string;
let browser: Browser;
beforeAll(async () => {
  shop = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>shop</title><h1 id="landed">${req.url?.startsWith('/thanks') ? 'Thank you' : 'Cancelled'}</h1>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
}, 30_000);
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => shop.close(r));
});

const stacks = freshStacks();

async function create(stack: TestStack, key: string, extra: Record<string, unknown> = {}) {
  const res = await stack.gql(CREATE, { input: { idempotencyKey: key, invoiceId: INVOICE, successUrl: `${shopUrl}/thanks`, cancelUrl: `${shopUrl}/cancel`, ...extra } });
  expect(res.errors).toBeUndefined();
  return res.data!.createCheckout;
}

async function read(stack: TestStack, id: string) {
  const res = await stack.gql(READ, { id, invoice: INVOICE });
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** Pays on the hosted page over plain HTTP (no browser), as a payer's form post would. */
async function payOnPage(url: string) {
  const res = await fetch(url, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '12/30', cc_cvv: '123', cc_holder_name: 'Dana Levi' }),
  });
  expect(res.status).toBe(303);
}

const callbackOf = (stack: TestStack) => stack.icount.sales().at(-1)!.ipn_url!;

describe('checkout in a browser', () => {
  it('createCheckout → the hosted page → errors on the page → paid → successUrl; the invoice is paid once and the checkout COMPLETED', async () => {
    const stack = await stacks();
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
