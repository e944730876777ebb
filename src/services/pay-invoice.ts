import type { GatewayContext } from '../context.js';
import { clientGlobalId, intKeyOf, toGlobalId } from '../domain/ids.js';
import type { CardBrand, ChargeRecord, PaymentRecord, PaymentTypeValue, UserErrorRecord } from '../domain/records.js';
import { StoreUnavailableError } from '../errors.js';
import type { LedgerEntry } from '../ledger/index.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { problem, validIdempotencyKey } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { chargeWithin } from './charge-card.js';
import { exactlyOnce, LostRaceError, WriteAhead, type Recovery } from './exactly-once.js';
import { payableInvoice } from './invoice-amount.js';
import { recordWithin } from './record-payment.js';
import { findCharge, findPayment } from './write-lookups.js';

export interface PayInvoiceArgs {
  idempotencyKey: string;
  invoiceId: string;
  card: CardInputShape;
  amount?: MoneyInputShape | null;
  test?: boolean | null;
}

export interface PayInvoiceResult {
  charge: ChargeRecord | null;
  payment: PaymentRecord | null;
  pending: boolean;
  userErrors: UserErrorRecord[];
}

/** What a payInvoice row keeps between its two writes (never card data: a charge has brand and last 4). */
interface PayInvoiceData {
  invoiceId: number;
  invoiceNumber: string;
  clientId: number;
  amount: string;
  currency: string;
  charge?: ChargeRecord;
}

/** The FreshBooks payment type for a card brand; brands FreshBooks has no type for are `Credit Card`. */
const PAYMENT_TYPE_BY_BRAND: Partial<Record<CardBrand, PaymentTypeValue>> = {
  VISA: 'VISA', MASTERCARD: 'MASTERCARD', AMEX: 'AMEX', DINERS: 'DINERS', JCB: 'JCB', DISCOVER: 'DISCOVER',
};
export const paymentTypeFor = (brand: CardBrand): PaymentTypeValue => PAYMENT_TYPE_BY_BRAND[brand] ?? 'CREDIT_CARD';

const failed = (userErrors: UserErrorRecord[]): PayInvoiceResult => ({ charge: null, payment: null, pending: false, userErrors });
const pendingWith = (charge: ChargeRecord): PayInvoiceResult => ({ charge, payment: null, pending: true, userErrors: [] });

/**
 * payInvoice rows have two writes: `charge` (cc/bill) then `record` (payment.create). Either one of
 * unknown outcome is found by its marker; a charge found makes the row PENDING, a payment found
 * settles it. A charge that did not happen frees the key and the invoice; a recording that did
 * not happen leaves the row PENDING, to be recorded again.
 */
export const PAY_INVOICE_RECOVERY: Recovery<PayInvoiceResult> = {
  operation: 'payInvoice',
  refuse: failed,
  lookup: (ctx, entry) => (entry.step === 'record' ? findPayment(ctx, entry) : findCharge(ctx, entry)),
  found: async (_ctx, entry, value) => {
    const data = entry.data as unknown as PayInvoiceData;
    if (entry.step !== 'record') return { state: 'PENDING', step: null, data: { ...entry.data, charge: value } };
    return { state: 'SUCCEEDED', step: null, invoiceLock: null, result: { charge: data.charge!, payment: value as PaymentRecord, pending: false, userErrors: [] } };
  },
  stateBefore: (step) => (step === 'record' ? 'PENDING' : 'NOT_APPLIED'),
  finish: (ctx, entry) => recordCharged(ctx, new WriteAhead(ctx, entry, PAY_INVOICE_RECOVERY.stateBefore)),
};

/**
 * Pays a FreshBooks invoice by card, exactly once per idempotency key, and one payment at a time
 * per invoice: the row holds the invoice until it settles, so a charged but unrecorded amount can
 * never be charged again by another key. Charged and not yet recorded is PENDING: recorded later
 * by a retry with the key or by the reconciler, never charged again.
 */
