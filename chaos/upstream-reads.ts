/**
 * The emulators' own books, read over their public APIs (not through a gateway, whose caches could
 * be behind): FreshBooks payments and invoices, iCount card transactions. Amounts in cents.
 */
import { buildRequest, parseResponse } from '../src/datasources/freshbooks/xml.js';
import type { FreshbooksMethod } from '../src/datasources/freshbooks/methods.js';
import { textOf } from '../src/datasources/freshbooks/wire.js';
import { FRESHBOOKS_DEMO_TOKEN, FRESHBOOKS_PATH } from '../src/emulators/freshbooks/index.js';
import { ICOUNT_DEMO_CREDENTIALS, ICOUNT_PATH } from '../src/emulators/icount/index.js';
import type { Emulator } from './processes.js';
import { cents } from './refund-traffic.js';

async function freshbooks(emulator: Emulator, method: FreshbooksMethod, params: Record<string, string>) {
  const res = await fetch(`${emulator.url}${FRESHBOOKS_PATH}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${FRESHBOOKS_DEMO_TOKEN}:X`).toString('base64')}`, 'content-type': 'application/xml' },
    body: buildRequest(method, params),
    signal: AbortSignal.timeout(10_000),
  });
  return parseResponse(method, await res.text());
}

/** A FreshBooks payment's amount now; null when it no longer exists (deleted). */
export async function paymentAmount(emulator: Emulator, paymentId: number): Promise<bigint | null> {
  const reply = await freshbooks(emulator, 'payment.get', { payment_id: String(paymentId) });
  if (reply.status === 'fail') return null;
  const payment = reply.response.payment as Record<string, unknown> | undefined;
  return cents(textOf(payment?.amount) ?? '0');
}

/** A FreshBooks invoice's outstanding balance now. */
export async function invoiceOutstanding(emulator: Emulator, invoiceId: number): Promise<bigint> {
  const reply = await freshbooks(emulator, 'invoice.get', { invoice_id: String(invoiceId) });
  if (reply.status === 'fail') throw new Error(`invoice.get ${invoiceId}: ${JSON.stringify(reply.failures)}`);
  const invoice = reply.response.invoice as Record<string, unknown> | undefined;
  const text = textOf(invoice?.amount_outstanding);
  if (text === undefined) throw new Error(`invoice.get ${invoiceId}: no amount_outstanding`);
  return cents(text);
}

export interface CardTransaction {
  billLogId: number;
  sum: bigint;
  /** iCount's `refunded`: the amount refunded so far. */
  refunded: bigint;
}

/** The iCount card transaction with this confirmation code (`cc/transactions`), or null. */
export async function cardTransaction(emulator: Emulator, confirmationCode: string): Promise<CardTransaction | null> {
  const res = await fetch(`${emulator.url}${ICOUNT_PATH}/cc/transactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...ICOUNT_DEMO_CREDENTIALS, confirmation_code: confirmationCode }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { status: boolean; results_list?: { cc_bill_log_id: string; cctotal: string; refunded: string }[] };
  const tx = body.status ? body.results_list?.[0] : undefined;
  return tx ? { billLogId: Number(tx.cc_bill_log_id), sum: cents(tx.cctotal), refunded: cents(tx.refunded) } : null;
}
