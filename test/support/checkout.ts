import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from '@jest/globals';
import { toGlobalId } from '../../src/domain/ids.js';
import { ICOUNT_TEST_CARDS } from '../../src/emulators/icount/index.js';
import type { TestStack } from './stack.js';

/** What checkout tests share: the merchant's site, createCheckout and a read of where it stands, a payment without a browser. */

export const INVOICE = toGlobalId('Invoice', 13); // 375.50 USD outstanding in the demo seed

export const CREATE = `mutation ($input: CreateCheckoutInput!) {
  createCheckout(input: $input) {
    checkout { id url status amount { amount currency } expiresAt invoice { number } }
    userErrors { code field message }
  }
}`;
export const READ = `query ($id: ID!, $invoice: ID!) {
  checkout(id: $id) { id status charge { confirmationCode amount { amount currency } } payment { freshbooksId amount { amount } notes } invoice { status outstanding { amount } } }
  payments(filter: { invoiceId: $invoice }) { nodes { freshbooksId notes } }
}`;

/** The payments checkouts recorded (the seed has others on the invoice). */
export const ours = (data: Record<string, any>) => (data.payments.nodes as { notes: string }[]).filter((p) => p.notes.includes('hosted page'));

/** The merchant's site on port 0: the success (`/thanks`) and cancel (`/cancel`) pages the payer lands on. */
export async function startShop(): Promise<{ url: string; close(): Promise<void> }> {
  const shop = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(`<!doctype html><title>shop</title><h1 id="landed">${req.url?.startsWith('/thanks') ? 'Thank you' : 'Cancelled'}</h1>`);
  });
  await new Promise<void>((r) => shop.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(shop.address() as AddressInfo).port}`, close: () => new Promise((r) => shop.close(() => r())) };
}

export async function createCheckout(stack: TestStack, shopUrl: string, key: string, extra: Record<string, unknown> = {}) {
  const res = await stack.gql(CREATE, { input: { idempotencyKey: key, invoiceId: INVOICE, successUrl: `${shopUrl}/thanks`, cancelUrl: `${shopUrl}/cancel`, ...extra } });
  expect(res.errors).toBeUndefined();
  return res.data!.createCheckout;
}

export async function readCheckout(stack: TestStack, id: string, invoice = INVOICE) {
  const res = await stack.gql(READ, { id, invoice });
  expect(res.errors).toBeUndefined();
  return res.data!;
}

/** Pays on the hosted page over plain HTTP (no browser), as a payer's form post would. */
export async function payOnPage(url: string) {
  const res = await fetch(url, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ cc_number: ICOUNT_TEST_CARDS.visa, cc_validity: '12/30', cc_cvv: '123', cc_holder_name: 'Dana Levi' }),
  });
  expect(res.status).toBe(303);
}

/** The URLs paygraph gave iCount for the newest sale. */
export const callbackOf = (stack: TestStack) => stack.icount.sales().at(-1)!.ipn_url!;
export const cancelOf = (stack: TestStack) => stack.icount.sales().at(-1)!.cancel_url!;