export function payInvoice(ctx: GatewayContext, args: PayInvoiceArgs): Promise<PayInvoiceResult> {
  const invoiceId = intKeyOf(args.invoiceId, 'Invoice');
  const card = parseCardInput(args.card, { allowToken: true, now: ctx.now() });
  const keyProblem = validIdempotencyKey(args.idempotencyKey);
  const errors = [...(keyProblem ? [keyProblem] : []), ...card.errors, ...(args.amount ? validateMoney(args.amount) : [])];
  if (invoiceId === null) errors.push(problem('INVALID_INPUT', ['invoiceId'], 'Not an Invoice ID.'));
  if (args.test && !ctx.demo) {
    errors.push(problem('INVALID_INPUT', ['test'], 'Test charges move no money, so they are never recorded in real FreshBooks books: use chargeCard with test: true to try a card.'));
  }
  if (errors.length || !card.source || invoiceId === null) return Promise.resolve(failed(errors));

  return exactlyOnce(ctx, PAY_INVOICE_RECOVERY, {
    key: args.idempotencyKey,
    input: args,
    invoiceLock: String(invoiceId),
    refused: (result) => result.charge === null,
    run: (writes) => chargeAndRecord(ctx, args, invoiceId, writes),
  });
}

async function chargeAndRecord(ctx: GatewayContext, args: PayInvoiceArgs, invoiceId: number, writes: WriteAhead): Promise<PayInvoiceResult> {
  const payable = await payableInvoice(ctx, invoiceId, args.amount);
  if (!payable.ok) return failed(payable.errors);
  const { invoice, amount } = payable.value;

  const data: PayInvoiceData = { invoiceId, invoiceNumber: invoice.number, clientId: invoice.clientId, amount, currency: invoice.amount.currency };
  await writes.progress({ data: { ...data } });
  const charged = await chargeWithin(
    ctx,
    {
      amount: { amount, currency: invoice.amount.currency },
      card: args.card,
      // The invoice's client, charged as its iCount twin (created and linked when missing).
      clientId: clientGlobalId('freshbooks', invoice.clientId),
      description: `FreshBooks invoice ${invoice.number}${args.test ? ' (test)' : ''}`,
      test: args.test ?? false,
    },
    writes,
    'charge',
  );
  if (!charged.ok) return failed(charged.errors);
  await writes.progress({ state: 'PENDING', step: null, data: { ...writes.entry.data, charge: charged.value } });
  return recordCharged(ctx, writes);
}

/**
 * Records the FreshBooks payment of a PENDING row: by the request that charged, a retry with the
 * key, or the reconciler. Whoever moves the row to SENDING first records; the others answer
 * "pending". A failure leaves the row PENDING (or UNKNOWN, looked up before any new attempt).
 */
async function recordCharged(ctx: GatewayContext, writes: WriteAhead): Promise<PayInvoiceResult> {
  const data = writes.entry.data as unknown as PayInvoiceData;
  const charge = data.charge!;
  try {
    const recorded = await recordWithin(
      ctx,
      {
        invoiceId: toGlobalId('Invoice', data.invoiceId),
        amount: { amount: data.amount, currency: data.currency },
        type: paymentTypeFor(charge.card.brand),
        notes: paymentNotes(charge),
      },
      writes,
      'record',
    );
    if (recorded.ok) {
      const result: PayInvoiceResult = { charge, payment: recorded.value, pending: false, userErrors: [] };
      await writes.settle('SUCCEEDED', result);
      return result;
    }
    const why = recorded.errors.map((e) => e.message).join('; ');
    await writes.progress({ state: 'PENDING', step: null, lastError: why });
    ctx.logger.warn({ entry: writes.entry.id, invoice: data.invoiceNumber, errors: recorded.errors }, 'payInvoice: charged, FreshBooks refused the payment; kept pending');
  } catch (err) {
    if (err instanceof LostRaceError) return pendingWith(charge);
    if (err instanceof StoreUnavailableError) throw err;
    ctx.logger.warn({ entry: writes.entry.id, invoice: data.invoiceNumber, err: err instanceof Error ? err.message : String(err) }, 'payInvoice: charged, recording the payment failed; kept pending');
  }
  return pendingWith(charge);
}

export function paymentNotes(charge: ChargeRecord): string {
  const test = charge.test ? ' (TEST charge: no money moved)' : '';
  return `Paid by card ${charge.card.brand} ending ${charge.card.last4}; iCount confirmation ${charge.confirmationCode}${test}`;
}

/** The payInvoice result a ledger row stands for (ledgerEntry's view). */
export function payInvoiceResultOf(entry: LedgerEntry): PayInvoiceResult | null {
  if (entry.result) return entry.result as PayInvoiceResult;
  const charge = (entry.data as unknown as PayInvoiceData).charge;
  return charge ? pendingWith(charge) : null;
}
