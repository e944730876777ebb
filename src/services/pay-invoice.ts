import type { GatewayContext } from '../context.js';
import { clientGlobalId, intKeyOf, toGlobalId } from '../domain/ids.js';
import { isLess } from '../domain/money.js';
import type { CardBrand, ChargeRecord, InvoiceRecord, PaymentRecord, PaymentTypeValue, UserErrorRecord } from '../domain/records.js';
import { UpstreamError } from '../errors.js';
import { parseCardInput, type CardInputShape } from '../validation/card-input.js';
import { problem } from '../validation/common.js';
import { validateMoney, type MoneyInputShape } from '../validation/money-input.js';
import { chargeCard } from './charge-card.js';
import { fingerprintOf } from './idempotency.js';
import type { JournalEntry } from './pay-invoice-journal.js';
import { recordPayment } from './record-payment.js';

export interface PayInvoiceArgs {
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

/** The FreshBooks payment type for a card brand; brands FreshBooks has no type for are `Credit Card`. */
const PAYMENT_TYPE_BY_BRAND: Partial<Record<CardBrand, PaymentTypeValue>> = {
  VISA: 'VISA', MASTERCARD: 'MASTERCARD', AMEX: 'AMEX', DINERS: 'DINERS', JCB: 'JCB', DISCOVER: 'DISCOVER',
};
export const paymentTypeFor = (brand: CardBrand): PaymentTypeValue => PAYMENT_TYPE_BY_BRAND[brand] ?? 'CREDIT_CARD';

const failed = (userErrors: UserErrorRecord[]): PayInvoiceResult => ({ charge: null, payment: null, pending: false, userErrors });

/**
 * Pays a FreshBooks invoice by card, exactly once per idempotency key: the key is claimed in the
 * journal before cc/bill, the charge is journaled before the payment is recorded, and a charged
 * but unrecorded payment is completed later (retry with the key, or the background recovery)
 * without charging again.
 */
export async function payInvoice(ctx: GatewayContext, key: string, args: PayInvoiceArgs): Promise<PayInvoiceResult> {
  const invoiceId = intKeyOf(args.invoiceId, 'Invoice');
  const card = parseCardInput(args.card, { allowToken: true, now: ctx.now() });
  const errors = [...card.errors, ...(args.amount ? validateMoney(args.amount) : [])];
  if (invoiceId === null) errors.push(problem('INVALID_INPUT', ['invoiceId'], 'Not an Invoice ID.'));
  if (errors.length || !card.source || invoiceId === null) return failed(errors);

  // The same fingerprint as every idempotent mutation: the input without card number, CVV or holder id.
  const fingerprint = fingerprintOf('payInvoice', args);
  const existing = await ctx.journal.get(key);
  if (existing) return resume(ctx, existing, fingerprint);

  const invoice = await ctx.freshbooks.invoiceById.load(invoiceId);
  if (!invoice) return failed([problem('NOT_FOUND', ['invoiceId'], 'No FreshBooks invoice has this ID.')]);
  const amount = amountToCharge(invoice, args.amount);
  if (!amount.ok) return failed(amount.errors);

  const entry: JournalEntry = {
    key, fingerprint, state: 'charging', invoiceId, invoiceNumber: invoice.number, amount: amount.value, currency: invoice.amount.currency,
    charge: null, payment: null, userErrors: [], attempts: 0, lastError: null, updatedAt: new Date().toISOString(),
  };
  if (!(await ctx.journal.claim(entry))) {
    const winner = await ctx.journal.get(key);
    return winner ? resume(ctx, winner, fingerprint) : failed([inProgress()]);
  }

  let charged;
  try {
    charged = await chargeCard(ctx, {
      amount: { amount: amount.value, currency: invoice.amount.currency },
      card: args.card,
      // The invoice's client, charged as its iCount twin (created and linked when missing).
      clientId: clientGlobalId('freshbooks', invoice.clientId),
      description: `FreshBooks invoice ${invoice.number}${args.test ? ' (test)' : ''}`,
      test: args.test ?? false,
    });
  } catch (err) {
    // Before cc/bill nothing moved: the key may be used again. After it, the outcome is unknown.
    if (err instanceof UpstreamError && err.method === 'cc/bill') await ctx.journal.save({ ...entry, state: 'charge_unknown', lastError: err.message });
    else await ctx.journal.release(key);
    throw err;
  }
  if (!charged.ok) {
    await ctx.journal.save({ ...entry, state: 'declined', userErrors: charged.errors });
    return failed(charged.errors);
  }
  const chargedEntry: JournalEntry = { ...entry, state: 'charged', charge: charged.value };
  await ctx.journal.save(chargedEntry);
  const done = await ctx.journal.withLock(key, () => completeCharged(ctx, chargedEntry));
  return resultOf(done ?? chargedEntry);
}

/** A key seen before: refuse another input, replay a final answer, or finish a pending payment. */
async function resume(ctx: GatewayContext, entry: JournalEntry, fingerprint: string): Promise<PayInvoiceResult> {
  if (entry.fingerprint !== fingerprint) {
    return failed([problem('IDEMPOTENCY_KEY_REUSED', ['idempotencyKey'], 'This idempotency key was used for a different payment.')]);
  }
  switch (entry.state) {
    case 'charging':
      return failed([inProgress()]);
    case 'charge_unknown':
      return failed([
        problem('IDEMPOTENCY_KEY_IN_PROGRESS', ['idempotencyKey'], `The charge for invoice ${entry.invoiceNumber} got no answer from iCount; check its charges before paying with a new key.`),
      ]);
    case 'charged': {
      const done = await ctx.journal.withLock(entry.key, () => completeCharged(ctx, entry));
      return resultOf(done ?? entry);
    }
    default:
      return resultOf(entry);
  }
}

/**
 * Records the FreshBooks payment of a charged entry. Called under the key's lock, by the request
 * and by the background recovery. A later attempt first looks for a payment an earlier attempt
 * recorded without hearing back (its notes carry the confirmation code), so the books get it once.
 */
export async function completeCharged(ctx: GatewayContext, stale: JournalEntry): Promise<JournalEntry> {
  const entry = (await ctx.journal.get(stale.key)) ?? stale;
  if (entry.state !== 'charged' || !entry.charge) return entry;
  const notes = paymentNotes(entry.charge);
  try {
    const recorded = entry.attempts > 0 ? await findRecorded(ctx, entry.invoiceId, notes) : null;
    const outcome = recorded
      ? { ok: true as const, value: recorded }
      : await recordPayment(ctx, {
          invoiceId: toGlobalId('Invoice', entry.invoiceId),
          amount: { amount: entry.amount, currency: entry.currency },
          type: paymentTypeFor(entry.charge.card.brand),
          notes,
        });
    if (outcome.ok) {
      const completed: JournalEntry = { ...entry, state: 'completed', payment: outcome.value, attempts: entry.attempts + 1, lastError: null };
      await ctx.journal.save(completed);
      return completed;
    }
    const failedEntry = { ...entry, attempts: entry.attempts + 1, lastError: outcome.errors.map((e) => e.message).join('; ') };
    await ctx.journal.save(failedEntry);
    ctx.logger.warn({ key: entry.key, invoice: entry.invoiceNumber, errors: outcome.errors }, 'payInvoice: charged, FreshBooks refused the payment; kept pending');
    return failedEntry;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const failedEntry = { ...entry, attempts: entry.attempts + 1, lastError: message };
    await ctx.journal.save(failedEntry);
    ctx.logger.warn({ key: entry.key, invoice: entry.invoiceNumber, err: message }, 'payInvoice: charged, recording the payment failed; kept pending');
    return failedEntry;
  }
}

function resultOf(entry: JournalEntry): PayInvoiceResult {
  return { charge: entry.charge, payment: entry.payment, pending: entry.state === 'charged', userErrors: entry.userErrors };
}

function inProgress(): UserErrorRecord {
  return problem('IDEMPOTENCY_KEY_IN_PROGRESS', ['idempotencyKey'], 'A payment with this idempotency key is in progress; retry shortly.');
}

function amountToCharge(invoice: InvoiceRecord, asked: MoneyInputShape | null | undefined) {
  const outstanding = invoice.outstanding.amount;
  if (!isLess('0', outstanding)) {
    return { ok: false as const, errors: [problem('INVOICE_ALREADY_PAID', ['invoiceId'], `Invoice ${invoice.number} has nothing left to pay.`)] };
  }
  if (!asked) return { ok: true as const, value: outstanding };
  if (asked.currency !== invoice.amount.currency) {
    return { ok: false as const, errors: [problem('INVALID_CURRENCY', ['amount', 'currency'], `Invoice ${invoice.number} is in ${invoice.amount.currency}.`)] };
  }
  if (isLess(outstanding, asked.amount)) {
    return { ok: false as const, errors: [problem('INVALID_AMOUNT', ['amount', 'amount'], `The amount is above the outstanding balance of ${outstanding} ${invoice.amount.currency}.`)] };
  }
  return { ok: true as const, value: asked.amount };
}

function paymentNotes(charge: ChargeRecord): string {
  const test = charge.test ? ' (TEST charge: no money moved)' : '';
  return `Paid by card ${charge.card.brand} ending ${charge.card.last4}; iCount confirmation ${charge.confirmationCode}${test}`;
}

async function findRecorded(ctx: GatewayContext, invoiceId: number, notes: string): Promise<PaymentRecord | null> {
  const page = await ctx.freshbooks.listPayments({ invoiceId }, 1, 100);
  return page.nodes.find((p) => p.notes === notes) ?? null;
}
